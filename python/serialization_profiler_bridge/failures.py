"""loky's exceptions mapped to the report's error kinds, with what really failed, where, and what to do."""
import concurrent.futures
import inspect
import pickle
import re
import traceback
import types

from . import tracebacks
from .source_positions import defined_in_user_code, definition
from .dead_worker import worker_terminated
from .user_module import guard_assigned_names
from .value_paths import describe, find_failing, find_first, in_main, named

_MISSING_ATTRIBUTE = re.compile(r"Can't get attribute '([^']+)' on <module '([^']+)'")
_MISSING_MODULE = re.compile(r"No module named '([^']+)'")
_UNDEFINED_NAME = re.compile(r"name '([^']+)' is not defined")


class Task:
    """What one mode submits: the function (wrapped or not), its arguments, and how to name them."""

    def __init__(self, loky, mode, fn, original, args, kwargs, context):
        self.loky, self.mode, self.fn, self.original = loky, mode, fn, original
        self.args, self.kwargs, self.context = args, kwargs, context

    @property
    def name(self):
        return getattr(self.original, "__qualname__", repr(self.original))

    def roots(self):
        yield "fn", self.fn
        for index, value in enumerate(self.args):
            yield "args[" + str(index) + "]", value
        for key, value in self.kwargs.items():
            yield "kwargs[" + repr(key) + "]", value


def _cause_text(error):
    cause = error.__cause__
    if cause is None:
        return "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return tracebacks.from_user_call(tracebacks.clean(str(cause)))


def _report(kind, message, cause=None, path=None, location=None, hint=None):
    report = {"kind": kind, "message": message}
    for key, value in (("cause", cause), ("path", path), ("location", location), ("hint", hint)):
        if value is not None:
            report[key] = value
    return report


def _pickler_label(mode):
    if mode == "wrapped":
        return "pickle pickler (function wrapped with wrap_non_picklable_objects)"
    return mode + " pickler"


def _pickler_hint(task, path=None, value=None):
    if task.mode == "wrapped" and path is not None and path.startswith("fn"):
        return ("wrap_non_picklable_objects already sends the function by value with cloudpickle; what fails is "
                f"{path}: make it picklable, or create it inside the function.")
    if task.mode == "cloudpickle" or not callable(value):
        return ("Make the value picklable (define __reduce__ or __getstate__), or create it inside the function "
                "instead of passing it.")
    what = "the function" if path == "fn" else path
    return (f"Use cloudpickle (loky's default), wrap {what} with wrap_non_picklable_objects, "
            "or define it at the top level of an importable module.")


def task_serialize(task, error):
    cause = _cause_text(error)
    found = find_failing(list(task.roots()), task.loky.dumps)
    if found is None:
        return _report("task-serialize", f"loky could not pickle the task for {task.name}: "
                       + tracebacks.last_line(cause) + ".", cause, hint=_pickler_hint(task))
    path, value, failure = found
    what = "the function " + task.name if path == "fn" else path + " (" + describe(value) + ")"
    message = (f"loky could not pickle the task with the {_pickler_label(task.mode)}: {what} cannot be pickled: "
               f"{type(failure).__name__}: {failure}.")
    location = defined_in_user_code(value)
    return _report("task-serialize", message, cause, path, location, _pickler_hint(task, path, value))


def _what(value):
    if isinstance(value, (type, types.FunctionType)):
        return describe(value)
    return "a " + describe(value) + " instance"


def _arguments_verdict(task):
    """What to say of the arguments when the function itself failed to load."""
    if task.context != "script":
        return "they are fine"
    argument_roots = [(path, value) for path, value in task.roots() if path != "fn"]
    found = find_first(argument_roots, in_main)
    if found is None:
        return "they are fine"
    path, value, _ = found
    return f"the function fails first; {path} ({_what(value)}, also from __main__) would fail next"


def _by_name_object(task, cause, name, path, value, location):
    """An lru_cache wrapper (or another callable object) that every pickler, cloudpickle too, sends by name."""
    short = name.split(".")[0]
    pickler = "cloudpickle (inside wrap_non_picklable_objects)" if task.mode == "wrapped" else task.mode
    message = (f"The worker could not load {'the function ' + task.name if path.startswith('fn') else path} "
               f"({describe(value)}): {pickler} sends only plain functions and classes by value; a "
               f"{type(value).__name__} object is pickled by reference (module and name), and {name} is defined in "
               "the script run as __main__, which the worker does not have.")
    hint = (f"Move {short} into an importable module, or submit {short}.__wrapped__ (the function without its "
            "cache; each worker process would keep its own cache anyway).")
    return _report("task-deserialize", message, cause, path, location, hint)


