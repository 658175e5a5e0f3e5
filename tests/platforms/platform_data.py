"""Shared fixtures: the fixture files, their mappings and the scenarios they were made from."""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import slacalc.platforms as sp

DATA = Path(__file__).parent.parent / "data"
sys.path.insert(0, str(DATA))

import make_platform_fixtures as made  # noqa: E402

MAPPINGS = sp.load_mappings(DATA / "platforms-catalogue.toml")


def scenarios(platform: str) -> list[dict[str, Any]]:
    """The tickets the fixture of ``platform`` was written from (the generator is seeded)."""
    return made.scenarios(platform, random.Random(f"slacalc-{platform}"))
