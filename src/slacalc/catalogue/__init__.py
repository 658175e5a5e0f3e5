"""The catalogue: the model checked together, and its TOML reader (``load``, ``loads``)."""

from slacalc.catalogue.model import Catalogue
from slacalc.catalogue.reader import load, loads

__all__ = ["Catalogue", "load", "loads"]
