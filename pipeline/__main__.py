"""``python -m pipeline`` is the ``letter`` command."""
from pipeline.cli import main

main()
