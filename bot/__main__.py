"""`python -m bot` is `cabinet run`."""

import sys

from cli.main import main

sys.exit(main(["run", *sys.argv[1:]]))
