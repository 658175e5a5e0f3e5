"""``python -m slacalc``: the command line."""

import sys

from slacalc.cli import main

sys.exit(main())
