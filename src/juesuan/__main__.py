"""``python -m juesuan`` runs the command line."""

from .cli import main

main()
