"""Which engine runs: the C kernel when it is built, the pure-Python path otherwise.

The choice is made once, at import: ``SLACALC_PURE=1`` in the environment, or an
absent (or unloadable) ``slacalc._engine._kernel``, selects the pure path. The
kernel and the pure path give identical answers (tests/test_kernel.py); the
kernel answers the common cases and hands every other one to the pure path.
"""

from __future__ import annotations

import os
from types import ModuleType


def _load() -> ModuleType | None:
    if os.environ.get("SLACALC_PURE") == "1":
        return None
    try:
        from slacalc._engine import _kernel
    except ImportError:
        return None
    return _kernel


#: The C kernel module, or None when the pure path runs.
KERNEL: ModuleType | None = _load()
#: True when the C kernel is in use.
COMPILED: bool = KERNEL is not None
