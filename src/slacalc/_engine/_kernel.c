/*
 * slacalc._engine._kernel: the engine's innermost loops in C.
 *
 * The pure-Python engine (slacalc/_engine, slacalc/calendar) is the reference;
 * every function here answers exactly what the Python path answers, or returns
 * None to say "take the Python path" (a chunk not compiled yet, an answer in
 * another compiled year, an input that is not an aware datetime, a value that
 * does not fit in int64, any exception raised by a tzinfo). The caller then runs
 * the Python path, which compiles what is missing or raises the fitting slacalc
 * error. So the kernel never decides an error and never holds state: every
 * call gets what it needs as arguments and keeps nothing.
 *
 * Instants are int64 microseconds of UTC since 1970-01-01 (about +-3.2e17 over
 * datetime's range, far inside int64); all arithmetic is integer and checked.
 *
 * A compiled chunk (slacalc._engine.timeline.Chunk) carries ``packed``: bytes of
 * native int64 laid out as starts[n], ends[n], acc[n + 1], where acc[i] is the
 * covered time before interval i and acc[n] the chunk's total, then the offsets of
 * the calendar's zone over the chunk's span: zlo[m], zoff[m], m (zlo[0] is the
 * span's start, each later zlo[i] a change of offset to zoff[i]; m is 0 when the
 * zone is not an exact ZoneInfo or datetime.timezone). The scalar functions take
 * the calendar's dict {k: Chunk} and look the chunk up; readings in the calendar's
 * own zone are converted with those offsets, exactly as zoneinfo converts them,
 * and every other reading through its tzinfo's utcoffset and fromutc.
 *
 * The bulk functions take int64 buffers (NumPy arrays via the buffer protocol)
 * of the merged intervals of consecutive chunks and of the rows, and search
 * them through a bucket index built for the call and freed before it returns.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <datetime.h>
#include <structmember.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define US_SECOND 1000000LL
#define US_MINUTE (60LL * US_SECOND)
#define US_HOUR (60LL * US_MINUTE)
#define US_DAY (24LL * US_HOUR)
#define SPAN (365LL * US_DAY) /* slacalc._engine.timeline.SPAN */

/* Interned attribute names (immortal strings, set once at module init). */
static PyObject *str_packed, *str_utcoffset, *str_fromutc;

/* ---- integer helpers ---------------------------------------------------------- */

