"""dask.distributed: the client pickles each task (function and arguments, pickle protocol 5 with a cloudpickle
fallback) on the user's thread and sends it through the scheduler; scattered data and results are serialized
by dask's serializers as the comm writes them; workers load tasks with pickle.loads."""
import functools
import threading

from . import frames, pickle_facts, routes, tags, unwrap
from .recorder import clock, recorder

_current = threading.local()
_values = {}  # id -> (value, identity, expires with the call): scattered data and results being sent
_functions = {}  # in a worker: id(function) -> (function, result identity)
_lock = threading.Lock()
KEEP = 4096


def _identity(site, api, direction="task"):
    return (site[0], site[1], site[2], "dask", "dask.distributed", api, direction)


def _task_values(args, kwargs):
    named = [(f"args[{index}]", value) for index, value in enumerate(args)]
    return named + [(f"kwargs[{key!r}]", value) for key, value in kwargs.items()]


def _client_method(name, original):
    api = "Client." + name

    @functools.wraps(original)
    def method(self, *args, **kwargs):
        if getattr(_current, "identity", None) is not None or routes.outer_api() is not None:
            return original(self, *args, **kwargs)
        site = routes.call_site()
        if site is None:
            return original(self, *args, **kwargs)
        identity = _identity(site, api + " (joblib dask backend)" if site[3] == "joblib" else api)
        rec = recorder()
        if name == "submit" and args:
            rec.repeats.observe(identity, "dask.distributed", unwrap.distinct(_task_values(args[1:], kwargs)))
            rec.closures.observe(identity, args[0])
        elif name == "map" and args:
            rec.closures.observe(identity, args[0])
        scattered = []
        if name == "scatter" and args:
            scattered = _remember_values(args[0], identity, once=bool(kwargs.get("asynchronous")))
        _current.identity = identity
        try:
            with routes.api_call(api):
                return original(self, *args, **kwargs)
        finally:
            _current.identity = None
            _forget(scattered)
    return method


def _remember_values(data, identity, once=False):
    """Values about to be scattered; `once`: an asynchronous scatter, forgotten when first serialized."""
    values = list(data.values()) if isinstance(data, dict) else list(data) if isinstance(data, (list, tuple, set)) \
        else [data]
    with _lock:
        for value in values:
            _values[id(value)] = (value, identity, None, once)
    return [] if once else values


def _forget(values):
    with _lock:
        for value in values:
            entry = _values.get(id(value))
            if entry is not None and entry[0] is value:
                del _values[id(value)]


def patch_client(client_module):
    client = client_module.Client
    if getattr(client, "_serial_profile", False):
        return
    for name in ("submit", "map", "scatter", "compute", "get", "persist"):
        setattr(client, name, _client_method(name, getattr(client, name)))
    client._serial_profile = True


def _task_size(packed):
    if isinstance(packed, dict):
        return sum(len(value) for value in packed.values() if isinstance(value, (bytes, bytearray)))
    return 0


def _user_function(fn, args):
    """The user's function inside dask's nested task (`execute_task((apply, f, args, kwargs))`) and joblib's
    dask Batch (`Batch(tasks=[(f, args, kwargs), …])`)."""
    if getattr(fn, "__name__", "") != "execute_task" or not args or not isinstance(args[0], tuple) or not args[0]:
        return fn
    task = args[0]
    inner, kwargs = task[0], {}
    if getattr(inner, "__name__", "") == "apply" and len(task) > 1:
        inner = task[1]
        kwargs = task[3] if len(task) > 3 and isinstance(task[3], dict) else {}
    calls = kwargs.get("tasks")
    if type(inner).__name__ == "Batch" and isinstance(calls, list) and calls and isinstance(calls[0], tuple):
        return calls[0][0]
    return inner


