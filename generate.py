#!/usr/bin/env python3
"""Build accessible patient handouts: `python generate.py --help`."""

import sys

from plainleaf.cli.command import main

if __name__ == "__main__":
    sys.exit(main())