static inline int64_t floordiv(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
    y -= m <= 2;
    int64_t era = floordiv(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d) {
    z += 719468;
    int64_t era = floordiv(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

/* Number of keys[0..n) <= t (right) or < t (left): bisect over a sorted array. */
static inline Py_ssize_t bisect(const int64_t *keys, Py_ssize_t n, int64_t t, int right) {
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (right ? keys[mid] <= t : keys[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---- datetime <-> microseconds -------------------------------------------------- */

/* A timedelta as microseconds; 0 when it is not one or does not fit in int64. */
static int delta_us(PyObject *td, int64_t *out) {
    if (!PyDelta_Check(td))
        return 0;
    int64_t r;
    if (__builtin_mul_overflow((int64_t)PyDateTime_DELTA_GET_DAYS(td), US_DAY, &r) ||
        __builtin_add_overflow(r, (int64_t)PyDateTime_DELTA_GET_SECONDS(td) * US_SECOND, &r) ||
        __builtin_add_overflow(r, (int64_t)PyDateTime_DELTA_GET_MICROSECONDS(td), &r))
        return 0;
    *out = r;
    return 1;
}

/*
 * An aware datetime (or subclass) as UTC microseconds, as ``(dt - EPOCH) // ONE_US``
 * computes it: the wall reading minus ``tzinfo.utcoffset(dt)`` (no call when the
 * tzinfo is datetime.UTC itself, like datetime's own subtraction). 0 (no exception
 * left set) for anything else: naive, not a datetime, an offset datetime refuses.
 */
static inline int64_t wall_us(PyObject *dt) {
    int64_t days = days_from_civil(PyDateTime_GET_YEAR(dt), PyDateTime_GET_MONTH(dt),
                                   PyDateTime_GET_DAY(dt));
    return days * US_DAY + PyDateTime_DATE_GET_HOUR(dt) * US_HOUR +
           PyDateTime_DATE_GET_MINUTE(dt) * US_MINUTE +
           PyDateTime_DATE_GET_SECOND(dt) * US_SECOND + PyDateTime_DATE_GET_MICROSECOND(dt);
}

static int dt_us(PyObject *dt, int64_t *out) {
    if (!PyDateTime_Check(dt))
        return 0;
    PyObject *tz = PyDateTime_DATE_GET_TZINFO(dt);
    if (tz == Py_None)
        return 0;
    int64_t off = 0;
    if (tz != PyDateTime_TimeZone_UTC) {
        PyObject *td = PyObject_CallMethodOneArg(tz, str_utcoffset, dt);
        if (td == NULL) {
            PyErr_Clear();
            return 0;
        }
        int ok = PyDelta_Check(td) && delta_us(td, &off) && off > -US_DAY && off < US_DAY;
        Py_DECREF(td);
        if (!ok)
            return 0;
    }
    *out = wall_us(dt) - off;
    return 1;
}

/* A wall reading (microseconds from local 1970-01-01) as a datetime in tz with fold,
   NULL with no exception set outside datetime's range. */
static PyObject *wall_dt(int64_t wall, PyObject *tz, int fold) {
    int64_t days = floordiv(wall, US_DAY);
    int64_t rem = wall - days * US_DAY;
    int y, m, d;
    if (days < -719162 || days > 2932896) /* 0001-01-01 .. 9999-12-31 */
        return NULL;
    civil_from_days(days, &y, &m, &d);
    PyObject *res = PyDateTimeAPI->DateTime_FromDateAndTimeAndFold(
        y, m, d, (int)(rem / US_HOUR), (int)(rem / US_MINUTE % 60),
        (int)(rem / US_SECOND % 60), (int)(rem % US_SECOND), tz, fold,
        PyDateTimeAPI->DateTimeType);
    if (res == NULL)
        PyErr_Clear();
    return res;
}

/*
 * UTC microseconds as an aware datetime in ``tz``, as
 * ``(EPOCH + timedelta(microseconds=us)).astimezone(tz)``: a UTC reading with
 * tzinfo=tz handed to ``tz.fromutc`` (so folds come out right). NULL with no
 * exception set when the answer is outside datetime's range or tz fails.
 */
static PyObject *us_dt(int64_t us, PyObject *tz) {
    PyObject *utc = wall_dt(us, tz, 0);
    if (utc == NULL)
        return NULL;
    if (tz == PyDateTime_TimeZone_UTC) /* astimezone returns the UTC datetime itself */
        return utc;
    PyObject *res = PyObject_CallMethodOneArg(tz, str_fromutc, utc);
    Py_DECREF(utc);
    if (res == NULL)
        PyErr_Clear();
    return res;
}

/* ---- compiled chunks -------------------------------------------------------------- */

typedef struct {
    const int64_t *s, *e, *acc;
    Py_ssize_t n;
    int64_t total;
    const int64_t *zlo, *zoff; /* the zone's offsets over the span (see the top) */
    Py_ssize_t m;
    int64_t lo, hi; /* the span, [k * SPAN, (k + 1) * SPAN) */
} chunk_t;

/* Chunk k of the calendar's dict: 1 when found, 0 when not compiled yet (or on error). */
static int get_chunk(PyObject *chunks, int64_t k, chunk_t *ch) {
    if (!PyDict_Check(chunks))
        return 0;
    PyObject *key = PyLong_FromLongLong(k);
    if (key == NULL) {
        PyErr_Clear();
        return 0;
    }
    PyObject *obj = PyDict_GetItemWithError(chunks, key); /* borrowed */
    Py_DECREF(key);
    if (obj == NULL) {
        PyErr_Clear();
        return 0;
    }
    PyObject *packed = PyObject_GetAttr(obj, str_packed);
    if (packed == NULL) {
        PyErr_Clear();
        return 0;
    }
    /* The dict holds the chunk and the chunk its bytes: borrowing is safe for the call. */
    Py_DECREF(packed);
    if (!PyBytes_Check(packed))
        return 0;
    Py_ssize_t words = PyBytes_GET_SIZE(packed) / 8;
    if (words < 2 || PyBytes_GET_SIZE(packed) % 8)
        return 0;
    const int64_t *w = (const int64_t *)PyBytes_AS_STRING(packed);
    int64_t m = w[words - 1];
    if (m < 0 || m > (words - 2) / 2)
        return 0;
    Py_ssize_t cover = words - 1 - 2 * (Py_ssize_t)m;
    if (cover % 3 != 1)
        return 0;
    ch->n = (cover - 1) / 3;
    ch->s = w;
    ch->e = w + ch->n;
    ch->acc = w + 2 * ch->n;
    ch->total = ch->acc[ch->n];
    ch->m = (Py_ssize_t)m;
    ch->zlo = w + cover;
    ch->zoff = w + cover + m;
    ch->lo = k * SPAN;
    ch->hi = ch->lo + SPAN;
    return 1;
}

/*
 * The calendar's own zone, from the chunk's offsets, as zoneinfo computes it. Both
 * work only well inside the span (a day from its edges, where no change of offset
 * outside it can matter: offsets are under a day) and answer 0 / NULL otherwise.
 *
 * The offset of a wall reading (zoneinfo's utcoffset): a change at UTC instant T
 * from offset a to b has passed for fold 0 once the reading reaches
 * T + max(a, b), for fold 1 once it reaches T + min(a, b) (PEP 495: in a gap fold 0
 * takes the offset before, in a fold the first of the two readings).
 */
static int zone_offset(const chunk_t *ch, int64_t wall, int fold, int64_t *off) {
    if (ch->m < 1 || wall < ch->lo + US_DAY || wall >= ch->hi - US_DAY)
        return 0;
    int64_t o = ch->zoff[0];
    for (Py_ssize_t i = 1; i < ch->m; i++) {
        int64_t a = ch->zoff[i - 1], b = ch->zoff[i];
        int64_t hi = a > b ? a : b, lo = a > b ? b : a;
        if (wall >= ch->zlo[i] + (fold ? lo : hi))
            o = b;
    }
    *off = o;
    return 1;
}

/* UTC microseconds as the datetime in the zone (zoneinfo's fromutc): fold 1 on the
   second pass through readings an offset's fall repeats. NULL: not answered here. */
static PyObject *zone_dt(const chunk_t *ch, int64_t u, PyObject *tz) {
    if (ch->m < 1 || u < ch->lo + US_DAY || u >= ch->hi)
        return NULL;
    Py_ssize_t i = bisect(ch->zlo, ch->m, u, 1) - 1;
    if (i < 0)
        return NULL;
    int64_t off = ch->zoff[i];
    int fold = i > 0 && ch->zoff[i - 1] > off && u - ch->zlo[i] < ch->zoff[i - 1] - off;
    return wall_dt(u + off, tz, fold);
}

/* Whether ``dt`` (a datetime) is read in ``zone``, the calendar's zone (NULL: none). */
static inline int in_zone(PyObject *zone, PyObject *dt) {
    return zone != NULL && PyDateTime_DATE_GET_TZINFO(dt) == zone;
}

/* An aware datetime as UTC microseconds. A reading in the calendar's zone is converted
   with the offsets of the chunk it falls in, which is then given too (*found 1);
   any other through its tzinfo, the chunk left to the caller (*found 0). */
static int aware_us(PyObject *zone, PyObject *chunks, PyObject *dt, int64_t *out,
                    chunk_t *ch, int *found) {
    *found = 0;
    if (!PyDateTime_Check(dt))
        return 0;
    if (in_zone(zone, dt)) {
        int64_t wall = wall_us(dt), off;
        if (get_chunk(chunks, floordiv(wall, SPAN), ch) &&
            zone_offset(ch, wall, PyDateTime_DATE_GET_FOLD(dt), &off)) {
            *out = wall - off; /* in the same span: the reading is a day inside it */
            *found = 1;
            return 1;
        }
    }
    return dt_us(dt, out);
}

/* UTC microseconds in the tzinfo of ``like``: the chunk's offsets when that is the
   calendar's zone and the instant lies in the chunk's span, else its fromutc. */
static PyObject *aware_dt(PyObject *zone, const chunk_t *ch, int64_t u, PyObject *like) {
    PyObject *tz = PyDateTime_DATE_GET_TZINFO(like);
    if (in_zone(zone, like)) {
        PyObject *res = zone_dt(ch, u, tz);
        if (res != NULL)
            return res;
    }
    return us_dt(u, tz);
}

/* Chunk.covered_before: covered time in [lo, t) for t inside the chunk. */
static inline int64_t covered_before(const chunk_t *ch, int64_t t) {
    Py_ssize_t i = bisect(ch->s, ch->n, t, 1) - 1;
    if (i < 0)
        return 0;
    int64_t e = ch->e[i];
    return ch->acc[i] + (t < e ? t : e) - ch->s[i];
}

/* ---- scalar calls --------------------------------------------------------------------- */

/*
 * The scalar answers. Each returns a new reference, or NULL with no exception set
 * for "not the kernel's case: the pure path answers".
 */

/* Calendar.add's same-year answer (landing "close"). ``zone`` is the calendar's zone
   (readings in it are converted with the chunk's offsets) or NULL. */
static PyObject *add_same_year(PyObject *zone, PyObject *chunks, PyObject *start,
                               PyObject *duration) {
    int64_t a, d, need;
    chunk_t ch;
    int found;
    if (!delta_us(duration, &d) || d <= 0 || !aware_us(zone, chunks, start, &a, &ch, &found) ||
        (!found && !get_chunk(chunks, floordiv(a, SPAN), &ch)))
        return NULL;
    if (__builtin_add_overflow(covered_before(&ch, a), d, &need) || need > ch.total)
        return NULL;
    /* bisect_left(acc, need, 1) - 1 */
    Py_ssize_t j = bisect(ch.acc + 1, ch.n, need, 0);
    return aware_dt(zone, &ch, ch.s[j] + need - ch.acc[j], start);
}

/* Calendar.subtract's same-year answer. */
static PyObject *subtract_same_year(PyObject *zone, PyObject *chunks, PyObject *end,
                                    PyObject *duration) {
    int64_t b, d;
    chunk_t ch;
    int found;
    if (!delta_us(duration, &d) || d <= 0 || !aware_us(zone, chunks, end, &b, &ch, &found) ||
        (!found && !get_chunk(chunks, floordiv(b, SPAN), &ch)))
        return NULL;
    int64_t need = covered_before(&ch, b) - d; /* both >= 0: no overflow */
    if (need < 0)
        return NULL;
    Py_ssize_t j = bisect(ch.acc, ch.n + 1, need, 1) - 1; /* bisect_right(acc, need) - 1 */
    return aware_dt(zone, &ch, ch.s[j] + need - ch.acc[j], end);
}

/* Calendar.elapsed, over as many compiled years as it spans. */
static PyObject *elapsed_compiled(PyObject *zone, PyObject *chunks, PyObject *start,
                                  PyObject *end) {
    int64_t a, b;
    chunk_t ch, ch_b;
    int found_a, found_b;
    if (!aware_us(zone, chunks, start, &a, &ch, &found_a) ||
        !aware_us(zone, chunks, end, &b, &ch_b, &found_b))
        return NULL;
    int neg = b < a;
    int64_t lo = neg ? b : a, hi = neg ? a : b;
    int64_t klo = floordiv(lo, SPAN), khi = floordiv(hi, SPAN), total;
    /* The chunk of lo, if read and still safe to use: the end's, or the start's when the
       end was converted through the chunk too (a tzinfo call in between could have
       dropped it). */
    if (neg && found_b)
        ch = ch_b;
    else if (neg || !found_a || !found_b)
        if (!get_chunk(chunks, klo, &ch))
            return NULL;
    if (klo == khi) {
        total = covered_before(&ch, hi) - covered_before(&ch, lo);
    } else {
        total = ch.total - covered_before(&ch, lo);
        for (int64_t k = klo + 1; k <= khi; k++) {
            if (!get_chunk(chunks, k, &ch))
                return NULL;
            total += k < khi ? ch.total : covered_before(&ch, hi);
        }
    }
    if (neg)
        total = -total;
    int64_t days = floordiv(total, US_DAY), rem = total - days * US_DAY;
    PyObject *res = PyDelta_FromDSU((int)days, (int)(rem / US_SECOND), (int)(rem % US_SECOND));
    if (res == NULL)
        PyErr_Clear();
    return res;
}

typedef PyObject *(*answer_fn)(PyObject *, PyObject *, PyObject *, PyObject *);

static PyObject *none_when_null(PyObject *res) {
    if (res == NULL)
        Py_RETURN_NONE;
    return res;
}

/* add(chunks, start, duration), subtract(chunks, end, duration),
   elapsed(chunks, start, end): the answers above, None for "not the kernel's case". */
static PyObject *k_add(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3)
        return PyErr_Format(PyExc_TypeError, "add() takes 3 arguments");
    return none_when_null(add_same_year(NULL, args[0], args[1], args[2]));
}

static PyObject *k_subtract(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3)
        return PyErr_Format(PyExc_TypeError, "subtract() takes 3 arguments");
    return none_when_null(subtract_same_year(NULL, args[0], args[1], args[2]));
}

static PyObject *k_elapsed(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3)
        return PyErr_Format(PyExc_TypeError, "elapsed() takes 3 arguments");
    return none_when_null(elapsed_compiled(NULL, args[0], args[1], args[2]));
}

/*
 * front(name, pure): Calendar.add / subtract / elapsed as a C method in front of the
 * pure-Python method ``pure``. A call ``cal.add(start, duration)`` (or with
 * ``landing="close"``) reads the calendar's ``_kernel_view``, a tuple of its compiled
 * chunks, its zone, and whether its horizon covers a compiled year (add and subtract
 * need it, as the pure path's own same-year shortcut does), and answers when the
 * kernel can; every other call,
 * including every error, is handed unchanged to ``pure``. The front saves the cost
 * of a Python-level method call around the kernel. Its ``__doc__``, ``__name__``,
 * ``__module__`` and ``__wrapped__`` are the pure method's, so help(), inspect and
 * doctest see the documented method.
 */
typedef struct {
    PyObject_HEAD
    PyObject *pure;
    answer_fn answer;
    int needs_horizon; /* add, subtract: the horizon must cover a compiled year */
    int takes_landing; /* add: landing="close" keeps the fast path */
    vectorcallfunc vectorcall;
} front_t;

static PyObject *str_view, *str_landing, *str_close;

static PyObject *front_fast(front_t *f, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
    if (PyVectorcall_NARGS(nargsf) != 3)
        return NULL;
    if (kwnames != NULL && PyTuple_GET_SIZE(kwnames) > 0) {
        /* only landing="close" (the default) keeps the fast path */
        if (!f->takes_landing || PyTuple_GET_SIZE(kwnames) != 1)
            return NULL;
        PyObject *name = PyTuple_GET_ITEM(kwnames, 0), *value = args[3];
        if (!PyUnicode_Check(name) || PyUnicode_Compare(name, str_landing) != 0 ||
            !PyUnicode_CheckExact(value) || PyUnicode_Compare(value, str_close) != 0) {
            PyErr_Clear();
            return NULL;
        }
    }
    /* The calendar's _kernel_view: (chunks, zone, horizon covers a compiled year), read
       before any chunk is looked up (reading an attribute may run Python code). */
    PyObject *view = PyObject_GetAttr(args[0], str_view);
    if (view == NULL) {
        PyErr_Clear();
        return NULL;
    }
    PyObject *res = NULL;
    if (PyTuple_CheckExact(view) && PyTuple_GET_SIZE(view) == 3 &&
        (!f->needs_horizon || PyTuple_GET_ITEM(view, 2) == Py_True)) {
        PyObject *zone = PyTuple_GET_ITEM(view, 1); /* the tuple holds both */
        if (zone == Py_None || zone == PyDateTime_TimeZone_UTC)
            zone = NULL; /* UTC readings take the plain conversion */
        res = f->answer(zone, PyTuple_GET_ITEM(view, 0), args[1], args[2]);
    }
    Py_DECREF(view);
    return res;
}

static PyObject *front_call(PyObject *op, PyObject *const *args, size_t nargsf,
                            PyObject *kwnames) {
    front_t *f = (front_t *)op;
    PyObject *res = front_fast(f, args, nargsf, kwnames);
    if (res != NULL)
        return res;
    return PyObject_Vectorcall(f->pure, args, nargsf, kwnames);
}

static PyObject *front_get(PyObject *op, PyObject *obj, PyObject *type) {
    if (obj == NULL || obj == Py_None)
        return Py_NewRef(op);
    return PyMethod_New(op, obj);
}

static PyObject *front_getattro(PyObject *op, PyObject *name) {
    /* __doc__, __name__, __qualname__, __module__, __signature__...: the pure method's */
    PyObject *res = PyObject_GenericGetAttr(op, name);
    if (res != NULL || !PyErr_ExceptionMatches(PyExc_AttributeError))
        return res;
    PyErr_Clear();
    return PyObject_GetAttr(((front_t *)op)->pure, name);
}

static PyObject *front_doc(PyObject *op, void *closure) {
    return PyObject_GetAttrString(((front_t *)op)->pure, "__doc__");
}

static PyObject *front_repr(PyObject *op) {
    return PyUnicode_FromFormat("<compiled front of %R>", ((front_t *)op)->pure);
}

static int front_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(((front_t *)op)->pure);
    return 0;
}

static int front_clear(PyObject *op) {
    Py_CLEAR(((front_t *)op)->pure);
    return 0;
}

static void front_dealloc(PyObject *op) {
    PyObject_GC_UnTrack(op);
    front_clear(op);
    Py_TYPE(op)->tp_free(op);
}

static PyMemberDef front_members[] = {
    {"__wrapped__", T_OBJECT, offsetof(front_t, pure), READONLY, "the pure-Python method"},
    {NULL, 0, 0, 0, NULL},
};

static PyGetSetDef front_getset[] = {
    {"__doc__", front_doc, NULL, "the pure method's docstring", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject FrontType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "slacalc._engine._kernel.Front",
    .tp_basicsize = sizeof(front_t),
    .tp_dealloc = front_dealloc,
    .tp_vectorcall_offset = offsetof(front_t, vectorcall),
    .tp_call = PyVectorcall_Call,
    .tp_repr = front_repr,
    .tp_getattro = front_getattro,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL |
                Py_TPFLAGS_METHOD_DESCRIPTOR,
    .tp_traverse = front_traverse,
    .tp_clear = front_clear,
    .tp_members = front_members,
    .tp_getset = front_getset,
    .tp_descr_get = front_get,
};

static PyObject *k_front(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyCallable_Check(args[1]))
        return PyErr_Format(PyExc_TypeError, "front(name, pure) takes a name and a callable");
    answer_fn answer;
    int horizon = 1, landing = 0;
    if (PyUnicode_CompareWithASCIIString(args[0], "add") == 0) {
        answer = add_same_year;
        landing = 1;
    } else if (PyUnicode_CompareWithASCIIString(args[0], "subtract") == 0) {
        answer = subtract_same_year;
    } else if (PyUnicode_CompareWithASCIIString(args[0], "elapsed") == 0) {
        answer = elapsed_compiled;
        horizon = 0;
    } else {
        return PyErr_Format(PyExc_ValueError, "front(): no compiled %R", args[0]);
    }
    front_t *f = PyObject_GC_New(front_t, &FrontType);
    if (f == NULL)
        return NULL;
    f->pure = Py_NewRef(args[1]);
    f->answer = answer;
    f->needs_horizon = horizon;
    f->takes_landing = landing;
    f->vectorcall = front_call;
    PyObject_GC_Track((PyObject *)f);
    return (PyObject *)f;
}

/* next_open(chunks, instant, horizon_us): the instant itself when covered, else the
   next opening in the same compiled year when within the horizon. */
static PyObject *k_next_open(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    int64_t u, limit;
    long long horizon;
    chunk_t ch;
    if (nargs != 3)
        return PyErr_Format(PyExc_TypeError, "next_open() takes 3 arguments");
    horizon = PyLong_AsLongLong(args[2]);
    if (horizon == -1 && PyErr_Occurred())
        return NULL;
    if (!dt_us(args[1], &u) || !get_chunk(args[0], floordiv(u, SPAN), &ch))
        Py_RETURN_NONE;
    Py_ssize_t i = bisect(ch.s, ch.n, u, 1) - 1;
    if (i >= 0 && u < ch.e[i])
        return Py_NewRef(args[1]);
    if (i + 1 >= ch.n || __builtin_add_overflow(u, (int64_t)horizon, &limit) ||
        ch.s[i + 1] > limit)
        Py_RETURN_NONE;
    PyObject *res = us_dt(ch.s[i + 1], PyDateTime_DATE_GET_TZINFO(args[1]));
    if (res == NULL)
        Py_RETURN_NONE;
    return res;
}

/* next_close(chunks, instant, horizon_us): the instant itself when uncovered, else the
   end of its period when that ends inside the compiled year and within the horizon. */
static PyObject *k_next_close(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    int64_t u, limit;
    long long horizon;
    chunk_t ch;
    if (nargs != 3)
        return PyErr_Format(PyExc_TypeError, "next_close() takes 3 arguments");
    horizon = PyLong_AsLongLong(args[2]);
    if (horizon == -1 && PyErr_Occurred())
        return NULL;
    int64_t k;
    if (!dt_us(args[1], &u) || !get_chunk(args[0], k = floordiv(u, SPAN), &ch))
        Py_RETURN_NONE;
    Py_ssize_t i = bisect(ch.s, ch.n, u, 1) - 1;
    if (i < 0 || u >= ch.e[i])
        return Py_NewRef(args[1]);
    int64_t end = ch.e[i];
    if (end == (k + 1) * SPAN || __builtin_add_overflow(u, (int64_t)horizon, &limit) ||
        end > limit)
        Py_RETURN_NONE;
    PyObject *res = us_dt(end, PyDateTime_DATE_GET_TZINFO(args[1]));
    if (res == NULL)
        Py_RETURN_NONE;
    return res;
}

/* to_us(dt) / from_us(us, tz): the conversions alone, for tests and the bulk lists. */
static PyObject *k_to_us(PyObject *self, PyObject *dt) {
    int64_t u;
    if (!dt_us(dt, &u))
        Py_RETURN_NONE;
    return PyLong_FromLongLong(u);
}

static PyObject *k_from_us(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2)
        return PyErr_Format(PyExc_TypeError, "from_us() takes 2 arguments");
    long long us = PyLong_AsLongLong(args[0]);
    if (us == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    if (!PyTZInfo_Check(args[1]))
        Py_RETURN_NONE;
    PyObject *res = us_dt(us, args[1]);
    if (res == NULL)
        Py_RETURN_NONE;
    return res;
}

/* ---- bulk rows ----------------------------------------------------------------------------- */

/* An int64 C-contiguous one-dimensional buffer (writable when asked). */
static int get_i64(PyObject *obj, Py_buffer *view, int writable, const char *what) {
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) < 0)
        return 0;
    const char *f = view->format ? view->format : "B";
    if (*f == '<' || *f == '=' || *f == '@')
        f++;
    if (view->itemsize != 8 || view->ndim != 1 || (strcmp(f, "q") && strcmp(f, "l"))) {
        PyBuffer_Release(view);
        PyErr_Format(PyExc_TypeError, "%s: a one-dimensional int64 buffer is required", what);
        return 0;
    }
    return 1;
}

