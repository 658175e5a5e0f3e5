"""The catalogue's ``[platforms.<name>]`` sections: checked with the rest of the catalogue.

The mappings themselves are read by :func:`slacalc.platforms.load_mappings`;
the catalogue reader only makes sure a catalogue with a broken mapping is
reported, every problem with its key path, beside its other problems.
"""

from __future__ import annotations

from slacalc.errors import CatalogueError

__all__: list[str] = []


def platform_problems(section: object) -> list[tuple[str, str]]:
    """Every problem of a parsed ``platforms`` table, as ``(key path, message)``."""
    from slacalc.platforms.mapping import mappings_from_table

    if not isinstance(section, dict):
        return [("platforms", f"expected a table of platform mappings, found {section!r}")]
    try:
        mappings_from_table(section)
    except CatalogueError as error:
        return list(error.problems)
    return []
