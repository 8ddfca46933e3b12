"""``python -m explorer.bench``: the benchmark, which lives in :mod:`explorer.ui.bench`
because it drives Qt and OpenGL (see there for what it measures)."""

import sys

from .ui.bench import main

if __name__ == "__main__":
    sys.exit(main())