/*
 * A bucket index over sorted keys: bucket b covers [first + b*width, first + (b+1)*width)
 * and holds the count of keys <= (right) or < (left) its left edge; a lookup starts
 * there and steps over the few keys inside the bucket. width is a power of two (a
 * shift, not a division, finds the bucket) chosen so that there are four to eight
 * buckets a key, capped at about 1<<22 buckets (32 MiB). ``steps`` is the
 * most keys any bucket holds: when it is small, a lookup takes exactly that many
 * branch-free steps (rows in random order defeat the branch predictor otherwise).
 */
#define INDEX_FIXED_STEPS 4

typedef struct {
    const int64_t *keys;
    Py_ssize_t n, nb, steps;
    int64_t first;
    int shift; /* width = 1 << shift */
    Py_ssize_t *base;
    int right;
} index_t;

static int index_build(index_t *ix, const int64_t *keys, Py_ssize_t n, int right) {
    ix->keys = keys;
    ix->n = n;
    ix->right = right;
    ix->base = NULL;
    ix->nb = 0;
    ix->steps = 0;
    ix->first = n ? keys[0] : 0;
    if (n == 0)
        return 1;
    uint64_t span = (uint64_t)keys[n - 1] - (uint64_t)keys[0];
    uint64_t want = (uint64_t)n * 4;
    if (want > (1u << 21))
        want = 1u << 21;
    uint64_t per = span / want; /* the widest power of two <= per, at least 1 */
    ix->shift = 0;
    while (ix->shift < 62 && ((uint64_t)2 << ix->shift) <= per)
        ix->shift++;
    ix->nb = (Py_ssize_t)(span >> ix->shift) + 2; /* <= 2 * want + 2 */
    ix->base = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)ix->nb);
    if (ix->base == NULL) {
        PyErr_NoMemory();
        return 0;
    }
    Py_ssize_t i = 0;
    for (Py_ssize_t b = 0; b < ix->nb; b++) {
        uint64_t edge_off = (uint64_t)b << ix->shift; /* <= span + width: no wrap */
        int64_t edge = (int64_t)((uint64_t)ix->first + edge_off);
        while (i < n && (right ? keys[i] <= edge : keys[i] < edge))
            i++;
        ix->base[b] = i;
        if (b > 0 && i - ix->base[b - 1] > ix->steps)
            ix->steps = i - ix->base[b - 1];
    }
    return 1;
}

/* The count of keys <= t (right) or < t (left); ``right`` is ix->right, passed as a
   constant so that each loop gets its own branch-free code. */
static inline __attribute__((always_inline)) Py_ssize_t index_find(const index_t *ix,
                                                                   int64_t t, const int right) {
    if (ix->n == 0 || (right ? t < ix->first : t <= ix->first))
        return 0;
    uint64_t b = ((uint64_t)t - (uint64_t)ix->first) >> ix->shift;
    if (b >= (uint64_t)ix->nb)
        b = (uint64_t)ix->nb - 1;
    Py_ssize_t i = ix->base[b];
    const int64_t *k = ix->keys;
    Py_ssize_t n = ix->n;
    /* The answer lies in base[b] .. base[b + 1] (the last bucket's base is n): at most
       ``steps`` keys to pass. */
    if (ix->steps <= INDEX_FIXED_STEPS) {
        for (Py_ssize_t s = 0; s < ix->steps; s++) {
            Py_ssize_t c = i < n ? i : n - 1;
            i += (i < n) & (right ? k[c] <= t : k[c] < t);
        }
        return i;
    }
    if (right)
        while (i < n && k[i] <= t)
            i++;
    else
        while (i < n && k[i] < t)
            i++;
    return i;
}

typedef struct {
    Py_buffer s, e, acc, t, d, out, far;
    int have;
} bulk_t;

static void bulk_release(bulk_t *bk) {
    Py_buffer *views[] = {&bk->s, &bk->e, &bk->acc, &bk->t, &bk->d, &bk->out, &bk->far};
    for (int i = 0; i < bk->have; i++)
        PyBuffer_Release(views[i]);
}

/* Take the 7 buffers: starts, ends, acc, rows, second rows, out (int64), far (uint8/bool). */
static int bulk_take(bulk_t *bk, PyObject *const *args, Py_ssize_t nargs, const char *name) {
    static const char *what[] = {"starts", "ends", "acc", "rows", "second rows", "out"};
    Py_buffer *views[] = {&bk->s, &bk->e, &bk->acc, &bk->t, &bk->d, &bk->out};
    bk->have = 0;
    if (nargs != 7) {
        PyErr_Format(PyExc_TypeError, "%s() takes 7 arguments", name);
        return 0;
    }
    for (int i = 0; i < 6; i++) {
        if (!get_i64(args[i], views[i], i == 5, what[i]))
            return 0;
        bk->have++;
    }
    if (PyObject_GetBuffer(args[6], &bk->far, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) < 0)
        return 0;
    bk->have++;
    Py_ssize_t n = bk->s.len / 8, rows = bk->t.len / 8;
    if (bk->e.len / 8 != n || bk->acc.len / 8 != n + 1 || bk->d.len / 8 != rows ||
        bk->out.len / 8 != rows || bk->far.len != rows || bk->far.itemsize != 1) {
        PyErr_Format(PyExc_ValueError, "%s(): buffers of mismatched lengths", name);
        return 0;
    }
    return 1;
}

/* The shared row loop of add_rows (forward) and subtract_rows (backward), inlined into
   each with ``forward`` a constant. */
static inline __attribute__((always_inline)) PyObject *
shift_rows(PyObject *const *args, Py_ssize_t nargs, const int forward) {
    bulk_t bk;
    index_t by_start = {0}, by_acc = {0};
    PyObject *result = NULL;
    if (!bulk_take(&bk, args, nargs, forward ? "add_rows" : "subtract_rows"))
        goto done;
    const int64_t *s = bk.s.buf, *e = bk.e.buf, *acc = bk.acc.buf, *t = bk.t.buf,
                  *d = bk.d.buf;
    int64_t *out = bk.out.buf;
    char *far = bk.far.buf;
    Py_ssize_t n = bk.s.len / 8, rows = bk.t.len / 8, missed = 0;
    int64_t total = acc[n];
    /* earliest: bisect_left(acc, need, 1) - 1 = keys acc[1..n], left; latest:
       bisect_right(acc, need) - 1 = keys acc[0..n], right, minus one. */
    if (!index_build(&by_start, s, n, 1) ||
        !index_build(&by_acc, forward ? acc + 1 : acc, forward ? n : n + 1, !forward))
        goto done;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t r = 0; r < rows; r++) {
        int64_t x = t[r], need = 0, cb = 0;
        Py_ssize_t i = index_find(&by_start, x, 1) - 1;
        if (i >= 0)
            cb = acc[i] + (x < e[i] ? x : e[i]) - s[i];
        int bad = n == 0 || d[r] <= 0 ||
                  (forward ? __builtin_add_overflow(cb, d[r], &need) || need > total
                           : __builtin_sub_overflow(cb, d[r], &need) || need < 0);
        far[r] = (char)bad;
        if (bad) {
            out[r] = x;
            missed++;
            continue;
        }
        Py_ssize_t j = forward ? index_find(&by_acc, need, 0) : index_find(&by_acc, need, 1) - 1;
        out[r] = s[j] + need - acc[j];
    }
    Py_END_ALLOW_THREADS
    result = PyLong_FromSsize_t(missed);
done:
    PyMem_Free(by_start.base);
    PyMem_Free(by_acc.base);
    bulk_release(&bk);
    return result;
}

/* add_rows(s, e, acc, starts, durations, out, far) -> rows not answered (far[r] set). */
static PyObject *k_add_rows(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    return shift_rows(args, nargs, 1);
}

/* subtract_rows(s, e, acc, ends, durations, out, far) -> rows not answered. */
static PyObject *k_subtract_rows(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    return shift_rows(args, nargs, 0);
}

/* elapsed_rows(s, e, acc, starts, ends, out, far): covered time per row; every row
   must lie inside the table's chunks (far is left zero). */
static PyObject *k_elapsed_rows(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    bulk_t bk;
    index_t by_start = {0};
    PyObject *result = NULL;
    if (!bulk_take(&bk, args, nargs, "elapsed_rows"))
        goto done;
    const int64_t *s = bk.s.buf, *e = bk.e.buf, *acc = bk.acc.buf, *t = bk.t.buf,
                  *u = bk.d.buf;
    int64_t *out = bk.out.buf;
    Py_ssize_t n = bk.s.len / 8, rows = bk.t.len / 8;
    if (!index_build(&by_start, s, n, 1))
        goto done;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t r = 0; r < rows; r++) {
        int64_t x = t[r], y = u[r], cx = 0, cy = 0;
        Py_ssize_t i = index_find(&by_start, x, 1) - 1;
        if (i >= 0)
            cx = acc[i] + (x < e[i] ? x : e[i]) - s[i];
        i = index_find(&by_start, y, 1) - 1;
        if (i >= 0)
            cy = acc[i] + (y < e[i] ? y : e[i]) - s[i];
        out[r] = cy - cx;
        ((char *)bk.far.buf)[r] = 0;
    }
    Py_END_ALLOW_THREADS
    result = PyLong_FromLong(0);
done:
    PyMem_Free(by_start.base);
    bulk_release(&bk);
    return result;
}

/* ---- the vectorised clock's state machine ------------------------------------------------ */

/* Flags of a snapshot in clock_runs' ``flags`` (one byte a snapshot). */
enum { CR_ACTIVE = 1, CR_RISES = 2, CR_CANCEL = 4, CR_STOP = 8, CR_PAUSE = 16, CR_RESET = 32,
       CR_PCHANGED = 64 };
