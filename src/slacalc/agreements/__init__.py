"""Services and the agreements that promise them: SLA, OLA, UC, targets and chains.

The catalogue that checks them together is :class:`slacalc.catalogue.Catalogue`.
"""

from slacalc.agreements.agreements import (
    OLA,
    SLA,
    UC,
    Agreement,
    AgreementVersion,
    Chain,
    FrozenMap,
    Service,
    SlaTarget,
    Stage,
    Target,
    target_table,
)

__all__ = [
    "OLA",
    "SLA",
    "UC",
    "Agreement",
    "AgreementVersion",
    "Chain",
    "FrozenMap",
    "Service",
    "SlaTarget",
    "Stage",
    "Target",
    "target_table",
]
