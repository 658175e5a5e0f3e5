"""Reading what ITSM platforms export, and auditing their SLA figures.

Readers are pure functions from parsed data (dicts, rows) to an
:class:`~slacalc.activity.ActivityLog` or to :class:`PlatformRecord` values;
the ``read_*`` functions open a file and call them. See docs/platforms.md.

>>> import slacalc.platforms as sp
>>> sorted(sp.PLATFORMS)
['flat', 'jira', 'servicenow', 'zendesk']
"""

from slacalc.platforms._nodes import ExportError, ExportProblem
from slacalc.platforms._readings import LocalReadings
from slacalc.platforms.flat import flat_activity, read_flat
from slacalc.platforms.jira import (
    iter_jira_issues,
    jira_activity,
    jsm_sla_records,
    read_jira,
    read_jsm_sla,
)
from slacalc.platforms.mapping import (
    CATEGORIES,
    DEFAULT_FIELDS,
    PLATFORMS,
    PlatformMapping,
    Unmapped,
    load_mappings,
    mapping_from_table,
    mappings_from_table,
    unmapped,
)
from slacalc.platforms.parquet import ParquetUnavailableError, read_parquet
from slacalc.platforms.policies import activity_rules
from slacalc.platforms.reconcile import (
    Comparison,
    Reconciliation,
    Tolerance,
    neutralise,
    reconcile,
    targets_of,
)
from slacalc.platforms.record import PlatformRecord
from slacalc.platforms.servicenow import (
    read_rows,
    read_servicenow,
    read_task_sla,
    servicenow_activity,
    task_sla_records,
)
from slacalc.platforms.zendesk import (
    read_ticket_metric_events,
    read_zendesk_audits,
    zendesk_activity,
    zendesk_metric_records,
)

__all__ = [
    "CATEGORIES",
    "DEFAULT_FIELDS",
    "PLATFORMS",
    "Comparison",
    "ExportError",
    "ExportProblem",
    "LocalReadings",
    "ParquetUnavailableError",
    "PlatformMapping",
    "PlatformRecord",
    "Reconciliation",
    "Tolerance",
    "Unmapped",
    "activity_rules",
    "flat_activity",
    "iter_jira_issues",
    "jira_activity",
    "jsm_sla_records",
    "load_mappings",
    "mapping_from_table",
    "mappings_from_table",
    "neutralise",
    "read_flat",
    "read_jira",
    "read_jsm_sla",
    "read_parquet",
    "read_rows",
    "read_servicenow",
    "read_task_sla",
    "read_ticket_metric_events",
    "read_zendesk_audits",
    "reconcile",
    "servicenow_activity",
    "targets_of",
    "task_sla_records",
    "unmapped",
    "zendesk_activity",
    "zendesk_metric_records",
]
