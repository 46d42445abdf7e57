"""``python -m dnn_core``: the command line (see dnn_core.cli.commands)."""

import sys

from dnn_core.cli.commands import main

if __name__ == "__main__":
    sys.exit(main())
