"""The libraries' own message shapes: which are tasks and results, the user's function and values inside them."""
import functools
import threading

from . import frames, routes

_jobs = {}
_jobs_lock = threading.Lock()
MAX_JOBS = 4096
_WRAPPERS = ("_process_chunk", "mapstar", "starmapstar")


def remember_job(job, identity):
    with _jobs_lock:
        if len(_jobs) >= MAX_JOBS:
            _jobs.pop(next(iter(_jobs)))
        _jobs[job] = identity


def _is_call_item(obj):
    return type(obj).__name__ == "_CallItem" and hasattr(obj, "work_id") and hasattr(obj, "fn")


def _is_pool_task(obj):
    return type(obj) is tuple and len(obj) == 5 and type(obj[0]) is int and type(obj[1]) is int and callable(obj[2])


def _joblib_calls(fn):
    """joblib's BatchedCalls (inside loky's SafeFunction): [(func, args, kwargs), …]."""
    inner = getattr(fn, "func", fn)
    items = getattr(inner, "items", None)
    if isinstance(items, list) and type(inner).__name__ == "BatchedCalls":
        return items
    return None


def user_function(fn, args=()):
    """The function the user asked to run, under map's chunking and joblib's batching."""
    calls = _joblib_calls(fn)
    if calls:
        return calls[0][0]
    if isinstance(fn, functools.partial) and getattr(fn.func, "__name__", "") in _WRAPPERS:
        return fn.args[0] if fn.args else fn.keywords.get("fn")
    if getattr(fn, "__name__", "") in ("mapstar", "starmapstar") and args:
        return args[0][0] if isinstance(args[0], tuple) else args[0]
    return fn


def _call_roots(fn, args, kwargs):
    calls = _joblib_calls(fn)
    if calls:
        several = len(calls) > 1
        for index, (func, call_args, call_kwargs) in enumerate(calls):
            prefix = f"calls[{index}]." if several else ""
            yield prefix + "fn", func
            for position, value in enumerate(call_args):
                yield prefix + f"args[{position}]", value
            for key, value in call_kwargs.items():
                yield prefix + f"kwargs[{key!r}]", value
        return
    chunk_fn = user_function(fn, args)
    yield "fn", chunk_fn
    if chunk_fn is not fn and args:  # map: one chunk of argument tuples
        for index, item in enumerate(args[0] if not callable(args[0]) else args[1]):
            yield f"items[{index}]", item
        return
    for position, value in enumerate(args):
        yield f"args[{position}]", value
    for key, value in (kwargs or {}).items():
        yield f"kwargs[{key!r}]", value


def task_route(obj):
    """(identity, roots) when obj is a task message whose site is known."""
    if _is_call_item(obj):
        identity = routes.take(obj.kwargs)
        if identity is None:
            return None
        return identity, _call_roots(obj.fn, obj.args, obj.kwargs)
    if _is_pool_task(obj):
        identity = _jobs.get(obj[0])
        if identity is None:
            return None
        job, index, func, args, kwargs = obj
        if getattr(func, "__name__", "") in ("mapstar", "starmapstar"):
            user_fn, chunk = args[0]
            return identity, _call_roots(functools.partial(_FakeChunk, user_fn), (chunk,), {})
        return identity, _call_roots(func, args, kwargs)
    return None


def _FakeChunk(fn, chunk):  # noqa: N802 - stands for a map chunk in the roots walk
    return None


_FakeChunk.__name__ = "_process_chunk"


def is_result(obj):
    if type(obj).__name__ == "_ResultItem":
        return True
    return (type(obj) is tuple and len(obj) == 3 and type(obj[2]) is tuple and len(obj[2]) == 2
            and type(obj[2][0]) is bool)


def _loky_pickler(module_name):
    try:
        import importlib

        package = module_name.rsplit(".process_executor", 1)[0]
        return importlib.import_module(package + ".backend.reduction").get_loky_pickler_name()
    except Exception:
        return "cloudpickle"


def loaded(rec, value):
    """In a worker, a task just loaded: its result goes to a site at the task's function."""
    serialization = "pickle"
    if _is_call_item(value):
        fn = user_function(value.fn, value.args)
        module = type(value).__module__
        is_loky = "loky" in module
        if is_loky:
            serialization = _loky_pickler(module)
        library = "loky" if is_loky else "concurrent.futures"
        kind = "joblib" if _joblib_calls(value.fn) else library
        api = "ProcessPoolExecutor.map" if fn is not value.fn and kind != "joblib" else None
    elif _is_pool_task(value):
        fn = user_function(value[2], value[3])
        kind, api = "multiprocessing", None
    else:
        return
    tag = getattr(rec.worker_task, "tag", None)
    if tag is not None:
        kind, api = tag[4], tag[5]
    position = frames.definition_position(fn)
    if position is None:
        return
    rec.task_started(position + (serialization, kind, api or _default_api(kind), "result"))


def _default_api(library):
    return {"concurrent.futures": "ProcessPoolExecutor.submit", "multiprocessing": "Pool.apply_async",
            "joblib": "Parallel", "loky": "executor.submit"}.get(library)


def chunk_values(chunk):
    """map's chunk of argument tuples: the values each task gets."""
    named = []
    for item in chunk if isinstance(chunk, (list, tuple)) else ():
        for position, value in enumerate(item if isinstance(item, tuple) else (item,)):
            named.append((f"args[{position}]", value))
    return named


def pool_call_values(name, args, kwargs):
    fn = args[0] if args else kwargs.get("func")
    named = []
    if isinstance(fn, functools.partial):
        named += [(f"fn.args[{index}]", value) for index, value in enumerate(fn.args)]
    if name.startswith("apply"):
        call_args = args[1] if len(args) > 1 else kwargs.get("args", ())
        named += [(f"args[{index}]", value) for index, value in enumerate(call_args or ())]
    elif name.startswith("starmap") and len(args) > 1 and isinstance(args[1], (list, tuple)):
        named += chunk_values(args[1])
    return named


def distinct(named):
    seen, unique = set(), []
    for path, value in named:
        if id(value) not in seen:
            seen.add(id(value))
            unique.append((path, value))
    return unique