/* Cycle endings in ``how``: open, stopped, cancelled, retargeted (the clock's codes). */
enum { CR_OPEN = 0, CR_STOPPED = 1, CR_CANCELLED = 2, CR_RETARGETED = 3 };

/* clock_runs(t, flags, restart, resume, c_t, c_first, c_end, c_how, rae, seg_s, seg_c)
   -> (cycles, segments): one clock's state machine over the snapshots of every ticket
   (``t``: the ticket of each snapshot, each ticket's snapshots together and in order),
   a snapshot at a time; only snapshots flagged CR_ACTIVE take part. The cycles are
   written to c_t (ticket), c_first (first snapshot), c_end (ending snapshot, -1 while
   open), c_how (int8) and rae (uint8: the clock runs at the cycle's end); the running
   snapshots and their cycles to seg_s and seg_c. The output buffers hold n items each
   (no more cycles or segments than snapshots). The steps are those of the position
   loop in slacalc/tables/_vclock.py (_run), its exact twin. */
static PyObject *k_clock_runs(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    static const char *what[] = {"t", "c_t", "c_first", "c_end", "seg_s", "seg_c"};
    Py_buffer v[9];
    int have = 0;
    PyObject *result = NULL;
    unsigned char *flag_, *has_, *pstart_ = NULL;
    flag_ = has_ = NULL;
    if (nargs != 11) {
        PyErr_SetString(PyExc_TypeError, "clock_runs() takes 11 arguments");
        return NULL;
    }
    int restart = PyObject_IsTrue(args[2]), resume = PyObject_IsTrue(args[3]);
    if (restart < 0 || resume < 0)
        return NULL;
    /* int64: t, c_t, c_first, c_end, seg_s, seg_c; bytes: flags, c_how, rae. */
    PyObject *i64[] = {args[0], args[4], args[5], args[6], args[9], args[10]};
    for (int i = 0; i < 6; i++) {
        if (!get_i64(i64[i], &v[have], i > 0, what[i]))
            goto done;
        have++;
    }
    PyObject *bytes[] = {args[1], args[7], args[8]};
    for (int i = 0; i < 3; i++) {
        int fl = PyBUF_C_CONTIGUOUS | (i > 0 ? PyBUF_WRITABLE : 0);
        if (PyObject_GetBuffer(bytes[i], &v[have], fl) < 0)
            goto done;
        have++;
        if (v[have - 1].itemsize != 1) {
            PyErr_SetString(PyExc_TypeError, "clock_runs: flags, how and rae are one byte each");
            goto done;
        }
    }
    Py_ssize_t n = v[0].len / 8;
    for (int i = 1; i < 6; i++)
        if (v[i].len / 8 != n)
            goto mismatched;
    for (int i = 6; i < 9; i++)
        if (v[i].len != n)
            goto mismatched;
    const int64_t *t = v[0].buf;
    int64_t *c_t = v[1].buf, *c_first = v[2].buf, *c_end = v[3].buf, *seg_s = v[4].buf,
            *seg_c = v[5].buf;
    const unsigned char *flags = v[6].buf;
    signed char *c_how = v[7].buf;
    unsigned char *rae = v[8].buf;
    for (Py_ssize_t i = 1; i < n; i++)
        if (t[i] < t[i - 1]) {
            PyErr_SetString(PyExc_ValueError, "clock_runs: snapshots not grouped by ticket");
            goto done;
        }
    flag_ = PyMem_Calloc((size_t)n + 1, 1);
    has_ = PyMem_Calloc((size_t)n + 1, 1);
    pstart_ = PyMem_Calloc((size_t)n + 1, 1);
    if (!flag_ || !has_ || !pstart_) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t ncyc = 0, nseg = 0;
    Py_BEGIN_ALLOW_THREADS
    int64_t cur = -1, last = -1;
    for (Py_ssize_t s = 0; s < n; s++) {
        if (s == 0 || t[s] != t[s - 1])
            cur = last = -1; /* a new ticket */
        unsigned char f = flags[s];
        if (!(f & CR_ACTIVE))
            continue;
        int cancel = (f & CR_CANCEL) != 0, stop = (f & CR_STOP) != 0;
        int pause = (f & CR_PAUSE) != 0;
        int run = cur >= 0;
        if (run) {
            int64_t cc = cur;
            if (cancel) {
                c_end[cc] = s, c_how[cc] = CR_CANCELLED;
                cur = last = -1;
            } else if (stop) {
                c_end[cc] = s, c_how[cc] = CR_STOPPED;
                cur = -1, last = cc;
            } else if (restart && (f & CR_PCHANGED)) {
                c_end[cc] = s, c_how[cc] = CR_RETARGETED;
                int64_t id = ncyc++; /* begin */
                c_t[id] = t[s], c_first[id] = s, c_end[id] = -1, c_how[id] = CR_OPEN;
                pstart_[id] = (unsigned char)pause, flag_[id] = has_[id] = 0;
                cur = id;
            }
        } else {
            int began = 0;
            if (last >= 0 && (f & CR_RESET)) {
                if (resume) {
                    int64_t id = last;
                    c_end[id] = -1, c_how[id] = CR_OPEN, flag_[id] = 0, has_[id] = 1;
                    cur = id;
                } else {
                    int64_t id = ncyc++;
                    c_t[id] = t[s], c_first[id] = s, c_end[id] = -1, c_how[id] = CR_OPEN;
                    pstart_[id] = (unsigned char)pause, flag_[id] = has_[id] = 0;
                    cur = id;
                }
                last = -1;
                began = 1;
            } else if (f & CR_RISES) {
                int64_t id = ncyc++;
                c_t[id] = t[s], c_first[id] = s, c_end[id] = -1, c_how[id] = CR_OPEN;
                pstart_[id] = (unsigned char)pause, flag_[id] = has_[id] = 0;
                cur = id;
                began = 1;
            }
            if (began) { /* a cycle begun and ended at one instant */
                if (cancel) {
                    c_end[cur] = s, c_how[cur] = CR_CANCELLED;
                    cur = -1;
                } else if (stop) {
                    c_end[cur] = s, c_how[cur] = CR_STOPPED;
                    last = cur, cur = -1;
                }
            }
        }
        if (cur >= 0) {
            seg_s[nseg] = s, seg_c[nseg] = cur, nseg++;
            flag_[cur] = (unsigned char)!pause, has_[cur] = 1;
        }
    }
    for (Py_ssize_t id = 0; id < ncyc; id++)
        rae[id] = has_[id] ? flag_[id] : (unsigned char)!pstart_[id];
    Py_END_ALLOW_THREADS
    result = Py_BuildValue("(nn)", ncyc, nseg);
    goto done;
mismatched:
    PyErr_SetString(PyExc_ValueError, "clock_runs(): buffers of mismatched lengths");
done:
    PyMem_Free(flag_);
    PyMem_Free(has_);
    PyMem_Free(pstart_);
    for (int i = 0; i < have; i++)
        PyBuffer_Release(&v[i]);
    return result;
}

/* clock_flags(t, prio, mask, first, start, start_event, cancel, stop, pause, reset, out):
   clock_runs' flags byte of each snapshot in one pass: CR_ACTIVE where its ticket is in
   ``mask`` (a byte a ticket; ``t`` the ticket of each snapshot, int64), CR_RISES where
   ``start`` holds and did not at the snapshot before in the same ticket, or
   ``start_event`` holds, CR_CANCEL, CR_STOP, CR_PAUSE and CR_RESET as those hold, and
   CR_PCHANGED where ``prio`` (int64) differs from the snapshot before in the same ticket
   (``first``: a ticket's first snapshot). The other arguments hold a byte a snapshot
   (NumPy bools), ``out`` too. The NumPy flags of slacalc/tables/_vclock.py (_run without
   the kernel's flags) are its twin. */
static PyObject *k_clock_flags(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    static const char *what[] = {"t", "prio"};
    Py_buffer i64[2], b[9];
    int have_i = 0, have_b = 0;
    PyObject *result = NULL;
    if (nargs != 11) {
        PyErr_SetString(PyExc_TypeError, "clock_flags() takes 11 arguments");
        return NULL;
    }
    for (; have_i < 2; have_i++)
        if (!get_i64(args[have_i], &i64[have_i], 0, what[have_i]))
            goto done;
    for (; have_b < 9; have_b++) {
        int flags = PyBUF_C_CONTIGUOUS | (have_b == 8 ? PyBUF_WRITABLE : 0);
        if (PyObject_GetBuffer(args[2 + have_b], &b[have_b], flags) < 0)
            goto done;
    }
    Py_ssize_t n = i64[0].len / 8, n_t = b[0].len;
    if (i64[1].len / 8 != n) {
        PyErr_SetString(PyExc_ValueError, "clock_flags(): buffers of mismatched lengths");
        goto done;
    }
    for (int j = 1; j < 9; j++)
        if (b[j].len != n) {
            PyErr_SetString(PyExc_ValueError, "clock_flags(): buffers of mismatched lengths");
            goto done;
        }
    const int64_t *t = i64[0].buf, *prio = i64[1].buf;
    const unsigned char *mask = b[0].buf, *first = b[1].buf, *start = b[2].buf,
                        *event = b[3].buf, *cancel = b[4].buf, *stop = b[5].buf,
                        *pause = b[6].buf, *reset = b[7].buf;
    unsigned char *out = b[8].buf;
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t s = 0; s < n && !bad; s++) {
        if (t[s] < 0 || t[s] >= n_t) {
            bad = 1;
            break;
        }
        int head = first[s] != 0 || s == 0;
        int rises = start[s] && (head || !start[s - 1] || event[s]);
        int pch = !head && prio[s] != prio[s - 1];
        out[s] = (unsigned char)((mask[t[s]] ? CR_ACTIVE : 0) | (rises ? CR_RISES : 0) |
                                 (cancel[s] ? CR_CANCEL : 0) | (stop[s] ? CR_STOP : 0) |
                                 (pause[s] ? CR_PAUSE : 0) | (reset[s] ? CR_RESET : 0) |
                                 (pch ? CR_PCHANGED : 0));
    }
    Py_END_ALLOW_THREADS
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "clock_flags(): a ticket out of range");
        goto done;
    }
    result = Py_None;
    Py_INCREF(result);
done:
    for (int j = 0; j < have_i; j++)
        PyBuffer_Release(&i64[j]);
    for (int j = 0; j < have_b; j++)
        PyBuffer_Release(&b[j]);
    return result;
}

/* The int64 buffers of a call's ``n`` arguments into ``v`` (from ``first_out`` on,
   writable): how many were taken (``n``, or fewer with an exception set and those
   taken to release), or -1 for a wrong number of arguments. */
static int get_i64s(const char *fn, PyObject *const *args, Py_ssize_t nargs, int n,
                    const char **what, int first_out, Py_buffer *v) {
    if (nargs != n) {
        PyErr_Format(PyExc_TypeError, "%s() takes %d arguments", fn, n);
        return -1;
    }
    int have = 0;
    while (have < n && get_i64(args[have], &v[have], have >= first_out, what[have]))
        have++;
    return have;
}

/* fill_state(t, snaps, values, out): the value after each snapshot of a field whose rows
   fall at snapshots ``snaps`` (in order) with ``values``: the last row's value at or
   before the snapshot within its ticket (``t``: the ticket of each snapshot, each
   ticket's snapshots together), else -1 (never set). The NumPy forward fill in
   slacalc/tables/_vclock.py (_Snaps.state) is its twin. */
static PyObject *k_fill_state(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    static const char *what[] = {"t", "snaps", "values", "out"};
    Py_buffer v[4];
    PyObject *result = NULL;
    int have = get_i64s("fill_state", args, nargs, 4, what, 3, v);
    if (have < 0)
        return NULL;
    if (have < 4)
        goto done;
    Py_ssize_t n = v[0].len / 8, m = v[1].len / 8;
    if (v[2].len / 8 != m || v[3].len / 8 != n) {
        PyErr_SetString(PyExc_ValueError, "fill_state(): buffers of mismatched lengths");
        goto done;
    }
    const int64_t *t = v[0].buf, *snaps = v[1].buf, *values = v[2].buf;
    int64_t *out = v[3].buf;
    for (Py_ssize_t j = 0; j < m; j++)
        if (snaps[j] < 0 || snaps[j] >= n || (j && snaps[j] < snaps[j - 1])) {
            PyErr_SetString(PyExc_ValueError, "fill_state(): snapshots out of order or range");
            goto done;
        }
    Py_BEGIN_ALLOW_THREADS
    Py_ssize_t j = 0;
    int64_t cur = -1;
    for (Py_ssize_t s = 0; s < n; s++) {
        if (s == 0 || t[s] != t[s - 1])
            cur = -1; /* a new ticket */
        while (j < m && snaps[j] == s)
            cur = values[j++];
        out[s] = cur;
    }
    Py_END_ALLOW_THREADS
    result = Py_None;
    Py_INCREF(result);
done:
    for (int i = 0; i < have; i++)
        PyBuffer_Release(&v[i]);
    return result;
}

