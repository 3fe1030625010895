"""Stopping a run on SIGTERM (the profiler cancelled it, or went away): the main thread unwinds with `Stopped`, so
loky's pool is shut down on the way out. Not while loky is making its pool: one stopped half-made leaves named
semaphores that nothing frees, so the stop waits for the pool to be whole. A run that cannot unwind (stuck in
native code) is ended by `last_resort`: its semaphores unlinked and its whole process group killed."""
import os
import signal
import threading
import time
from contextlib import contextmanager

_state = {"answered": False, "deferring": 0, "pending": None}
UNWIND_GRACE_S = 10.0  # generous: shutting loky down on a loaded machine can take seconds


class Stopped(BaseException):
    """The profiler stopped the run; unlike a user's SystemExit, no mode catches it."""

    def __init__(self, signum):
        super().__init__(signum)
        self.code = 128 + signum


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
    raise Stopped(signum)


@contextmanager
def deferred():
    """Holds a stop back until the block is done."""
    _state["deferring"] += 1
    try:
        yield
    finally:
        _state["deferring"] -= 1
        if not _state["deferring"] and _state["pending"] is not None and not _state["answered"]:
            raise Stopped(_state["pending"])


def _unlink_own_semaphores():
    prefix = "sem.loky-%d-" % os.getpid()
    try:
        names = os.listdir("/dev/shm")
    except OSError:
        return
    for name in names:
        if name.startswith(prefix):
            try:
                os.unlink(os.path.join("/dev/shm", name))
            except OSError:
                pass


def not_a_stop(error):
    """Re-raise `error` if it is the profiler's stop; any other BaseException is the user code's to report."""
    if isinstance(error, Stopped):
        raise error


def stop_then_kill_group():
    """Ask the main thread to stop; if the process is still here after the grace, end its whole group."""
    if _state["answered"]:
        return
    os.kill(os.getpid(), signal.SIGTERM)

    def last_resort():
        time.sleep(UNWIND_GRACE_S)
        if hasattr(os, "killpg") and os.getpgrp() == os.getpid():  # only a group of our own
            _unlink_own_semaphores()
            os.killpg(os.getpid(), signal.SIGKILL)
    threading.Thread(target=last_resort, name="profiler-gone", daemon=True).start()
