"""Python's cyclic garbage collector, paused while a command or a PDF holds objects that form no cycles."""
from __future__ import annotations

import gc


class Paused:
    """``with Paused():`` the collector does not run inside, and is left as the caller had it.

    A class rather than a generator: switching the collector back on is the last thing its exit does,
    where a generator's exit would go on to allocate and so set off a collection at once.
    """

    def __enter__(self) -> None:
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *_exception: object) -> None:
        if self.enabled:
            gc.enable()