/* fill_states(t, row_snap, f, v, slot_of, out): fill_state for several fields in one walk
   over rows in snapshot order (``row_snap`` non-decreasing, each below n = len(t)) with
   fields ``f`` (codes below len(slot_of)) and values ``v``: slot_of[f] is the slot a
   field's values are written to (-1: a field not asked for), slot q's values being
   out[q * n : (q + 1) * n] (``out`` holds a whole number of slots, every slot_of below
   it). Each ticket's fields start unset (-1) at its first snapshot (``t`` changes). Its
   twin is fill_state, field by field (and the NumPy forward fill of _Snaps.state). */
static PyObject *k_fill_states(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    static const char *what[] = {"t", "row_snap", "f", "v", "slot_of", "out"};
    Py_buffer v[6];
    PyObject *result = NULL;
    int64_t *cur = NULL;
    int have = get_i64s("fill_states", args, nargs, 6, what, 5, v);
    if (have < 0)
        return NULL;
    if (have < 6)
        goto done;
    Py_ssize_t n = v[0].len / 8, m = v[1].len / 8, n_f = v[4].len / 8, size = v[5].len / 8;
    if (v[2].len / 8 != m || v[3].len / 8 != m || (n ? size % n != 0 : size != 0)) {
        PyErr_SetString(PyExc_ValueError, "fill_states(): buffers of mismatched lengths");
        goto done;
    }
    Py_ssize_t k = n ? size / n : 0;
    const int64_t *t = v[0].buf, *row_snap = v[1].buf, *f = v[2].buf, *val = v[3].buf,
                  *slot_of = v[4].buf;
    int64_t *out = v[5].buf;
    cur = PyMem_Malloc(((size_t)k + 1) * sizeof(int64_t));
    if (cur == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t j = 0; j < m && !bad; j++)
        bad = row_snap[j] < 0 || row_snap[j] >= n || (j && row_snap[j] < row_snap[j - 1]) ||
              f[j] < 0 || f[j] >= n_f;
    for (Py_ssize_t i = 0; i < n_f && !bad && n; i++) /* no snapshots: nothing written */
        bad = slot_of[i] < -1 || slot_of[i] >= k;
    if (!bad) {
        Py_ssize_t j = 0;
        for (Py_ssize_t s = 0; s < n; s++) {
            if (s == 0 || t[s] != t[s - 1]) /* a new ticket: every field unset */
                for (Py_ssize_t q = 0; q < k; q++)
                    cur[q] = -1;
            for (; j < m && row_snap[j] == s; j++) {
                int64_t q = slot_of[f[j]];
                if (q >= 0)
                    cur[q] = val[j];
            }
            for (Py_ssize_t q = 0; q < k; q++)
                out[q * n + s] = cur[q];
        }
    }
    Py_END_ALLOW_THREADS
    if (bad) {
        PyErr_SetString(PyExc_ValueError,
                        "fill_states(): rows out of order, or a field or slot out of range");
        goto done;
    }
    result = Py_None;
    Py_INCREF(result);
done:
    PyMem_Free(cur);
    for (int i = 0; i < have; i++)
        PyBuffer_Release(&v[i]);
    return result;
}

/* snapshots(t, at, created, snap_t, snap_at, row_snap, t0): the snapshots of rows grouped
   by ticket (``t`` non-decreasing, codes below len(created)) and ordered by instant within
   each ticket, none before its ticket's creation: each ticket's creation instant, then
   each distinct instant of its rows (rows at the creation instant are at its first
   snapshot). Writes each snapshot's ticket and instant, each row's snapshot and each
   ticket's first snapshot; returns the number of snapshots, or -1 where the rows are not
   so ordered (nothing is then to be read from the outputs). The NumPy placement in
   slacalc/tables/_vclock.py (_Snaps) is its twin. */
static PyObject *k_snapshots(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    static const char *what[] = {"t", "at", "created", "snap_t", "snap_at", "row_snap", "t0"};
    Py_buffer v[7];
    PyObject *result = NULL;
    int have = get_i64s("snapshots", args, nargs, 7, what, 3, v);
    if (have < 0)
        return NULL;
    if (have < 7)
        goto done;
    Py_ssize_t n_rows = v[0].len / 8, n_t = v[2].len / 8;
    if (v[1].len / 8 != n_rows || v[3].len / 8 != n_t + n_rows || v[4].len / 8 != n_t + n_rows ||
        v[5].len / 8 != n_rows || v[6].len / 8 != n_t) {
        PyErr_SetString(PyExc_ValueError, "snapshots(): buffers of mismatched lengths");
        goto done;
    }
    const int64_t *t = v[0].buf, *at = v[1].buf, *created = v[2].buf;
    int64_t *snap_t = v[3].buf, *snap_at = v[4].buf, *row_snap = v[5].buf, *t0 = v[6].buf;
    Py_ssize_t n = 0, i = 0;
    int ordered = 1;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < n_t && ordered; k++) {
        int64_t last = created[k];
        t0[k] = n;
        snap_t[n] = k;
        snap_at[n++] = last;
        for (; i < n_rows && t[i] <= k; i++) {
            if (t[i] < k || at[i] < last) {
                ordered = 0; /* a ticket's rows apart, or out of order in time */
                break;
            }
            if (at[i] != last) {
                snap_t[n] = k;
                snap_at[n++] = last = at[i];
            }
            row_snap[i] = n - 1;
        }
    }
    if (i < n_rows)
        ordered = 0; /* a code past the last ticket, or rows left unread */
    Py_END_ALLOW_THREADS
    result = PyLong_FromSsize_t(ordered ? n : -1);
done:
    for (int j = 0; j < have; j++)
        PyBuffer_Release(&v[j]);
    return result;
}

/* cycle_sums(e, sc, target, elapsed, hit, rest): the covered time of running stretches
   ``e`` of cycles ``sc`` (each cycle's stretches together and in time order, cycles
   increasing) summed into ``elapsed`` (per cycle, added to), and for each cycle whose
   positive ``target`` the stretches reach, the first stretch reaching it (``hit``) and
   the target left at that stretch's start (``rest``); other cycles' ``hit`` and ``rest``
   are left as they are. The NumPy sums in slacalc/tables/_vclock.py (_sums) are its
   twin. */
static PyObject *k_cycle_sums(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    static const char *what[] = {"e", "sc", "target", "elapsed", "hit", "rest"};
    Py_buffer v[6];
    PyObject *result = NULL;
    int have = get_i64s("cycle_sums", args, nargs, 6, what, 3, v);
    if (have < 0)
        return NULL;
    if (have < 6)
        goto done;
    Py_ssize_t n = v[0].len / 8, n_c = v[2].len / 8;
    if (v[1].len / 8 != n || v[3].len / 8 != n_c || v[4].len / 8 != n_c ||
        v[5].len / 8 != n_c) {
        PyErr_SetString(PyExc_ValueError, "cycle_sums(): buffers of mismatched lengths");
        goto done;
    }
    const int64_t *e = v[0].buf, *sc = v[1].buf, *target = v[2].buf;
    int64_t *elapsed = v[3].buf, *hit = v[4].buf, *rest = v[5].buf;
    for (Py_ssize_t i = 0; i < n; i++)
        if (sc[i] < 0 || sc[i] >= n_c || (i && sc[i] < sc[i - 1])) {
            PyErr_SetString(PyExc_ValueError, "cycle_sums(): cycles out of order or range");
            goto done;
        }
    Py_BEGIN_ALLOW_THREADS
    Py_ssize_t i = 0;
    while (i < n) {
        int64_t c = sc[i], tg = target[c], acc = 0;
        int found = tg <= 0; /* a zero or missing target is reached by no stretch */
        for (; i < n && sc[i] == c; i++) {
            if (!found && acc + e[i] >= tg) {
                hit[c] = i, rest[c] = tg - acc;
                found = 1;
            }
            acc += e[i];
        }
        elapsed[c] += acc;
    }
    Py_END_ALLOW_THREADS
    result = Py_None;
    Py_INCREF(result);
done:
    for (int j = 0; j < have; j++)
        PyBuffer_Release(&v[j]);
    return result;
}

/* shares(sc, who, e, n_parties, out_c, out_w, out_t): the covered time ``e`` of running
   stretches of cycles ``sc`` (cycles increasing, each one's stretches in time order), held
   by parties ``who`` (codes below n_parties), summed per cycle and party: one item
   (cycle, party, time) per party that holds covered time in a cycle, a cycle's items in
   order of first covered time. Returns the number of items
   written. The NumPy attribution in slacalc/tables/_vclock.py (_shares) is its twin. */
static PyObject *k_shares(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    static const char *what[] = {"sc", "who", "e", "out_c", "out_w", "out_t"};
    Py_buffer v[6];
    PyObject *result = NULL;
    int64_t *slot = NULL;
    if (nargs != 7) {
        PyErr_SetString(PyExc_TypeError, "shares() takes 7 arguments");
        return NULL;
    }
    Py_ssize_t n_w = PyLong_AsSsize_t(args[3]);
    if (n_w == -1 && PyErr_Occurred())
        return NULL;
    if (n_w < 0) {
        PyErr_SetString(PyExc_ValueError, "shares(): a negative number of parties");
        return NULL;
    }
    PyObject *bufs[] = {args[0], args[1], args[2], args[4], args[5], args[6]};
    int have = get_i64s("shares", bufs, 6, 6, what, 3, v);
    if (have < 6)
        goto done;
    Py_ssize_t n = v[0].len / 8;
    for (int j = 1; j < 6; j++)
        if (v[j].len / 8 != n) {
            PyErr_SetString(PyExc_ValueError, "shares(): buffers of mismatched lengths");
            goto done;
        }
    const int64_t *sc = v[0].buf, *who = v[1].buf, *e = v[2].buf;
    int64_t *out_c = v[3].buf, *out_w = v[4].buf, *out_t = v[5].buf;
    for (Py_ssize_t i = 0; i < n; i++)
        if (who[i] < 0 || who[i] >= n_w || (i && sc[i] < sc[i - 1])) {
            PyErr_SetString(PyExc_ValueError, "shares(): cycles out of order, or a party out of range");
            goto done;
        }
    slot = PyMem_Malloc(((size_t)n_w + 1) * sizeof(int64_t));
    if (!slot) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t k = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t w = 0; w < n_w; w++)
        slot[w] = -1;
    Py_ssize_t g = 0; /* the current cycle's first item */
    for (Py_ssize_t i = 0; i < n; i++) {
        if (i && sc[i] != sc[i - 1]) /* a new cycle: its parties' slots cleared */
            for (; g < k; g++)
                slot[out_w[g]] = -1;
        if (e[i] <= 0)
            continue;
        int64_t w = who[i];
        if (slot[w] < 0) {
            slot[w] = k;
            out_c[k] = sc[i], out_w[k] = w, out_t[k] = e[i];
            k++;
        } else
            out_t[slot[w]] += e[i];
    }
    Py_END_ALLOW_THREADS
    result = PyLong_FromSsize_t(k);
done:
    PyMem_Free(slot);
    for (int j = 0; j < have; j++)
        PyBuffer_Release(&v[j]);
    return result;
}

/* ---- CSV rows ------------------------------------------------------------------------------ */

/* The proleptic Gregorian date of ``z`` days from 1970-01-01 (H. Hinnant's civil_from_days). */
static void civil_date(int64_t z, int64_t *y, int *m, int *d) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static inline char *put2(char *o, int64_t v) {
    o[0] = (char)('0' + v / 10), o[1] = (char)('0' + v % 10);
    return o + 2;
}

/* Unsigned decimal digits of ``v``. */
static inline char *put_u(char *o, uint64_t v) {
    char tmp[20];
    int k = 0;
    do
        tmp[k++] = (char)('0' + v % 10);
    while (v /= 10);
    while (k)
        *o++ = tmp[--k];
    return o;
}

