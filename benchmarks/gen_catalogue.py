"""Write a large synthetic TOML catalogue: 100 SLAs x 5 priorities x 3-stage chains.

Run:

    python benchmarks/gen_catalogue.py OUT.toml [--slas 100] [--seed 7]

The file is in the format of
``examples/catalogue.toml`` (see docs/catalogue.md): eleven calendars in seven zones
(office hours with national holidays, a 24x7 calendar with a monthly maintenance
closure, a night shift, an expression calendar and the built-in ``always``), the
ITIL priority matrix, 25 services, ``--slas`` SLAs with response and resolution
targets for P1..P5, twelve OLAs (a service desk and eleven resolver teams) and
ten UCs with suppliers in other countries, and for every SLA one resolution chain
of three stages (desk response -> team resolution -> supplier response) and one
response chain (the desk), both for all five priorities. Output is deterministic
for a given seed. The catalogue is meant to be checked, so it has gaps (chains that overrun, 24x7
promises on office-hour suppliers, overdue reviews): ``benchmarks/bulk.py`` times
``slacalc.find_gaps`` on it.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

PRIORITIES = ["P1", "P2", "P3", "P4", "P5"]

CALENDARS = """\
[calendars.uk-business]
tz = "Europe/London"
hours = { mon-fri = "08:00-18:00" }
holidays = ["GB-ENG"]
closures = [["2026-12-24 13:00", "2026-12-25 00:00"], 2026-12-29, 2026-12-30, 2026-12-31]

[calendars.uk-extended]
tz = "Europe/London"
hours = { mon-fri = "07:00-20:00", sat = "08:00-13:00" }
holidays = ["GB-ENG"]

[calendars.uk-24x7]
tz = "Europe/London"
hours = { daily = "00:00-24:00" }

[calendars.uk-24x7.maintenance]
rrule = "FREQ=MONTHLY;BYDAY=1SU"
hours = "02:00-06:00"

[calendars.uk-night]
tz = "Europe/London"
hours = { daily = "22:00-06:00" }
holidays = ["GB-ENG"]

[calendars.uk-out-of-hours]
expr = "uk-24x7 - uk-business"

[calendars.us-east-business]
tz = "America/New_York"
hours = { mon-fri = "09:00-17:00" }
holidays = ["US"]

[calendars.us-west-business]
tz = "America/Los_Angeles"
hours = { mon-fri = "08:00-17:00" }
holidays = ["US-CA"]

[calendars.india-business]
tz = "Asia/Kolkata"
hours = { mon-fri = "09:00-18:00", sat = "09:00-13:00" }
holidays = ["IN"]

[calendars.de-business]
tz = "Europe/Berlin"
hours = { mon-fri = "08:00-18:00" }
holidays = ["DE-HE"]

[calendars.au-business]
tz = "Australia/Sydney"
hours = { mon-fri = "08:30-17:30" }
holidays = ["AU-NSW"]

