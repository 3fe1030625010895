"""The protocol channel: JSON lines on the process's original stdout, which user code can no longer write to."""
import json
import os
import sys

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