/* datetime.isoformat() of ``us`` microseconds from the epoch in UTC (years 1-9999). */
static char *put_instant(char *o, int64_t us) {
    int64_t secs = us >= 0 ? us / 1000000 : -((-us + 999999) / 1000000);
    int64_t micro = us - secs * 1000000;
    int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    int64_t sod = secs - days * 86400, y;
    int m, d;
    civil_date(days, &y, &m, &d);
    o = put2(o, y / 100), o = put2(o, y % 100);
    *o++ = '-', o = put2(o, m), *o++ = '-', o = put2(o, d), *o++ = 'T';
    o = put2(o, sod / 3600), *o++ = ':', o = put2(o, sod / 60 % 60), *o++ = ':';
    o = put2(o, sod % 60);
    if (micro) {
        *o++ = '.';
        for (int64_t div = 100000; div; div /= 10)
            *o++ = (char)('0' + micro / div % 10);
    }
    memcpy(o, "+00:00", 6);
    return o + 6;
}

/* slacalc.durations.format_duration of ``us`` microseconds: 26h5m, 1.5s, -3m, 0s. */
static char *put_duration(char *o, int64_t us) {
    uint64_t a = us < 0 ? (uint64_t)0 - (uint64_t)us : (uint64_t)us;
    if (us < 0)
        *o++ = '-';
    uint64_t h = a / 3600000000u, m = a / 60000000u % 60, s = a / 1000000u % 60,
             micro = a % 1000000u;
    if (a == 0)
        *o++ = '0', *o++ = 's';
    if (h)
        o = put_u(o, h), *o++ = 'h';
    if (m)
        o = put_u(o, m), *o++ = 'm';
    if (s || micro) {
        o = put_u(o, s);
        if (micro) {
            *o++ = '.';
            int digits = 6;
            while (micro % 10 == 0)
                micro /= 10, digits--;
            for (int k = digits - 1; k >= 0; k--)
                o[k] = (char)('0' + micro % 10), micro /= 10;
            o += digits;
        }
        *o++ = 's';
    }
    return o;
}

/* An int32 buffer of one dimension (Arrow's offsets), into ``view``; 0 with an error set. */
static int get_i32(PyObject *obj, Py_buffer *view, const char *what) {
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return 0;
    const char *f = view->format ? view->format : "B";
    if (*f == '<' || *f == '=' || *f == '@')
        f++;
    if (view->itemsize != 4 || view->ndim != 1 || strcmp(f, "i")) {
        PyBuffer_Release(view);
        PyErr_Format(PyExc_TypeError, "%s: a one-dimensional int32 buffer is required", what);
        return 0;
    }
    return 1;
}

/* text_plain(offsets, data, quoted, formula) -> bool: whether no cell of a text array
   (``offsets``: int32, one more than there are cells, into the bytes ``data``) holds a
   byte ``quoted`` marks (256 bytes, one a byte value) or starts with one ``formula``
   marks: whether slacalc/cli/_csv.py's escape() leaves every cell as it is. Its twin is
   the NumPy look-up there (_plain without the kernel). */
static PyObject *k_text_plain(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    Py_buffer off, dat, quo, frm;
    int have = 0;
    PyObject *result = NULL;
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "text_plain() takes 4 arguments");
        return NULL;
    }
    if (!get_i32(args[0], &off, "offsets"))
        return NULL;
    have = 1;
    Py_buffer *rest[] = {&dat, &quo, &frm};
    for (int i = 0; i < 3; i++) {
        if (PyObject_GetBuffer(args[i + 1], rest[i], PyBUF_SIMPLE) < 0)
            goto done;
        have++;
    }
    if (quo.len != 256 || frm.len != 256) {
        PyErr_SetString(PyExc_ValueError, "text_plain(): the byte tables hold 256 bytes each");
        goto done;
    }
    Py_ssize_t n = off.len / 4 - 1;
    const int32_t *o = off.buf;
    const unsigned char *d = dat.buf, *q = quo.buf, *fm = frm.buf;
    int bad = n < 0 || o[0] < 0 || (n >= 0 && o[n] > dat.len), plain = 1;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n && !bad; i++)
        bad = o[i + 1] < o[i];
    if (!bad) {
        for (int32_t k = n >= 0 ? o[0] : 0; n >= 0 && k < o[n] && plain; k++)
            plain = !q[d[k]];
        for (Py_ssize_t i = 0; i < n && plain; i++)
            plain = o[i + 1] == o[i] || !fm[d[o[i]]];
    }
    Py_END_ALLOW_THREADS
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "text_plain(): offsets out of order or outside the data");
        goto done;
    }
    result = PyBool_FromLong(plain);
done:
    if (have >= 1)
        PyBuffer_Release(&off);
    for (int i = 0; i < have - 1; i++)
        PyBuffer_Release(rest[i]);
    return result;
}

/* lists_distinct(lists, offsets, data) -> bool | None: whether no list names a text twice,
   for lists of texts (``lists``: int32, one more than there are lists, into the texts;
   ``offsets``: int32, one more than there are texts, into the bytes ``data``); None where
   a list holds more than 64 texts (left to a sort, the twin in slacalc/cli/_csv.py). */
static PyObject *k_lists_distinct(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    Py_buffer lst, off, dat;
    int have = 0;
    PyObject *result = NULL;
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "lists_distinct() takes 3 arguments");
        return NULL;
    }
    if (!get_i32(args[0], &lst, "lists"))
        return NULL;
    have = 1;
    if (!get_i32(args[1], &off, "offsets"))
        goto done;
    have = 2;
    if (PyObject_GetBuffer(args[2], &dat, PyBUF_SIMPLE) < 0)
        goto done;
    have = 3;
    Py_ssize_t n = lst.len / 4 - 1, m = off.len / 4 - 1;
    const int32_t *l = lst.buf, *o = off.buf;
    const char *d = dat.buf;
    int bad = n < 0 || m < 0, distinct = 1, many = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n && !bad; i++)
        bad = l[i] < 0 || l[i + 1] < l[i] || l[i + 1] > m;
    for (Py_ssize_t j = 0; !bad && j < m; j++)
        bad = o[j] < 0 || o[j + 1] < o[j] || o[j + 1] > dat.len;
    for (Py_ssize_t i = 0; !bad && i < n && distinct && !many; i++) {
        if (l[i + 1] - l[i] > 64) {
            many = 1;
            break;
        }
        for (int32_t a = l[i]; a < l[i + 1] && distinct; a++)
            for (int32_t b = a + 1; b < l[i + 1] && distinct; b++)
                distinct = !(o[a + 1] - o[a] == o[b + 1] - o[b] &&
                             memcmp(d + o[a], d + o[b], (size_t)(o[a + 1] - o[a])) == 0);
    }
    Py_END_ALLOW_THREADS
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "lists_distinct(): offsets out of order or outside");
        goto done;
    }
    if (many) {
        result = Py_None;
        Py_INCREF(result);
    } else
        result = PyBool_FromLong(distinct);
done:
    if (have >= 1)
        PyBuffer_Release(&lst);
    if (have >= 2)
        PyBuffer_Release(&off);
    if (have >= 3)
        PyBuffer_Release(&dat);
    return result;
}

/* json_quote(offsets, data, valid) -> (offsets, data, odd): each text of a text array
   (``offsets``: int32, one more than there are texts, into the bytes ``data``; ``valid``:
   uint8 a text, 0 for a null, or None) as json.dumps writes it where it holds only
   printable ASCII other than a quote and a backslash (the text in double quotes), a
   null as ``null``, and the rows of every other text (``odd``: their int64 indices, as
   bytes), which the caller writes (they are written as the text in quotes meanwhile).
   The result is Arrow's string layout (int32 offsets, bytes), or None past 2 GiB. The
   regex of slacalc/cli/_json.py (json_text without the kernel) is its twin. */
static PyObject *k_json_quote(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    Py_buffer off, dat, val;
    int have = 0, has_valid = 0;
    PyObject *result = NULL, *out_off = NULL, *out_dat = NULL, *out_odd = NULL;
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "json_quote() takes 3 arguments");
        return NULL;
    }
    if (!get_i32(args[0], &off, "offsets"))
        return NULL;
    have = 1;
    if (PyObject_GetBuffer(args[1], &dat, PyBUF_SIMPLE) < 0)
        goto done;
    have = 2;
    if (args[2] != Py_None) {
        if (PyObject_GetBuffer(args[2], &val, PyBUF_SIMPLE) < 0)
            goto done;
        has_valid = 1;
    }
    Py_ssize_t n = off.len / 4 - 1;
    const int32_t *o = off.buf;
    const unsigned char *d = dat.buf, *ok = has_valid ? val.buf : NULL;
    if (n < 0 || (has_valid && val.len != n)) {
        PyErr_SetString(PyExc_ValueError, "json_quote(): buffers of mismatched lengths");
        goto done;
    }
    int bad = o[0] < 0 || o[n] > dat.len;
    int64_t total = 0, odd = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n && !bad; i++) {
        bad = o[i + 1] < o[i];
        if (!bad)
            total += ok && !ok[i] ? 4 : o[i + 1] - o[i] + 2;
    }
    for (Py_ssize_t i = 0; i < n && !bad; i++) {
        if (ok && !ok[i])
            continue;
        for (int32_t k = o[i]; k < o[i + 1]; k++)
            if (d[k] < 0x20 || d[k] > 0x7e || d[k] == '"' || d[k] == '\\') {
                odd++;
                break;
            }
    }
    Py_END_ALLOW_THREADS
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "json_quote(): offsets out of order or outside the data");
        goto done;
    }
    if (total > INT32_MAX) {
        result = Py_None;
        Py_INCREF(result);
        goto done;
    }
    out_off = PyBytes_FromStringAndSize(NULL, (n + 1) * (Py_ssize_t)sizeof(int32_t));
    out_dat = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)total);
    out_odd = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(odd * 8));
    if (!out_off || !out_dat || !out_odd)
        goto done;
    int32_t *oo = (int32_t *)PyBytes_AS_STRING(out_off);
    char *od = PyBytes_AS_STRING(out_dat);
    int64_t *rows = (int64_t *)PyBytes_AS_STRING(out_odd);
    Py_BEGIN_ALLOW_THREADS
    int64_t pos = 0, m = 0;
    oo[0] = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (ok && !ok[i]) {
            memcpy(od + pos, "null", 4);
            pos += 4;
        } else {
            int32_t len = o[i + 1] - o[i];
            od[pos++] = '"';
            memcpy(od + pos, d + o[i], (size_t)len);
            for (int32_t k = 0; k < len; k++) {
                unsigned char c = d[o[i] + k];
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                    rows[m++] = i;
                    break;
                }
            }
            pos += len;
            od[pos++] = '"';
        }
        oo[i + 1] = (int32_t)pos;
    }
    Py_END_ALLOW_THREADS
    result = PyTuple_Pack(3, out_off, out_dat, out_odd);
done:
    Py_XDECREF(out_off);
    Py_XDECREF(out_dat);
    Py_XDECREF(out_odd);
    if (have >= 1)
        PyBuffer_Release(&off);
    if (have >= 2)
        PyBuffer_Release(&dat);
    if (has_valid)
        PyBuffer_Release(&val);
    return result;
}

enum { CSV_TEXT = 't', CSV_INSTANT = 'i', CSV_DURATION = 'd', CSV_INT = 'n', CSV_EMPTY = 'e' };

typedef struct {
    int kind;
    Py_buffer a, b;
    int have_a, have_b;
} csv_col_t;

/* csv_rows(columns, n[, seps]) -> bytes: ``n`` lines, each the cells of ``columns``; without
   ``seps`` joined by commas and ended by a newline (CSV), with it (a tuple of bytes, one
   more than there are columns) each row is seps[0], cell 0, seps[1], ..., the last cell,
   seps[-1] (JSON's objects). A column is (kind, a, b): ('t', offsets, data), texts
   already written as cells (int64 offsets, one more than n, into the bytes ``data``);
   ('i', us, valid), instants as datetime.isoformat() in UTC (int64 microseconds from the
   epoch, years 1-9999; ``valid`` uint8, 0 an empty cell, or None); ('d', us, None),
   durations as slacalc.durations.format_duration writes them; ('n', values, None),
   integers; ('e', None, None), empty cells; 'I' and 'D' as 'i' and 'd' in double quotes,
   a missing instant ``null`` (JSON's). The Arrow columns of slacalc/cli/_csv.py and
   _json.py (csv_bytes and json_bytes without the kernel) are its twins. */
