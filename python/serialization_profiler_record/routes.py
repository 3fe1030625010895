"""From a library call on the user's thread to the pickling of its message (often on another thread): the site
waits in a table keyed by an object that travels with the message (a task's kwargs dict, a pool's job number)."""
import sys
import threading

from . import frames

_pending = {}
_parallel_calls = []  # joblib.Parallel calls running now (any thread): their user's line
_lock = threading.Lock()
_api = threading.local()


def remember(key_object, identity):
    with _lock:
        _pending[id(key_object)] = (key_object, identity)


def take(key_object):
    with _lock:
        entry = _pending.pop(id(key_object), None)
    if entry is None or entry[0] is not key_object:
        return None
    return entry[1]


def submitting(identity):
    """Around a library's submit: the work item it creates takes this site (see `remember_work_items`)."""
    return _Submitting(identity)


class _Submitting:
    def __init__(self, identity):
        self.identity = identity

    def __enter__(self):
        self.previous = getattr(_api, "identity", None)
        _api.identity = self.identity

    def __exit__(self, *exc):
        _api.identity = self.previous


def remember_work_items(module):
    """`_WorkItem(future, fn, args, kwargs)`: its kwargs dict travels on in the `_CallItem` that is pickled."""
    work_item = module._WorkItem
    if getattr(work_item, "_serial_profile", False):
        return
    original = work_item.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        identity = getattr(_api, "identity", None)
        if identity is not None:
            remember(self.kwargs, identity)

    work_item.__init__ = init
    work_item._serial_profile = True


def outer_api():
    """The library call the user made, when it calls others (map calls submit): the outermost one wins."""
    return getattr(_api, "name", None)


class api_call:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        self.previous = getattr(_api, "name", None)
        if self.previous is None:
            _api.name = self.name

    def __exit__(self, *exc):
        _api.name = self.previous


def call_site(depth=2):
    """(file, line, column, library or None): the user's line, or the joblib.Parallel call that dispatches from a
    callback thread (joblib sends batches from its result threads, where no user frame is on the stack)."""
    frame = sys._getframe(depth)
    via_joblib, parallel_site = False, None
    while frame is not None:
        file = frame.f_code.co_filename
        if file.endswith("joblib/parallel.py"):
            via_joblib = True
            if parallel_site is None:
                parallel_site = getattr(frame.f_locals.get("self"), "_serial_profile_site", None)
        if frames.is_user_file(file):
            return frames.position(frame) + ("joblib" if via_joblib else None,)
        frame = frame.f_back
    if parallel_site is not None:
        return tuple(parallel_site) + ("joblib",)
    if _parallel_calls and _parallel_calls[-1] is not None:  # joblib's dask backend submits from dask's loop
        return tuple(_parallel_calls[-1]) + ("joblib",)
    return None


class parallel_call:
    """While a joblib.Parallel call runs, its line is the site of what its backend sends from other threads."""

    def __init__(self, position):
        self.position = position

    def __enter__(self):
        _parallel_calls.append(self.position)

    def __exit__(self, *exc):
        _parallel_calls.remove(self.position)
