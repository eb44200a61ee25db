"""``python -m handouts``: the `handouts` command."""
from handouts.cli import main

main(prog_name="handouts")