static PyObject *k_csv_rows(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if ((nargs != 2 && nargs != 3) || !PyTuple_Check(args[0]) ||
        (nargs == 3 && !PyTuple_Check(args[2]))) {
        PyErr_SetString(PyExc_TypeError,
                        "csv_rows() takes a tuple of columns, a row count and a tuple of separators");
        return NULL;
    }
    Py_ssize_t n = PyLong_AsSsize_t(args[1]);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "csv_rows(): a negative row count");
        return NULL;
    }
    Py_ssize_t nc = PyTuple_GET_SIZE(args[0]);
    PyObject *result = NULL, *out = NULL, *seps = nargs == 3 ? args[2] : NULL;
    if (seps && PyTuple_GET_SIZE(seps) != nc + 1) {
        PyErr_SetString(PyExc_ValueError, "csv_rows(): one more separator than columns needed");
        return NULL;
    }
    csv_col_t *cols = PyMem_Calloc((size_t)nc + 1, sizeof(csv_col_t));
    const char **sep = PyMem_Calloc((size_t)nc + 2, sizeof(char *));
    Py_ssize_t *sep_len = PyMem_Calloc((size_t)nc + 2, sizeof(Py_ssize_t));
    if (cols == NULL || sep == NULL || sep_len == NULL) {
        PyMem_Free(cols);
        PyMem_Free(sep);
        PyMem_Free(sep_len);
        return PyErr_NoMemory();
    }
    int64_t bound = 0, add = 0;
    int over = 0; /* the output's size past int64: refused */
    for (Py_ssize_t j = 0; j <= nc; j++) {
        if (seps) {
            PyObject *x = PyTuple_GET_ITEM(seps, j);
            if (!PyBytes_Check(x)) {
                PyErr_SetString(PyExc_TypeError, "csv_rows(): the separators are bytes");
                goto done;
            }
            sep[j] = PyBytes_AS_STRING(x), sep_len[j] = PyBytes_GET_SIZE(x);
        } else
            sep[j] = j == nc ? "\n" : ",", sep_len[j] = j == 0 && nc ? 0 : 1;
        over |= __builtin_mul_overflow((int64_t)n, (int64_t)sep_len[j], &add) ||
                __builtin_add_overflow(bound, add, &bound);
    }
    for (Py_ssize_t j = 0; j < nc; j++) {
        PyObject *spec = PyTuple_GET_ITEM(args[0], j);
        const char *kind;
        if (!PyTuple_Check(spec) || PyTuple_GET_SIZE(spec) != 3 ||
            !PyUnicode_Check(PyTuple_GET_ITEM(spec, 0)) ||
            (kind = PyUnicode_AsUTF8(PyTuple_GET_ITEM(spec, 0))) == NULL || strlen(kind) != 1 ||
            !strchr("tidneID", kind[0])) {
            if (!PyErr_Occurred())
                PyErr_Format(PyExc_ValueError, "csv_rows(): column %zd is not (kind, a, b)", j);
            goto done;
        }
        csv_col_t *c = &cols[j];
        c->kind = kind[0];
        PyObject *a = PyTuple_GET_ITEM(spec, 1), *b = PyTuple_GET_ITEM(spec, 2);
        if (c->kind == CSV_EMPTY)
            continue;
        if (!get_i64(a, &c->a, 0, "a column's values"))
            goto done;
        c->have_a = 1;
        Py_ssize_t len = c->a.len / 8;
        if (len != n + (c->kind == CSV_TEXT)) {
            PyErr_Format(PyExc_ValueError, "csv_rows(): column %zd has the wrong length", j);
            goto done;
        }
        int instant = c->kind == CSV_INSTANT || c->kind == 'I';
        if (c->kind == CSV_TEXT || (instant && b != Py_None)) {
            if (PyObject_GetBuffer(b, &c->b, PyBUF_SIMPLE) < 0)
                goto done;
            c->have_b = 1;
            if (instant && c->b.len != n) {
                PyErr_Format(PyExc_ValueError, "csv_rows(): column %zd's mask has the wrong length", j);
                goto done;
            }
        }
        const int64_t *v = c->a.buf;
        if (c->kind == CSV_TEXT) {
            int bad = n >= 0 && (v[0] < 0 || v[n] > (int64_t)c->b.len);
            for (Py_ssize_t i = 0; i < n && !bad; i++)
                bad = v[i + 1] < v[i];
            if (bad) {
                PyErr_Format(PyExc_ValueError, "csv_rows(): column %zd's offsets are out of order or outside its data", j);
                goto done;
            }
            over |= __builtin_add_overflow(bound, v[n] - v[0], &bound);
        } else if (instant) {
            const unsigned char *ok = c->have_b ? c->b.buf : NULL;
            for (Py_ssize_t i = 0; i < n; i++)
                if ((ok == NULL || ok[i]) && (v[i] < -62135596800000000LL || v[i] > 253402300799999999LL)) {
                    PyErr_Format(PyExc_ValueError, "csv_rows(): column %zd: an instant outside the years 1 to 9999", j);
                    goto done;
                }
            over |= __builtin_mul_overflow((int64_t)n, (int64_t)34, &add) ||
                    __builtin_add_overflow(bound, add, &bound);
        } else /* a duration or an integer: at most 27 bytes, quoted */
            over |= __builtin_mul_overflow((int64_t)n, (int64_t)34, &add) ||
                    __builtin_add_overflow(bound, add, &bound);
    }
    if (over || bound > PY_SSIZE_T_MAX) {
        PyErr_SetString(PyExc_OverflowError, "csv_rows(): more output than a bytes object holds");
        goto done;
    }
    out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)bound);
    if (out == NULL)
        goto done;
    char *o = PyBytes_AS_STRING(out);
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n; i++) {
        for (Py_ssize_t j = 0; j < nc; j++) {
            csv_col_t *c = &cols[j];
            const int64_t *v = c->a.buf;
            if (sep_len[j] == 1)
                *o++ = sep[j][0];
            else if (sep_len[j]) {
                memcpy(o, sep[j], (size_t)sep_len[j]);
                o += sep_len[j];
            }
            switch (c->kind) {
            case CSV_TEXT: {
                int64_t len = v[i + 1] - v[i];
                memcpy(o, (const char *)c->b.buf + v[i], (size_t)len);
                o += len;
                break;
            }
            case CSV_INSTANT:
                if (!c->have_b || ((const unsigned char *)c->b.buf)[i])
                    o = put_instant(o, v[i]);
                break;
            case CSV_DURATION:
                o = put_duration(o, v[i]);
                break;
            case 'I':
                if (!c->have_b || ((const unsigned char *)c->b.buf)[i]) {
                    *o++ = '"';
                    o = put_instant(o, v[i]);
                    *o++ = '"';
                } else
                    memcpy(o, "null", 4), o += 4;
                break;
            case 'D':
                *o++ = '"';
                o = put_duration(o, v[i]);
                *o++ = '"';
                break;
            case CSV_INT:
                if (v[i] < 0)
                    *o++ = '-';
                o = put_u(o, v[i] < 0 ? (uint64_t)0 - (uint64_t)v[i] : (uint64_t)v[i]);
                break;
            default:
                break;
            }
        }
        memcpy(o, sep[nc], (size_t)sep_len[nc]);
        o += sep_len[nc];
    }
    Py_END_ALLOW_THREADS
    if (_PyBytes_Resize(&out, (Py_ssize_t)(o - PyBytes_AS_STRING(out))) == 0) {
        result = out;
        out = NULL;
    }
done:
    Py_XDECREF(out);
    for (Py_ssize_t j = 0; j < nc; j++) {
        if (cols[j].have_a)
            PyBuffer_Release(&cols[j].a);
        if (cols[j].have_b)
            PyBuffer_Release(&cols[j].b);
    }
    PyMem_Free(cols);
    PyMem_Free(sep);
    PyMem_Free(sep_len);
    return result;
}

/* take_parts(parts, order, out): out[i] = the order[i]-th item of the int64 arrays of the
   tuple ``parts`` laid end to end (each order below their total length), without
   joining them first. The NumPy concatenate-then-take of slacalc/tables/_vclock.py
   (_taken without the kernel) is its twin. */
static PyObject *k_take_parts(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyTuple_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "take_parts() takes a tuple of arrays, the order and out");
        return NULL;
    }
    Py_ssize_t k = PyTuple_GET_SIZE(args[0]), got = 0;
    Py_buffer ord, out;
    int have_ord = 0, have_out = 0, bad = 0;
    PyObject *result = NULL;
    Py_buffer *parts = PyMem_Calloc((size_t)k + 1, sizeof(Py_buffer));
    int64_t *ends = PyMem_Calloc((size_t)k + 1, sizeof(int64_t));
    const int64_t **base = PyMem_Calloc((size_t)k + 1, sizeof(int64_t *));
    if (!parts || !ends || !base) {
        PyErr_NoMemory();
        goto done;
    }
    int64_t total = 0;
    for (; got < k; got++) {
        if (!get_i64(PyTuple_GET_ITEM(args[0], got), &parts[got], 0, "a part"))
            goto done;
        total += parts[got].len / 8;
        ends[got] = total;
        base[got] = parts[got].buf;
    }
    if (!get_i64(args[1], &ord, 0, "order"))
        goto done;
    have_ord = 1;
    if (!get_i64(args[2], &out, 1, "out"))
        goto done;
    have_out = 1;
    Py_ssize_t n = ord.len / 8;
    if (out.len / 8 != n) {
        PyErr_SetString(PyExc_ValueError, "take_parts(): buffers of mismatched lengths");
        goto done;
    }
    const int64_t *o = ord.buf;
    int64_t *w = out.buf;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n && !bad; i++) {
        int64_t x = o[i];
        if (x < 0 || x >= total) {
            bad = 1;
            break;
        }
        Py_ssize_t lo = 0, hi = k - 1; /* the first part whose end is above x */
        while (lo < hi) {
            Py_ssize_t mid = (lo + hi) / 2;
            if (ends[mid] > x)
                hi = mid;
            else
                lo = mid + 1;
        }
        w[i] = base[lo][x - (lo ? ends[lo - 1] : 0)];
    }
    Py_END_ALLOW_THREADS
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "take_parts(): an order out of range");
        goto done;
    }
    result = Py_None;
    Py_INCREF(result);
done:
    for (Py_ssize_t j = 0; j < got; j++)
        PyBuffer_Release(&parts[j]);
    if (have_ord)
        PyBuffer_Release(&ord);
    if (have_out)
        PyBuffer_Release(&out);
    PyMem_Free(parts);
    PyMem_Free(ends);
    PyMem_Free(base);
    return result;
}

/* ranges(first, lengths, out): the ranges first[i] .. first[i] + lengths[i] - 1 one after
   another into ``out`` (int64, as long as the lengths' sum; no length negative). The
   NumPy repeat and arange of slacalc/tables/_vclock.py (_ranges) are its twin. */
static PyObject *k_ranges(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    static const char *what[] = {"first", "lengths", "out"};
    Py_buffer v[3];
    PyObject *result = NULL;
    int have = get_i64s("ranges", args, nargs, 3, what, 2, v);
    if (have < 0)
        return NULL;
    if (have < 3)
        goto done;
    Py_ssize_t n = v[0].len / 8, size = v[2].len / 8;
    if (v[1].len / 8 != n) {
        PyErr_SetString(PyExc_ValueError, "ranges(): buffers of mismatched lengths");
        goto done;
    }
    const int64_t *first = v[0].buf, *len = v[1].buf;
    int64_t *out = v[2].buf;
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    int64_t total = 0;
    for (Py_ssize_t i = 0; i < n && !bad; i++)
        bad = len[i] < 0 || __builtin_add_overflow(total, len[i], &total);
    bad = bad || total != (int64_t)size;
    if (!bad) {
        int64_t k = 0;
        for (Py_ssize_t i = 0; i < n; i++)
            for (int64_t j = 0; j < len[i]; j++)
                out[k++] = first[i] + j;
    }
    Py_END_ALLOW_THREADS
    if (bad) {
        PyErr_SetString(PyExc_ValueError,
                        "ranges(): a negative length, or lengths not summing to the output's");
        goto done;
    }
    result = Py_None;
    Py_INCREF(result);
done:
    for (int i = 0; i < have; i++)
        PyBuffer_Release(&v[i]);
    return result;
}

/* The byte order of two texts (memcmp's, then the shorter first): Arrow's order of
   ``string`` values. */
