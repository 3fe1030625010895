"""Stopping a run on SIGTERM (the profiler cancelled it, or went away): the main thread unwinds with SystemExit, so
loky's pool is shut down on the way out. Not while loky is making its pool: one stopped half-made leaves named
semaphores that nothing frees, so the stop waits for the pool to be whole."""
import signal
from contextlib import contextmanager

_state = {"answered": False, "deferring": 0, "pending": None}


def install():
    signal.signal(signal.SIGTERM, _on_stop)


def answered():
    """The report is out: a stop now changes nothing, the bridge is ending anyway."""
    _state["answered"] = True


def _on_stop(signum, frame):
    if _state["answered"]:
        return
    if _state["deferring"]:
        _state["pending"] = signum
        return
    raise SystemExit(128 + signum)


@contextmanager
def deferred():
    """Holds a stop back until the block is done."""
    _state["deferring"] += 1
    try:
        yield
    finally:
        _state["deferring"] -= 1
        if not _state["deferring"] and _state["pending"] is not None and not _state["answered"]:
            raise SystemExit(128 + _state["pending"])
