"""Bounded fuzzing of the C kernel: random calendars and instants, kernel == pure path.

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

from kernel_cases import mismatches
from slacalc._engine.switch import KERNEL


def main() -> int:
    if KERNEL is None:
        print("fuzz_kernel: the C kernel is not built (or SLACALC_PURE=1): nothing to fuzz")
        return 0
    budget = float(os.environ.get("SLACALC_FUZZ_SECONDS", "20"))
    stop = time.monotonic() + budget
    seed = random.SystemRandom().randrange(2**32)
    done = 0
    bad: list[str] = []
    while time.monotonic() < stop and not bad:
        bad = mismatches(seed + done)
        done += 1
    for line in bad:
        print(line)
    print(f"fuzz_kernel: {done} calendars from seed {seed}, {len(bad)} mismatches")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
