"""Findings a recorder can see at the sender: the same large value pickled again for every task, a function sent
by value whose closure or globals are large, results much larger than their task."""
import threading
import types

LARGE = 64 * 1024
KEEP = 64  # values watched at once (held alive while watched, so few)

FIXES = {
    "concurrent.futures": "pass it once: ProcessPoolExecutor(initializer=load, initargs=(value,)) where load stores it "
                          "in a module global the task reads, or let each worker load it itself",
    "multiprocessing": "pass it once: Pool(initializer=load, initargs=(value,)) where load stores it in a module "
                       "global the task reads",
    "loky": "pass it once: get_reusable_executor(initializer=load, initargs=(value,)) storing it in a worker global",
    "joblib": "joblib memory-maps numpy arrays over max_nbytes once for all tasks: pass a numpy array, or load the "
              "value in each worker once (a module-level cache) instead of passing it to every call",
    "dask.distributed": "scatter it once: future = client.scatter(value) (broadcast=True for many workers) and pass "
                        "the future, or build it inside a task (dask.delayed) so it lives on the workers",
}


def _value_paths():
    from . import bridge_module

    return bridge_module("value_paths")


def quiet(method):
    """A finding is worth less than the program: a recorder error never reaches the user's code."""
    def guarded(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except Exception:
            return None
    return guarded


def size_of(value):
    import pickle

    nbytes = getattr(value, "nbytes", None)
    if isinstance(nbytes, int):
        return nbytes
    try:
        return len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:
        return 0


def looks_large(value):
    if isinstance(value, (int, float, bool, type(None), types.FunctionType, type, types.ModuleType)):
        return False
    nbytes = getattr(value, "nbytes", None)
    if isinstance(nbytes, int):
        return nbytes >= LARGE
    try:
        return len(value) >= 512 or (isinstance(value, (bytes, str, bytearray)) and len(value) >= LARGE)
    except TypeError:
        return False


def mib(size):
    return f"{size / 1048576:.1f} MiB" if size >= 1048576 else f"{size / 1024:.0f} KiB"


class Repeats:
    """Values seen by identity at a site; the second sighting of a large one is a finding, later ones add to it."""

    def __init__(self, recorder):
        self.recorder = recorder
        self.watched = {}  # id -> [value, count, size]
        self.pending = {}  # (identity, path) -> [count delta, size, library, kind]
        self.lock = threading.Lock()

    @quiet
    def observe(self, identity, library, named_values):
        for path, value in named_values:
            if not looks_large(value):
                continue
            key = id(value)
            with self.lock:
                entry = self.watched.get(key)
                if entry is None or entry[0] is not value:
                    if len(self.watched) >= KEEP:
                        self.watched.pop(next(iter(self.watched)))
                    self.watched[key] = [value, 1, None]
                    continue
                entry[1] += 1
                count = entry[1]
            if entry[2] is None:
                entry[2] = size_of(value)
            if entry[2] < LARGE:
                continue
            if count == 2:
                self._emit(identity, library, path, value, entry[2], 2)
            else:
                with self.lock:
                    delta = self.pending.setdefault((identity, path), [0, entry[2], library, _value_paths().describe(value)])
                    delta[0] += 1

    def _emit(self, identity, library, path, kind, size, count):
        describe = _value_paths().describe
        what = kind if isinstance(kind, str) else describe(kind)
        self.recorder.finding(identity, {
            "t": "finding", "kind": "repeated-large-value", "path": path, "bytes": size, "count": count,
            "message": f"the same {mib(size)} value ({what}) at {path} is pickled again for every task",
            "fix": FIXES.get(library, FIXES["concurrent.futures"])})

    def drain(self):
        with self.lock:
            pending, self.pending = self.pending, {}
        for (identity, path), (count, size, library, what) in pending.items():
            self._emit(identity, library, path, what, size, count)


class Closures:
    """A function sent by value (cloudpickle) drags what it uses along: name a large closure variable or global."""

    def __init__(self, recorder):
        self.recorder = recorder
        self.checked = set()

    @quiet
    def observe(self, identity, fn):
        if not isinstance(fn, types.FunctionType) or id(fn) in self.checked or len(self.checked) > 4096:
            return
        self.checked.add(id(fn))
        if fn.__module__ != "__main__":
            return  # importable: sent by reference, its globals stay home
        value_paths = _value_paths()
        _closure_children, describe = value_paths._closure_children, value_paths.describe

        for suffix, value in _closure_children(fn):
            if isinstance(value, (types.ModuleType, types.FunctionType, type)) or not looks_large(value):
                continue
            size = size_of(value)
            if size >= LARGE:
                self.recorder.finding(identity, {
                    "t": "finding", "kind": "large-closure", "path": "fn" + suffix, "bytes": size, "count": 1,
                    "message": f"{fn.__qualname__} is pickled by value, and with it {suffix.strip('.<>')} "
                               f"({describe(value)}, {mib(size)}) for every task",
                    "fix": f"move {fn.__qualname__} into an importable module (it is then sent by reference), or "
                           "pass the value once per worker (an initializer, a scattered future) instead of "
                           "capturing it"})


def result_finding(identity, task_bytes, result_bytes):
    return {"t": "finding", "kind": "result-larger-than-args", "path": "result", "bytes": result_bytes, "count": 1,
            "message": f"each result ({mib(result_bytes)}) is {result_bytes // max(task_bytes, 1)}× larger than its "
                       f"task ({task_bytes} B): the copy back costs more than the copy out",
            "fix": "reduce in the worker (return a summary, not the data), or write the result where the parent "
                   "can read it (a file, shared memory) and return its name"}
