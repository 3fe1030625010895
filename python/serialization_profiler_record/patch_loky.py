"""loky (or joblib's bundled copy) and joblib.Parallel over it: loky pickles with its own `dumps` (cloudpickle by
default) on a feeder thread for tasks and in the worker for results; workers load with multiprocessing's loads."""
import functools
import importlib

from . import frames, routes, unwrap
from .recorder import recorder


def _pickler_name(package):
    try:
        reduction = importlib.import_module(package + ".backend.reduction")
        return reduction.get_loky_pickler_name() or "cloudpickle"
    except Exception:
        return "cloudpickle"


def patch_queues(queues, package):
    if getattr(queues, "_serial_profile", False):
        return
    original_dumps = queues.dumps

    def dumps(obj, reducers=None, protocol=None):
        rec = recorder()
        route = unwrap.task_route(obj)
        if route is not None:
            identity, roots = route
            return rec.send(identity, original_dumps, obj, roots, (), {"reducers": reducers, "protocol": protocol})
        if unwrap.is_result(obj):
            return rec.send_result(original_dumps, obj, (), {"reducers": reducers, "protocol": protocol})
        return original_dumps(obj, reducers=reducers, protocol=protocol)

    queues.dumps = dumps
    queues._serial_profile = True


def patch_executor(process_executor, package):
    executor = process_executor.ProcessPoolExecutor
    if getattr(executor, "_serial_profile", False):
        return
    original_submit, original_map = executor.submit, executor.map

    @functools.wraps(original_submit)
    def submit(self, fn, *args, **kwargs):
        site = routes.call_site()
        if site is not None:
            library = site[3] or "loky"
            api = "Parallel" if library == "joblib" else (routes.outer_api() or "executor.submit")
            identity = (site[0], site[1], site[2], _pickler_name(package), library, api, "task")
            rec = recorder()
            calls = unwrap._joblib_calls(fn)
            if calls:
                named = [(f"args[{index}]", value) for _, call_args, _ in calls for index, value in enumerate(call_args)]
                named += [(f"kwargs[{key!r}]", value) for _, _, call_kwargs in calls for key, value in call_kwargs.items()]
            elif api.endswith(".map") and args:
                named = unwrap.chunk_values(args[0])
            else:
                named = [(f"args[{index}]", value) for index, value in enumerate(args)]
            rec.repeats.observe(identity, library, unwrap.distinct(named))
            if identity[3] == "cloudpickle":
                rec.closures.observe(identity, unwrap.user_function(fn, args))
            with routes.submitting(identity):
                return original_submit(self, fn, *args, **kwargs)
        return original_submit(self, fn, *args, **kwargs)

    @functools.wraps(original_map)
    def map(self, *args, **kwargs):
        with routes.api_call("executor.map"):
            return original_map(self, *args, **kwargs)

    routes.remember_work_items(process_executor)
    executor.submit, executor.map = submit, map
    executor._serial_profile = True


def patch_parallel(parallel_module):
    parallel = parallel_module.Parallel
    if getattr(parallel, "_serial_profile", False):
        return
    original_call = parallel.__call__

    @functools.wraps(original_call)
    def call(self, iterable):
        position = frames.user_position(2)
        self._serial_profile_site = position
        with routes.parallel_call(position):
            return original_call(self, iterable)

    parallel.__call__ = call
    parallel._serial_profile = True
