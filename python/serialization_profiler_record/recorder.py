"""What every patched library calls: measure a message at its pickler, time its load at the receiver."""
import atexit
import os
import threading
import time

from .events import EventLog
from .sites import Sites
from . import findings, pickle_facts, tags

clock = time.perf_counter_ns
LARGE = 64 * 1024


# A worker's first results are written before they are sent back: a pool may end it right after the last. When
# every message is measured, every result is.
FLUSH_EVERY_RESULT = float("inf") if os.environ.get("SERIAL_PROFILE_SAMPLE", "").strip().lower() == "all" else 50


class Recorder:
    def __init__(self, directory):
        self.log = EventLog(directory)
        self.sites = Sites(self.log)
        self.timer = None
        self.stopped = False
        self.exited = None
        self.flushed_at = 0
        self.worker_task = threading.local()  # in a worker: the task being run, for its result's site
        self.repeats = findings.Repeats(self)
        self.closures = findings.Closures(self)
        self.results_reported = set()
        self.results_sent = 0

    # --- sending -----------------------------------------------------------------------------------------
    def send(self, identity, dumps, obj, roots=None, args=(), kwargs=None):
        """Pickle obj with the library's own `dumps(obj, *args, **kwargs)`; measure it when its turn comes."""
        site = self.sites.get(identity)
        if not self.sites.take_turn(site):
            try:
                return dumps(obj, *args, **(kwargs or {}))
            except Exception as error:
                self.failed(site, error, dumps, roots)
                raise
        self._ensure_timer()
        started = clock()
        try:
            data = dumps(obj, *args, **(kwargs or {}))
        except Exception as error:
            self.failed(site, error, dumps, roots)
            raise
        elapsed = clock() - started
        size = len(memoryview(data).cast("B")) if not isinstance(data, bytes) else len(data)
        run_ms = getattr(self.worker_task, "run_ms", None) if identity[6] == "result" else None
        site.measured_send(size, elapsed / 1e6, run_ms, pickle_facts.protocol_of(data))
        self.worker_task.last_size = size
        return tags.tagged(data, identity)

    def send_result(self, dumps, obj, args=(), kwargs=None):
        """In a worker: the result of the task it just ran goes back to the task's function's site."""
        task = getattr(self.worker_task, "identity", None)
        if task is None:
            return dumps(obj, *args, **(kwargs or {}))
        run_started = getattr(self.worker_task, "run_started", None)
        self.worker_task.run_ms = (clock() - run_started) / 1e6 if run_started else None
        self.worker_task.identity = None
        self.worker_task.last_size = None
        data = self.send(task, dumps, obj, [("result", obj)], args, kwargs)
        self.worker_task.run_ms = None
        size, task_bytes = self.worker_task.last_size, getattr(self.worker_task, "task_bytes", 0)
        self.results_sent += 1
        if self.results_sent <= FLUSH_EVERY_RESULT or (size is not None and clock() - self.flushed_at > 200_000_000):
            # A pool may terminate its workers (SIGTERM) as soon as the last result arrives: a worker's first
            # results reach the disk before the parent can read them, later ones within 0.2 s (SIGTERM flushes
            # the rest).
            self.flush()
        if size is not None and size >= findings.LARGE and size >= 10 * task_bytes and task not in self.results_reported:
            self.results_reported.add(task)
            self.finding(task, findings.result_finding(task, task_bytes, size))
        return data

    def failed(self, site, error, dumps, roots):
        try:
            from . import own_module

            self.sites.note(site, own_module("failures").failure_event(error, dumps, roots))
        except Exception:  # the program's own error matters more than our account of it
            pass

    # --- receiving ---------------------------------------------------------------------------------------
    def receive(self, loads, data, *args, **kwargs):
        payload, identity = tags.untag(data)
        self.worker_task.tag = identity
        self.worker_task.task_bytes = len(payload) if isinstance(payload, (bytes, memoryview)) else 0
        if identity is None:
            return loads(data, *args, **kwargs)
        site = self.sites.get(identity)
        started = clock()
        try:
            value = loads(payload, *args, **kwargs)
        except Exception as error:
            from . import own_module

            self.sites.note(site, own_module("failures").load_failure_event(error))
            raise
        site.received((clock() - started) / 1e6)
        self._ensure_timer()
        return value

    def task_started(self, result_identity):
        """In a worker, once a task is loaded: its result will be sent for this identity."""
        self.worker_task.identity = result_identity
        self.worker_task.run_started = clock()

    def finding(self, identity, event):
        self.sites.note(self.sites.get(identity), event)

    # --- flushing ----------------------------------------------------------------------------------------
    def _ensure_timer(self):
        timer = self.timer
        if timer is None or timer[0] != os.getpid():
            thread = threading.Thread(target=self._tick, name="serial-profile-flush", daemon=True)
            self.timer = (os.getpid(), thread)
            thread.start()

    def _tick(self):
        pid = os.getpid()
        while not self.stopped and os.getpid() == pid:
            time.sleep(1.0)
            self.flush()

    def flush(self, blocking=True):
        self.flushed_at = clock()
        try:
            self.repeats.drain()
            self.sites.flush(blocking)
        except Exception:  # never let recording break the program
            pass

    def at_exit(self, blocking=True):
        self.flush(blocking)
        if self.log.fd is not None and self.log.pid == os.getpid() and self.exited != os.getpid():
            self.exited = os.getpid()
            self.log.write([{"t": "exit", "code": None}])

    def after_fork_in_child(self):
        self.log.forget_after_fork()
        self.sites.forget_after_fork()
        self.timer = None
        self.worker_task = threading.local()
        self.repeats = findings.Repeats(self)


_recorder = None


def recorder():
    return _recorder


def start(directory):
    global _recorder
    _recorder = Recorder(directory)
    atexit.register(_recorder.at_exit)
    os.register_at_fork(after_in_child=_recorder.after_fork_in_child)
    return _recorder
