"""``python -m pipeline`` is the ``letter`` command."""
from pipeline.cli import run

run()
