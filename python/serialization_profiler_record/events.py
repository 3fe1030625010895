"""This process's event file in the trace directory: one JSON object a line, appended as the run goes."""
import os
import sys
import threading
import time

_lock = threading.Lock()


class EventLog:
    def __init__(self, directory):
        self.directory = directory
        self.fd = None
        self.pid = None

    def _open(self):
        pid = os.getpid()
        if self.fd is not None and self.pid == pid:
            return
        self.pid = pid
        path = os.path.join(self.directory, f"events-python-{pid}.jsonl")
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o644)
        argv = [sys.executable] + list(sys.argv or [])
        self._write_now([{"t": "process", "pid": pid, "ppid": os.getppid(), "runtime": "python", "argv": argv,
                          "threadId": 0, "startedAt": int(time.time() * 1000)}])

    def forget_after_fork(self):
        """In a forked child: the parent's descriptor is not ours to write to."""
        if self.fd is not None:
            try:
                os.close(self.fd)
            except OSError:
                pass
        self.fd = None
        self.pid = None

    def write(self, events):
        if not events:
            return
        if not _lock.acquire(timeout=1.0):  # in a signal handler, this thread may hold it: drop, never hang
            return
        try:
            self._open()
            self._write_now(events)
        except OSError:
            pass  # the trace directory went away: the program itself must go on
        finally:
            _lock.release()

    def _write_now(self, events):
        import json

        pid = self.pid
        lines = []
        for event in events:
            event["pid"] = pid
            lines.append(json.dumps(event, separators=(",", ":"), default=str))
        data = ("\n".join(lines) + "\n").encode()
        while data:
            written = os.write(self.fd, data)
            data = data[written:]