def _missing_attribute(task, cause, name, module):
    roots = list(task.roots())
    if task.mode == "wrapped" and isinstance(task.original, types.FunctionType):
        # the wrapped function travels by value with cloudpickle: what failed is among the arguments
        roots = [(path, value) for path, value in roots if path != "fn"] or roots
    found = find_first(roots, named(name))
    path, value, defined = found if found else (None, None, None)
    if value is not None and not isinstance(value, (type, types.FunctionType)) and defined is value:
        return _by_name_object(task, cause, name, path, value, definition(value))
    if path == "fn":
        blamed = "the function " + task.name + " itself"
    elif path:
        blamed = path + " (" + _what(value) + ")"
    else:
        blamed = "a value"
    if task.context == "script":
        where = (f"defined in the script run as __main__; the worker's __main__ is loky's own module ({module}), "
                 f"so {name} does not exist there")
    else:
        where = f"not found in module {module} in the worker"
    verdict = _arguments_verdict(task) if path == "fn" else "this is the value that failed"
    message = (f"The worker could not load {blamed}: pickle sends functions and classes by reference "
               f"(module and name), and {name} is {where}. loky blames the arguments, but {verdict}.")
    hint = (f"Use cloudpickle (loky's default) or wrap_non_picklable_objects({name.split('.')[0]}) to send it by "
            f"value, or move {name.split('.')[0]} into an importable module.")
    if task.mode == "wrapped" and path != "fn":
        hint = (f"Only the function is wrapped; {path} still goes through pickle. Wrap {name.split('.')[0]} with "
                f"wrap_non_picklable_objects too, use cloudpickle, or move {name.split('.')[0]} into an importable "
                "module.")
    location = definition(defined) if defined is not None else None
    return _report("task-deserialize", message, cause, path, location, hint)


def task_deserialize(task, error):
    cause = _cause_text(error)
    reason = tracebacks.last_line(cause)
    missing = _MISSING_ATTRIBUTE.search(cause)
    if missing:
        return _missing_attribute(task, cause, missing.group(1), missing.group(2))
    missing_module = _MISSING_MODULE.search(cause)
    if missing_module:
        message = (f"The worker could not load the task for {task.name}: module {missing_module.group(1)!r} "
                   "cannot be imported there.")
        return _report("task-deserialize", message, cause, None, tracebacks.user_location(cause),
                       "Make the module importable in the worker (on sys.path), or send the value by value.")
    message = f"The worker could not load the task for {task.name}: {reason}"
    return _report("task-deserialize", message, cause, None, tracebacks.user_location(cause),
                   "Check the __reduce__/__setstate__ of the arguments' classes.")


def result_deserialize(task, error):
    cause = _cause_text(error)
    message = f"The result of {task.name} was pickled in the worker but cannot be unpickled in the parent: " \
              + tracebacks.last_line(cause) + "."
    return _report("result-deserialize", message, cause, "result", tracebacks.user_location(cause),
                   "Give the result's classes a __reduce__ that rebuilds them (exceptions: pass all "
                   "__init__ arguments to super().__init__).")


def _is_async(fn):
    return inspect.iscoroutinefunction(inspect.unwrap(getattr(fn, "_obj", fn)))


def result_serialize(task, error):
    cause = _cause_text(error)
    message = f"The result of {task.name} cannot be pickled in the worker: {type(error).__name__}: {error}."
    hint = "Return plain data, or make the returned object picklable."
    if _is_async(task.original):
        message += (f" {task.name} is an async def: loky calls it and gets a coroutine, which it does not await "
                    "and cannot pickle.")
        hint = (f"Submit a plain function that runs it to completion, e.g. "
                f"`def run_{task.original.__name__}(*args): return asyncio.run({task.original.__name__}(*args))`.")
    return _report("result-serialize", message, cause, "result", definition(task.original), hint)


def run_failed(task, error):
    cause = _cause_text(error)
    message = f"{task.name} raised {type(error).__name__}: {error}"
    hint = None
    undefined = _UNDEFINED_NAME.search(str(error)) if isinstance(error, NameError) else None
    name = undefined.group(1) if undefined else None
    if name and task.context == "script" and name in guard_assigned_names(getattr(task.original, "__globals__", {})):
        message += (f". {name} is assigned only under `if __name__ == \"__main__\":`, which the profiler does not "
                    "run (it loads the script's definitions only); under loky that block has run in the parent, "
                    f"so {name} would have its value there")
        hint = f"Give {name} a value at the top level of the script, or pass it in with --args."
    return _report("run", message, cause, None, tracebacks.user_location(cause) or definition(task.original), hint)


def classify(task, error, stderr_tail=lambda: ""):
    """The report for the exception a round raised; `stderr_tail()` is what workers printed since it began."""
    loky = task.loky
    if isinstance(error, concurrent.futures.TimeoutError):
        return _report("timeout", f"{task.name} did not finish in time; its workers were killed.")
    if isinstance(error, loky.ShutdownExecutorError):
        return _report("shutdown", f"loky's executor shut down while running {task.name}.", str(error))
    if isinstance(error, loky.TerminatedWorkerError):
        return worker_terminated(task, error, stderr_tail())
    if isinstance(error, loky.BrokenProcessPool):
        text = str(error)
        if "task has failed to un-serialize" in text:
            return task_deserialize(task, error)
        if "result has failed to un-serialize" in text:
            return result_deserialize(task, error)
        return worker_terminated(task, error, stderr_tail())
    if isinstance(error, pickle.PicklingError) and "Could not pickle the task" in str(error):
        return task_serialize(task, error)
    if isinstance(error, RuntimeError) and "too large" in str(error):
        return _report("task-serialize", str(error), _cause_text(error), hint="Send less data per task.")
    if "_sendback_result" in _cause_text(error):
        return result_serialize(task, error)
    return run_failed(task, error)


def breaks_pool(task, error):
    return isinstance(error, task.loky.BrokenProcessPool)
