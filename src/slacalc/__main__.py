"""``python -m slacalc``: the command line."""

import sys

from slacalc.cli.main.main import main

sys.exit(main())
