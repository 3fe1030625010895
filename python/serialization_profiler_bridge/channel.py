"""The protocol channel: JSON lines on the process's original stdout, which user code can no longer write to."""
import json
import os
import sys
import threading

_protocol = None


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
    return json.loads(sys.stdin.readline())


def stop_when_profiler_goes(stop):
    """Call `stop` when stdin ends: the profiler keeps it open while it waits for this run, so its end means the
    profiler has gone (killed, crashed) or given up, and nobody will read what the run finds."""
    def watch():
        sys.stdin.read()
        stop()
    threading.Thread(target=watch, name="profiler-watch", daemon=True).start()
