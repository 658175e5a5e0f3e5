"""Bounded fuzzing of the C kernel: random calendars, instants and bulk rows, kernel == pure path.

Run as ``python tests/fuzz_kernel.py``; it stops after ``SLACALC_FUZZ_SECONDS``
seconds (default 20) and exits non-zero on any mismatch (a crash ends it too).
CI runs it on a build with AddressSanitizer.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kernel_cases import BULK_SHAPES, bulk_mismatches, mismatches
from slacalc._engine.switch import KERNEL


def main() -> int:
    if KERNEL is None:
        print("fuzz_kernel: the C kernel is not built (or SLACALC_PURE=1): nothing to fuzz")
        return 0
    try:
        import numpy  # noqa: F401
    except ImportError:
        bulk = False
    else:
        bulk = True
    budget = float(os.environ.get("SLACALC_FUZZ_SECONDS", "20"))
    stop = time.monotonic() + budget
    seed = random.SystemRandom().randrange(2**32)
    done = 0
    bad: list[str] = []
    while time.monotonic() < stop and not bad:
        bad = mismatches(seed + done)
        if not bad and bulk:  # the bulk row loops too, in blocks of 1 to 65,536 rows
            shape = BULK_SHAPES[done % len(BULK_SHAPES)]
            bad = bulk_mismatches(seed + done, shape, (1, 5, 1 << 16)[done % 3])
        done += 1
    for line in bad:
        print(line)
    print(f"fuzz_kernel: {done} calendars from seed {seed}, {len(bad)} mismatches")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
