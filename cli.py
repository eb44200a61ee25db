"""Run the `handouts` command from a checkout: ``python cli.py ...``.

The command lives in the package (:mod:`handouts.cli`), and installs as the
``handouts`` entry point; ``python -m handouts`` runs it too. This file is
only a convenience of the source tree and is not installed."""
from handouts.cli import main

if __name__ == "__main__":
    main()
