"""The protocol channel: JSON lines on the process's original stdout, which user code can no longer write to.

stdin is read with os.read on its file descriptor, never through sys.stdin: a thread blocked in a buffered read
holds the buffer's lock, and a process the user's code forks at import (a fork-based multiprocessing.Pool) would
inherit that lock held and hang when it closes its sys.stdin.
"""
import json
import os
import sys
import threading

_protocol = None
_STDIN = 0


def take_over_stdout():
    """Keep the original stdout for the protocol and send fd 1 (and sys.stdout) to stderr."""
    global _protocol
    _protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr


def send(message):
    _protocol.write(json.dumps(message) + "\n")
    _protocol.flush()


def read_request():
    """The first line on stdin; the rest is left unread (its end means the profiler has gone)."""
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(_STDIN, 1)
        if not chunk:
            break
        data += chunk
    return json.loads(data.decode("utf-8"))


def stop_when_profiler_goes(stop):
    """Call `stop` when stdin ends: the profiler keeps it open while it waits for this run, so its end means the
    profiler has gone (killed, crashed) or given up, and nobody will read what the run finds."""
    def watch():
        while True:
            try:
                if not os.read(_STDIN, 4096):
                    break
            except OSError:
                break
        stop()
    threading.Thread(target=watch, name="profiler-watch", daemon=True).start()
