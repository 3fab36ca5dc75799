"""python -m clinicdesk.hub ACTION …: the hub's commands without the desktop program."""

import logging
import sys

from clinicdesk.hub.cli import main

logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
sys.exit(main())
