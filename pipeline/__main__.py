"""``python -m pipeline`` and the installed ``letter`` command: :func:`launch`."""
import sys


def launch() -> None:
    """Load the command line, then run it (``cli.run``).

    Ctrl-C while its modules load (Click and the command's own) stops the command with one
    line and exit code 130 (``cli.group.EXIT_INTERRUPTED``), as Ctrl-C does once it runs, not with a
    traceback of the import it stopped: the guard must stand before the first import of the CLI.
    """
    try:
        from pipeline.cli import run
    except KeyboardInterrupt:
        sys.stderr.write("letter: interrupted\n")
        raise SystemExit(130) from None
    run()


if __name__ == "__main__":
    launch()
