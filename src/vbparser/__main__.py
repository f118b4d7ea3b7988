"""``python -m vbparser`` runs the command-line interface."""

from vbparser.cli import run

run()