[calendars.sg-business]
tz = "Asia/Singapore"
hours = { mon-fri = "09:00-18:00" }
holidays = ["SG"]
"""

SLA_CALENDARS = ["uk-business", "uk-business", "uk-extended", "uk-24x7", "uk-business"]
TEAM_CALENDARS = ["uk-business", "uk-extended", "uk-24x7", "uk-night", "uk-business"]
SUPPLIERS = [
    ("cloudcrm", "CloudCRM Inc. (Boston)", "us-east-business"),
    ("westhost", "Westhost LLC (San Jose)", "us-west-business"),
    ("nimbus", "Nimbus Support Pvt Ltd (Pune)", "india-business"),
    ("rheinwerk", "Rheinwerk Hosting GmbH (Frankfurt)", "de-business"),
    ("harbour", "Harbour Networks Pty (Sydney)", "au-business"),
    ("lionsoft", "Lionsoft Pte Ltd (Singapore)", "sg-business"),
    ("mailhost", "MailHost Ltd (Manchester)", "uk-business"),
    ("printco", "PrintCo Ltd (Leeds)", "uk-extended"),
    ("noc24", "NOC24 Ltd (Reading)", "uk-24x7"),
    ("telco", "Telco plc (London)", "always"),
]
TEAMS = [
    "infrastructure",
    "applications",
    "network",
    "security",
    "database",
    "end-user",
    "identity",
    "integration",
    "data-platform",
    "telephony",
    "facilities-it",
]
CUSTOMERS = [
    "Finance",
    "Sales & Marketing",
    "Warehouse Operations",
    "Customer Services",
    "HR",
    "Legal",
    "Procurement",
    "Fleet",
]
# (response, resolution) choices per priority, in minutes of business time.
RESPONSE = {"P1": [10, 15, 30], "P2": [30, 60], "P3": [120, 240], "P4": [240, 480], "P5": [480]}
RESOLUTION = {
    "P1": [120, 240, 360],
    "P2": [360, 480, 600],
    "P3": [960, 1440],
    "P4": [2400, 3000],
    "P5": [4800, 6000],
}


def dur(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return (f"{h}h" if h else "") + (f"{m}m" if m else "") or "0m"


def targets_block(prefix: str, rng: random.Random, scale: float, always_p1: str | None) -> str:
    lines = []
    for p in PRIORITIES:
        resp = max(5, int(rng.choice(RESPONSE[p]) * scale) // 5 * 5)
        res = max(resp + 15, int(rng.choice(RESOLUTION[p]) * scale) // 15 * 15)
        cal = f', calendar = "{always_p1}"' if always_p1 and p == "P1" else ""
        cells = f'response = "{dur(resp)}", resolution = "{dur(res)}"{cal}'
        lines.append(f"{prefix}targets.{p} = {{ {cells} }}")
    return "\n".join(lines)


def reviewed(rng: random.Random) -> str:
    return (date(2025, 6, 1) + timedelta(days=rng.randrange(540))).isoformat()


def generate(n_slas: int = 100, seed: int = 7) -> str:
    rng = random.Random(seed)
    out = [
        f"# Synthetic catalogue for benchmarks: {n_slas} SLAs x 5 priorities x 3-stage chains.",
        f"# Written by benchmarks/gen_catalogue.py (seed {seed}); do not edit by hand.",
        "",
        CALENDARS,
        "[priorities]",
        'impacts = ["high", "medium", "low"]',
        'urgencies = ["high", "medium", "low"]',
        'grid = [["P1", "P2", "P3"], ["P2", "P3", "P4"], ["P3", "P4", "P5"]]',
        "",
    ]
    services = [f"svc-{i:02d}" for i in range(1, 26)]
    for s in services:
        out += [f"[services.{s}]", f'name = "Business service {s[4:]}"', ""]
    slas = [f"sla-{i:03d}" for i in range(1, n_slas + 1)]
    team_of: dict[str, str] = {}
    supplier_of: dict[str, str] = {}
    for i, sid in enumerate(slas):
        cal = SLA_CALENDARS[i % len(SLA_CALENDARS)]
        always = rng.choice([None, None, "always", "uk-24x7"]) if cal != "uk-24x7" else None
        team_of[sid] = TEAMS[i % len(TEAMS)]
        supplier_of[sid] = SUPPLIERS[(i * 7 + i // len(TEAMS)) % len(SUPPLIERS)][0]
        out += [
            f"[sla.{sid}]",
            f'service = "{services[i % len(services)]}"',
            f'customer = "{CUSTOMERS[i % len(CUSTOMERS)]}"',
            f'calendar = "{cal}"',
            f"reviewed = {reviewed(rng)}",
            targets_block("", rng, rng.choice([0.75, 1.0, 1.0, 1.5]), always),
            "",
        ]
    desk_supports = ", ".join(f'"{s}"' for s in slas)
    out += [
        "[ola.service-desk]",
        'team = "IT Service Desk"',
        'owner = "Service Desk Manager"',
        'calendar = "uk-extended"',
        f"supports = [{desk_supports}]",
        f"reviewed = {reviewed(rng)}",
        'targets.P1 = { response = "10m", resolution = "1h", calendar = "always" }',
        'targets.P2 = { response = "15m", resolution = "2h", calendar = "always" }',
        'targets.P3 = { response = "1h", resolution = "8h" }',
        'targets.P4 = { response = "2h", resolution = "16h" }',
        'targets.P5 = { response = "4h", resolution = "40h" }',
        "",
    ]
    for j, team in enumerate(TEAMS):
        supports = ", ".join(f'"{s}"' for s in slas if team_of[s] == team)
        owner = "" if j == 3 else f'owner = "Head of {team}"\n'
        out += [
            f"[ola.{team}]",
            f'team = "{team.replace("-", " ").title()}"',
            owner.rstrip("\n") if owner else "# no owner: an undocumented-owner finding",
            f'calendar = "{TEAM_CALENDARS[j % len(TEAM_CALENDARS)]}"',
            f"supports = [{supports}]",
            f"reviewed = {reviewed(rng)}",
            targets_block("", rng, 0.5, "always" if j % 2 else None),
            "",
        ]
    for key, name, cal in SUPPLIERS:
        supports = ", ".join(f'"{s}"' for s in slas if supplier_of[s] == key)
        out += [
            f"[uc.{key}]",
            f'supplier = "{name}"',
            f'calendar = "{cal}"',
            f"supports = [{supports}]",
            f"reviewed = {reviewed(rng)}",
            targets_block("", rng, 0.4, "always" if key in ("nimbus", "rheinwerk") else None),
            "",
        ]
    for sid in slas:
        stages = ", ".join(
            f'"{s}"'
            for s in (
                "service-desk.response",
                f"{team_of[sid]}.resolution",
                f"{supplier_of[sid]}.response",
            )
        )
        out += [
            "[[chains]]",
            f'sla = "{sid}"',
            'metric = "response"',
            'stages = ["service-desk.response"]',
            "",
            "[[chains]]",
            f'sla = "{sid}"',
            'metric = "resolution"',
            f"stages = [{stages}]",
            "",
        ]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="the TOML file to write")
    parser.add_argument("--slas", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    text = generate(args.slas, args.seed)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: {args.slas} SLAs x {len(PRIORITIES)} priorities x 3-stage chains")


if __name__ == "__main__":
    main()
