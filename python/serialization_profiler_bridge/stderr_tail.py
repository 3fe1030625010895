"""The run's stderr (the bridge's and every loky worker's, which inherit it) passed through, its tail kept.

A loky worker that dies prints its last words there (an exception it could not send back, a fatal error); the
tail lets a failure report show them. The copying thread only blocks in os.read and os.write, holding no lock
a forked process could inherit.
"""
import collections
import os
import threading
import time

_KEPT_CHUNKS = 64
_chunks = collections.deque(maxlen=_KEPT_CHUNKS)
_state = {"written": 0, "copied": 0, "pipe": None}


def start():
    """Route fd 2 through a pipe copied to the real stderr."""
    real = os.dup(2)
    read_end, write_end = os.pipe()
    os.dup2(write_end, 2)
    os.close(write_end)
    _state["pipe"] = read_end

    def copy():
        while True:
            try:
                chunk = os.read(read_end, 65536)
            except OSError:
                return
            if not chunk:
                return
            _chunks.append(chunk)
            _state["copied"] += len(chunk)
            try:
                os.write(real, chunk)
            except OSError:
                pass
    threading.Thread(target=copy, name="stderr-tail", daemon=True).start()


def mark():
    """A position to read the tail from: what has been copied so far."""
    return _state["copied"]


def _pending():
    try:
        import fcntl
        import termios
        import array

        buffer = array.array("i", [0])
        fcntl.ioctl(_state["pipe"], termios.FIONREAD, buffer)
        return buffer[0]
    except Exception:
        return 0


def since(position, settle_s=0.3):
    """The text written to stderr after `position` (its last 16 KB), once the pipe has been drained."""
    if _state["pipe"] is None:
        return ""
    deadline = time.monotonic() + settle_s
    while _pending() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.02)  # the copier may hold a chunk it has read but not yet appended
    data = b"".join(_chunks)
    wanted = _state["copied"] - position
    if wanted <= 0:
        return ""
    return data[-min(wanted, 16000):].decode("utf-8", "replace")