def patch_worker(worker_module):
    if getattr(worker_module, "_serial_profile", False):
        return
    original_dumps_task, original_deserialize = worker_module.dumps_task, worker_module._deserialize
    original_apply = worker_module.apply_function

    def dumps_task(task):
        identity = getattr(_current, "identity", None)
        if identity is None:
            return original_dumps_task(task)
        rec = recorder()
        site = rec.sites.get(identity)
        started = clock()
        try:
            packed = original_dumps_task(task)
        except Exception as error:
            roots = [("fn", task[0])] + [(f"args[{i}]", value) for i, value in enumerate(task[1:])] \
                if isinstance(task, tuple) and task else [("task", task)]
            from distributed.protocol import pickle as dask_pickle
            rec.failed(site, error, dask_pickle.dumps, roots)
            raise
        elapsed = clock() - started
        if not isinstance(packed, dict):  # a nested task: dask's serializers pickle it as the comm writes it
            data = getattr(packed, "data", packed)
            with _lock:
                _values[id(data)] = (data, identity, None, True)
            return packed
        if not rec.sites.take_turn(site):
            return packed
        site.measured_send(_task_size(packed), elapsed / 1e6, None, pickle_facts.task_protocol(packed))
        rec._ensure_timer()
        if isinstance(packed.get("args"), bytes):
            packed = dict(packed, args=tags.tagged(packed["args"], identity))
        return packed

    def _deserialize(function=None, args=None, kwargs=None, task=worker_module.NO_VALUE):
        identity = None
        if isinstance(args, (bytes, bytearray)):
            payload, identity = tags.untag(args)
            if identity is not None:
                args = bytes(payload)
        rec = recorder()
        started = clock()
        try:
            loaded = original_deserialize(function, args, kwargs, task)
        except Exception as error:
            if identity is not None:
                from .failures import load_failure_event
                rec.sites.note(rec.sites.get(identity), load_failure_event(error))
            raise
        fn = _user_function(loaded[0], loaded[1])
        if identity is not None:
            rec.sites.get(identity).received((clock() - started) / 1e6)
            rec._ensure_timer()
        position = frames.definition_position(fn)
        if position is not None:
            api = identity[5] if identity is not None else "Client.submit"
            with _lock:
                if len(_functions) >= KEEP:
                    _functions.clear()
                _functions[id(fn)] = (fn, position + ("dask", "dask.distributed", api, "result"))
        return loaded

    def apply_function(function, *args, **kwargs):
        msg = original_apply(function, *args, **kwargs)
        user = _user_function(function, args[0] if args else ())
        entry = _functions.get(id(user))
        if entry is not None and entry[0] is user and msg.get("op") == "task-finished":
            run_ms = (msg["stop"] - msg["start"]) * 1000 if "start" in msg and "stop" in msg else None
            with _lock:
                if len(_values) >= KEEP:
                    _values.clear()
                _values[id(msg["result"])] = (msg["result"], entry[1], run_ms, True)
        return msg

    worker_module.dumps_task, worker_module._deserialize = dumps_task, _deserialize
    worker_module.apply_function = apply_function
    worker_module._serial_profile = True


SITE_KEY = "serial-profile-site"


def patch_core(core):
    """Scattered data (client) and results (worker) are serialized as the comm writes them; a measured one carries
    its site in its header (msgpack, beside dask's own keys) to the process that deserializes it (the client for
    results, a worker for scattered data), which times merge_and_deserialize against it."""
    if getattr(core, "_serial_profile", False):
        return
    original = core.serialize_and_split
    original_deserialize = core.merge_and_deserialize

    def serialize_and_split(obj, *args, **kwargs):
        data = getattr(obj, "data", obj)
        entry = _values.get(id(data))
        if entry is None or entry[0] is not data:
            return original(obj, *args, **kwargs)
        identity = entry[1]
        if entry[3]:  # sent once: a result, a nested task, an asynchronous scatter
            with _lock:
                _values.pop(id(data), None)
        rec = recorder()
        site = rec.sites.get(identity)
        if not rec.sites.take_turn(site):
            return original(obj, *args, **kwargs)
        started = clock()
        header, split = original(obj, *args, **kwargs)
        elapsed = clock() - started
        size = sum(memoryview(frame).nbytes for frame in split)
        protocol, buffers, buffer_bytes = pickle_facts.dask_message(header, split)
        site.measured_send(size, elapsed / 1e6, entry[2], protocol, (buffers, buffer_bytes))
        rec._ensure_timer()
        if isinstance(header, dict):
            header[SITE_KEY] = list(identity)
        return header, split

    def merge_and_deserialize(header, frames, *args, **kwargs):
        identity = header.pop(SITE_KEY, None) if isinstance(header, dict) else None
        if not isinstance(identity, (list, tuple)) or len(identity) != 7:
            return original_deserialize(header, frames, *args, **kwargs)
        started = clock()
        value = original_deserialize(header, frames, *args, **kwargs)
        rec = recorder()
        rec.sites.get(tuple(identity)).received((clock() - started) / 1e6)
        rec._ensure_timer()
        return value

    core.serialize_and_split = serialize_and_split
    core.merge_and_deserialize = merge_and_deserialize
    core._serial_profile = True