static inline int text_cmp(const char *a, int64_t la, const char *b, int64_t lb) {
    int c = memcmp(a, b, (size_t)(la < lb ? la : lb));
    return c ? c : (la > lb) - (la < lb);
}

/* text_runs(offsets, data, prev, base, codes, starts) -> runs, or -1: the texts of a text
   array (``offsets``: int64, one more than there are texts, into the bytes ``data``),
   each at or above the one before (``prev``: the text before the first, bytes, or None),
   coded by their runs: a run of equal texts is one code, ``base`` the next code to give
   (a first text equal to ``prev`` keeps code base - 1). Writes each text's code to
   ``codes`` and the index of each run's first text to ``starts`` (both int64, a slot a
   text); returns the number of runs begun, or -1 (nothing to read from the outputs)
   where a text is below the one before. The Arrow comparisons of
   slacalc/tables/_vclock.py (_runs without the kernel) are its twin. */
static PyObject *k_text_runs(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    Py_buffer off, dat, prv, cod, sta;
    int have = 0, has_prev = 0;
    PyObject *result = NULL;
    if (nargs != 6) {
        PyErr_SetString(PyExc_TypeError, "text_runs() takes 6 arguments");
        return NULL;
    }
    int64_t base = PyLong_AsLongLong(args[3]);
    if (base == -1 && PyErr_Occurred())
        return NULL;
    if (!get_i64(args[0], &off, 0, "offsets"))
        return NULL;
    have = 1;
    if (PyObject_GetBuffer(args[1], &dat, PyBUF_SIMPLE) < 0)
        goto done;
    have = 2;
    if (args[2] != Py_None) {
        if (PyObject_GetBuffer(args[2], &prv, PyBUF_SIMPLE) < 0)
            goto done;
        has_prev = 1;
    }
    if (!get_i64(args[4], &cod, 1, "codes"))
        goto done;
    have = 3;
    if (!get_i64(args[5], &sta, 1, "starts"))
        goto done;
    have = 4;
    Py_ssize_t n = off.len / 8 - 1;
    if (n < 0 || cod.len / 8 != n || sta.len / 8 != n) {
        PyErr_SetString(PyExc_ValueError, "text_runs(): buffers of mismatched lengths");
        goto done;
    }
    const int64_t *o = off.buf;
    const char *d = dat.buf;
    int64_t *codes = cod.buf, *starts = sta.buf;
    int bad = o[0] < 0 || o[n] > (int64_t)dat.len, below = 0;
    Py_ssize_t k = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n && !bad; i++)
        bad = o[i + 1] < o[i];
    const char *last = has_prev ? (const char *)prv.buf : NULL;
    int64_t last_len = has_prev ? (int64_t)prv.len : 0;
    for (Py_ssize_t i = 0; i < n && !bad && !below; i++) {
        const char *a = d + o[i];
        int64_t la = o[i + 1] - o[i];
        int begins = last == NULL;
        if (!begins && !(la == last_len && memcmp(a, last, (size_t)la) == 0)) {
            below = text_cmp(last, last_len, a, la) > 0;
            begins = 1;
        }
        if (begins)
            starts[k++] = i;
        codes[i] = base + k - 1;
        last = a, last_len = la;
    }
    Py_END_ALLOW_THREADS
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "text_runs(): offsets out of order or outside the data");
        goto done;
    }
    result = PyLong_FromSsize_t(below ? -1 : k);
done:
    if (has_prev)
        PyBuffer_Release(&prv);
    if (have >= 1)
        PyBuffer_Release(&off);
    if (have >= 2)
        PyBuffer_Release(&dat);
    if (have >= 3)
        PyBuffer_Release(&cod);
    if (have >= 4)
        PyBuffer_Release(&sta);
    return result;
}

/* take_text(offsets, data, codes): the texts of a text array (``offsets``: int64, one
   more than there are texts, into the bytes ``data``) picked by ``codes`` (int64; -1
   picks nothing: an empty text, which the caller marks null), as Arrow's string layout:
   (int32 offsets, one more than there are codes, as bytes; the texts' bytes), or None
   when they hold more than 2**31 - 1 bytes. Arrow's ``take`` (slacalc/tables/_vclock.py,
   _take_text without the kernel) is its twin. */
static PyObject *k_take_text(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    Py_buffer off, dat, cod;
    int have = 0;
    PyObject *result = NULL, *out_off = NULL, *out_dat = NULL;
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "take_text() takes 3 arguments");
        return NULL;
    }
    if (!get_i64(args[0], &off, 0, "offsets"))
        return NULL;
    have = 1;
    if (PyObject_GetBuffer(args[1], &dat, PyBUF_SIMPLE) < 0)
        goto done;
    have = 2;
    if (!get_i64(args[2], &cod, 0, "codes"))
        goto done;
    have = 3;
    Py_ssize_t nw = off.len / 8 - 1, n = cod.len / 8;
    const int64_t *o = off.buf, *c = cod.buf;
    const char *d = dat.buf;
    if (nw < 0 || o[0] < 0 || o[nw] > (int64_t)dat.len) {
        PyErr_SetString(PyExc_ValueError, "take_text(): offsets outside the data");
        goto done;
    }
    int64_t total = 0;
    int problem = 0; /* 1: offsets out of order, 2: a code out of range, 3: too long */
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t w = 0; w < nw && !problem; w++)
        if (o[w + 1] < o[w])
            problem = 1;
    for (Py_ssize_t i = 0; i < n && !problem; i++) {
        int64_t k = c[i];
        if (k < -1 || k >= nw)
            problem = 2;
        else if (k >= 0 && (total += o[k + 1] - o[k]) > INT32_MAX)
            problem = 3; /* more than Arrow's string offsets hold */
    }
    Py_END_ALLOW_THREADS
    if (problem == 1 || problem == 2) {
        PyErr_SetString(PyExc_ValueError, problem == 1 ? "take_text(): offsets out of order"
                                                       : "take_text(): a code out of range");
        goto done;
    }
    if (problem == 3) {
        result = Py_None;
        Py_INCREF(result);
        goto done;
    }
    out_off = PyBytes_FromStringAndSize(NULL, (n + 1) * (Py_ssize_t)sizeof(int32_t));
    out_dat = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)total);
    if (!out_off || !out_dat)
        goto done;
    int32_t *oo = (int32_t *)PyBytes_AS_STRING(out_off);
    char *od = PyBytes_AS_STRING(out_dat);
    Py_BEGIN_ALLOW_THREADS
    int64_t pos = 0;
    oo[0] = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int64_t k = c[i];
        if (k >= 0) {
            int64_t len = o[k + 1] - o[k];
            memcpy(od + pos, d + o[k], (size_t)len);
            pos += len;
        }
        oo[i + 1] = (int32_t)pos;
    }
    Py_END_ALLOW_THREADS
    result = PyTuple_Pack(2, out_off, out_dat);
done:
    Py_XDECREF(out_off);
    Py_XDECREF(out_dat);
    if (have >= 1)
        PyBuffer_Release(&off);
    if (have >= 2)
        PyBuffer_Release(&dat);
    if (have >= 3)
        PyBuffer_Release(&cod);
    return result;
}

/* ---- module -------------------------------------------------------------------------------- */

static PyMethodDef methods[] = {
    {"add", (PyCFunction)(void (*)(void))k_add, METH_FASTCALL,
     "add(chunks, start, duration) -> datetime | None"},
    {"subtract", (PyCFunction)(void (*)(void))k_subtract, METH_FASTCALL,
     "subtract(chunks, end, duration) -> datetime | None"},
    {"elapsed", (PyCFunction)(void (*)(void))k_elapsed, METH_FASTCALL,
     "elapsed(chunks, start, end) -> timedelta | None"},
    {"next_open", (PyCFunction)(void (*)(void))k_next_open, METH_FASTCALL,
     "next_open(chunks, instant, horizon_us) -> datetime | None"},
    {"next_close", (PyCFunction)(void (*)(void))k_next_close, METH_FASTCALL,
     "next_close(chunks, instant, horizon_us) -> datetime | None"},
    {"front", (PyCFunction)(void (*)(void))k_front, METH_FASTCALL,
     "front(name, pure) -> a C method for Calendar.add / subtract / elapsed"},
    {"to_us", (PyCFunction)k_to_us, METH_O, "to_us(dt) -> int | None"},
    {"from_us", (PyCFunction)(void (*)(void))k_from_us, METH_FASTCALL,
     "from_us(us, tz) -> datetime | None"},
    {"add_rows", (PyCFunction)(void (*)(void))k_add_rows, METH_FASTCALL,
     "add_rows(s, e, acc, starts, durations, out, far) -> int"},
    {"subtract_rows", (PyCFunction)(void (*)(void))k_subtract_rows, METH_FASTCALL,
     "subtract_rows(s, e, acc, ends, durations, out, far) -> int"},
    {"elapsed_rows", (PyCFunction)(void (*)(void))k_elapsed_rows, METH_FASTCALL,
     "elapsed_rows(s, e, acc, starts, ends, out, far) -> int"},
    {"snapshots", (PyCFunction)(void (*)(void))k_snapshots, METH_FASTCALL,
     "snapshots(t, at, created, snap_t, snap_at, row_snap, t0) -> int"},
    {"fill_state", (PyCFunction)(void (*)(void))k_fill_state, METH_FASTCALL,
     "fill_state(t, snaps, values, out) -> None"},
    {"fill_states", (PyCFunction)(void (*)(void))k_fill_states, METH_FASTCALL,
     "fill_states(t, row_snap, f, v, slot_of, out) -> None"},
    {"cycle_sums", (PyCFunction)(void (*)(void))k_cycle_sums, METH_FASTCALL,
     "cycle_sums(e, sc, target, elapsed, hit, rest) -> None"},
    {"shares", (PyCFunction)(void (*)(void))k_shares, METH_FASTCALL,
     "shares(sc, who, e, n_parties, out_c, out_w, out_t) -> int"},
    {"clock_flags", (PyCFunction)(void (*)(void))k_clock_flags, METH_FASTCALL,
     "clock_flags(t, prio, mask, first, start, start_event, cancel, stop, pause, reset, out) -> None"},
    {"clock_runs", (PyCFunction)(void (*)(void))k_clock_runs, METH_FASTCALL,
     "clock_runs(t, flags, restart, resume, c_t, c_first, c_end, c_how, rae, seg_s, seg_c)"
     " -> (cycles, segments)"},
    {"text_plain", (PyCFunction)(void (*)(void))k_text_plain, METH_FASTCALL,
     "text_plain(offsets, data, quoted, formula) -> bool"},
    {"lists_distinct", (PyCFunction)(void (*)(void))k_lists_distinct, METH_FASTCALL,
     "lists_distinct(lists, offsets, data) -> bool | None"},
    {"json_quote", (PyCFunction)(void (*)(void))k_json_quote, METH_FASTCALL,
     "json_quote(offsets, data, valid) -> (offsets, data, odd) | None"},
    {"csv_rows", (PyCFunction)(void (*)(void))k_csv_rows, METH_FASTCALL,
     "csv_rows(columns, n[, seps]) -> bytes"},
    {"take_parts", (PyCFunction)(void (*)(void))k_take_parts, METH_FASTCALL,
     "take_parts(parts, order, out) -> None"},
    {"ranges", (PyCFunction)(void (*)(void))k_ranges, METH_FASTCALL,
     "ranges(first, lengths, out) -> None"},
    {"text_runs", (PyCFunction)(void (*)(void))k_text_runs, METH_FASTCALL,
     "text_runs(offsets, data, prev, base, codes, starts) -> int"},
    {"take_text", (PyCFunction)(void (*)(void))k_take_text, METH_FASTCALL,
     "take_text(offsets, data, codes) -> (offsets, data) | None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_kernel",
    "slacalc's C kernel: the engine's innermost loops, the pure path's exact twin.", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__kernel(void) {
    PyDateTime_IMPORT;
    if (PyDateTimeAPI == NULL)
        return NULL;
    str_packed = PyUnicode_InternFromString("packed");
    str_utcoffset = PyUnicode_InternFromString("utcoffset");
    str_fromutc = PyUnicode_InternFromString("fromutc");
    str_view = PyUnicode_InternFromString("_kernel_view");
    str_landing = PyUnicode_InternFromString("landing");
    str_close = PyUnicode_InternFromString("close");
    if (!str_packed || !str_utcoffset || !str_fromutc || !str_view ||
        !str_landing || !str_close)
        return NULL;
    if (PyType_Ready(&FrontType) < 0)
        return NULL;
    return PyModule_Create(&module);
}
