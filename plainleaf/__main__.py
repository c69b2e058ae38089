"""`python3 -m plainleaf`: the same as the `plainleaf` command."""

import sys

from plainleaf.cli.command import main

if __name__ == "__main__":
    sys.exit(main())
