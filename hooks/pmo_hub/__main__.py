import sys

from pmo_hub.cli import main

sys.exit(main())
