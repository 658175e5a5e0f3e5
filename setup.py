"""Build slacalc's optional C kernel, or fall back to the pure-Python path.

The extension ``slacalc._engine._kernel`` is compiled from
``src/slacalc/_engine/_kernel.c`` when a C compiler and the Python headers are
present. When they are not (or the source is absent), the build prints one line
saying so and installs the pure-Python package, which gives the same answers.
Set ``SLACALC_PURE=1`` at build time to skip the compile step on purpose.
Everything else about the package is declared in pyproject.toml.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

SOURCE = Path("src/slacalc/_engine/_kernel.c")


class OptionalBuildExt(build_ext):
    """build_ext that never fails the install: no compiler means the pure path."""

    failed = False

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # a missing compiler surfaces here (PlatformError, ...)
            self._fallback(exc)

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:  # compile or link errors (CompileError, LinkError, OSError)
            self._fallback(exc)

    def _fallback(self, exc: BaseException) -> None:
        if self.failed:  # one line per build, however many steps then find no kernel
            return
        self.failed = True
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(
            f"slacalc: C kernel not built ({reason}); installing the pure-Python path",
            file=sys.stderr,
        )


def _extensions() -> list[Extension]:
    if os.environ.get("SLACALC_PURE") == "1":
        print("slacalc: SLACALC_PURE=1: C kernel not built", file=sys.stderr)
        return []
    if not SOURCE.is_file():
        print(f"slacalc: {SOURCE} absent: C kernel not built", file=sys.stderr)
        return []
    flags = os.environ.get("SLACALC_CFLAGS", "").split()
    return [
        Extension(
            "slacalc._engine._kernel",
            sources=[str(SOURCE)],
            extra_compile_args=["-O3", *flags] if os.name != "nt" else [],
            extra_link_args=flags,
        )
    ]


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
