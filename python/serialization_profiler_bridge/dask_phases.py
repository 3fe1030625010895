"""Marks for dask's pickling: dask may pickle a task twice (pickle, then cloudpickle when the bytes mention
`__main__`), so a mark keeps the first and last time it was pickled; the worker loads a `Stamp` as in loky."""
from .timing import Stamp, clock, timed_call

END = "__serialization_profiler_end__"


class DaskMark:
    __slots__ = ("first", "last")

    def __init__(self):
        self.first = self.last = None

    def __reduce__(self):
        now = clock()
        if self.first is None:
            self.first = now
        self.last = now
        return (Stamp, (now,))


def phases_of(submitted, start, end, worker, result_start, result_end, returned):
    """Every gap between marks is charged to a phase, so they sum to the total (see measure.one_round)."""
    _, _, load_start, _, run_start, run_end = worker
    return {
        "serialize": end.last - start.first,
        "transfer": (start.first - submitted) + (load_start - end.last),
        "deserialize": run_start - load_start,
        "run": run_end - run_start,
        "resultSerialize": result_end.dumped_at - run_end,
        "resultTransfer": result_start.loaded_at - result_end.dumped_at,
        "resultDeserialize": returned - result_start.loaded_at,
    }


class DaskCall:
    """The function as the user submits it: `client.submit(DaskCall(fn), start, *args, **kwargs, END=end)` keeps
    dask's own shape of the task (the function pickled alone, and cached, as `dumps_function` does for the user's;
    the arguments pickled apart from it, so a `__main__` function does not make dask pickle them twice). The start
    mark opens the arguments' pickle, the end mark closes the keywords' (the last item of the dict)."""
    __slots__ = ("fn",)

    def __init__(self, fn):
        self.fn = fn

    def __eq__(self, other):
        return isinstance(other, DaskCall) and other.fn is self.fn

    def __hash__(self):
        return hash(("DaskCall", id(self.fn)))

    def __call__(self, start, *args, **kwargs):
        end = kwargs.pop(END)
        return timed_call(start, self.fn, args, kwargs, end)


def define_modules(sources):
    """On a worker of a cluster started elsewhere (sent by value with `client.run`): the marks' modules, made from
    their source in memory (no file is written), so the task's arguments load their marks by reference, as dask
    pickles them."""
    import sys
    import types

    package = __name__.rpartition(".")[0]
    if package not in sys.modules:
        parent = types.ModuleType(package)
        parent.__path__ = []
        sys.modules[package] = parent
    for name, source in sources:
        if name in sys.modules:
            continue
        module = types.ModuleType(name)
        module.__package__ = package
        sys.modules[name] = module
        exec(compile(source, f"<{name}>", "exec"), module.__dict__)
        setattr(sys.modules[package], name.rpartition(".")[2], module)
