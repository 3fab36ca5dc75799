import sys

from clinicdesk.cli import main

sys.exit(main())
