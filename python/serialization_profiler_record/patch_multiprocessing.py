"""concurrent.futures' ProcessPoolExecutor and multiprocessing.Pool: both pickle with multiprocessing's
ForkingPickler (stdlib pickle), on a feeder thread for tasks and in the worker for results."""
import functools
import threading

from . import routes, unwrap
from .recorder import recorder


def _identity(position, serialization, library, api, direction="task"):
    file, line, column = position[:3]
    return (file, line, column, serialization, library, api, direction)


def patch_reduction(reduction):
    pickler = reduction.ForkingPickler
    if getattr(pickler, "_serial_profile", False):
        return
    original_dumps = pickler.dumps
    original_loads = pickler.loads

    def dumps(cls, obj, protocol=None):
        rec = recorder()
        route = unwrap.task_route(obj)
        if route is not None:
            identity, roots = route
            return rec.send(identity, original_dumps, obj, roots, (protocol,))
        if unwrap.is_result(obj):
            return rec.send_result(original_dumps, obj, (protocol,))
        return original_dumps(obj, protocol)

    def loads(data, *args, **kwargs):
        rec = recorder()
        value = rec.receive(original_loads, data, *args, **kwargs)
        unwrap.loaded(rec, value)
        return value

    pickler.dumps = classmethod(dumps)
    pickler.loads = staticmethod(loads)
    pickler._serial_profile = True


def patch_futures(process):
    executor = process.ProcessPoolExecutor
    if getattr(executor, "_serial_profile", False):
        return
    original_submit, original_map = executor.submit, executor.map

    @functools.wraps(original_submit)
    def submit(self, fn, /, *args, **kwargs):
        site = routes.call_site()
        if site is not None:
            api = routes.outer_api() or "ProcessPoolExecutor.submit"
            identity = _identity(site, "pickle", "concurrent.futures", api)
            rec = recorder()
            named = [("args[" + str(index) + "]", value) for index, value in enumerate(args)]
            if api.endswith(".map") and args:
                named = unwrap.chunk_values(args[0])
            rec.repeats.observe(identity, "concurrent.futures", unwrap.distinct(named))
            with routes.submitting(identity):
                return original_submit(self, fn, *args, **kwargs)
        return original_submit(self, fn, *args, **kwargs)

    @functools.wraps(original_map)
    def map(self, *args, **kwargs):
        with routes.api_call("ProcessPoolExecutor.map"):
            return original_map(self, *args, **kwargs)

    routes.remember_work_items(process)
    executor.submit, executor.map = submit, map
    executor._serial_profile = True


_POOL_APIS = ("apply", "apply_async", "map", "map_async", "starmap", "starmap_async", "imap", "imap_unordered")


def patch_pool(pool_module):
    pool_class = pool_module.Pool
    if getattr(pool_class, "_serial_profile", False):
        return
    for name in _POOL_APIS:
        setattr(pool_class, name, _pool_method(name, getattr(pool_class, name)))
    for result_class in (pool_module.ApplyResult, pool_module.IMapIterator):
        result_class.__init__ = _numbered_job(result_class.__init__)
    pool_class._serial_profile = True


_current = threading.local()


def _numbered_job(original):
    """A pool call's job number exists once its result object does, before any of its tasks is queued."""
    @functools.wraps(original)
    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        identity = getattr(_current, "identity", None)
        if identity is not None:
            unwrap.remember_job(self._job, identity)
    return init


def _pool_method(name, original):
    @functools.wraps(original)
    def method(self, *args, **kwargs):
        outer = routes.outer_api()
        with routes.api_call("Pool." + name):
            if outer is not None:
                return original(self, *args, **kwargs)
            site = routes.call_site()
            rec = recorder()
            identity = None
            if site is not None:
                identity = _identity(site, "pickle", "multiprocessing", "Pool." + name)
                rec.repeats.observe(identity, "multiprocessing", unwrap.pool_call_values(name, args, kwargs))
            _current.identity = identity
            try:
                return original(self, *args, **kwargs)
            finally:
                _current.identity = None
    return method
