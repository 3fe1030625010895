"""Run the function under each loky mode: cloudpickle, pickle, wrapped, or a pickler module's name."""
import reprlib

from . import channel, failures, measure, stderr_tail
from .after_failure import after_failure
from .stopping import not_a_stop
from .dask_mode import run_dask
from .notes import mode_warnings
from .pool import Pool

_preview = reprlib.Repr()
_preview.maxstring = 80
_preview.maxother = 80
_preview.maxlist = _preview.maxtuple = _preview.maxdict = _preview.maxset = 8


def _wrapped(loky, fn):
    loky.set_loky_pickler("pickle")
    return loky.wrap_non_picklable_objects(fn)


def _named_pickler(mode):
    def prepare(loky, fn):
        loky.set_loky_pickler(mode)
        return fn
    return prepare


# How each mode sets loky up and what it submits; any other name is a pickler module (set_loky_pickler(name)).
PREPARE = {"cloudpickle": _named_pickler("cloudpickle"), "pickle": _named_pickler("pickle"), "wrapped": _wrapped}


def _prepare(loky, mode, fn):
    """Set loky's process-wide pickler for the mode; the function to submit."""
    return PREPARE.get(mode, _named_pickler(mode))(loky, fn)


def _bad_pickler(mode, error):
    return {
        "kind": "task-serialize",
        "message": f"loky cannot use {mode!r} as its pickler: {type(error).__name__}: {error}",
        "hint": "Name a module that defines a Pickler class (as set_loky_pickler requires), importable here.",
    }


def _stream(loky, value):
    try:
        return loky.dumps(value)
    except BaseException as error:  # the round succeeded; a second pickling may still fail (or exit)
        not_a_stop(error)
        return None


def _sizes(loky, task, result):
    streams = [_stream(loky, (task.fn, task.args, task.kwargs)), _stream(loky, result)]
    return {"task": len(streams[0]) if streams[0] is not None else 0,
            "result": len(streams[1]) if streams[1] is not None else 0}


def pickle_facts(loky):
    """The protocol the mode's pickler writes (a stream opens with PROTO n). loky's dump passes no
    buffer_callback, so protocol 5's buffers (numpy arrays, PickleBuffer) travel in-band, copied into the stream."""
    head = _stream(loky, None)
    facts = {"outOfBand": False}
    if head is not None and len(head) > 1 and head[0] == 0x80:
        facts["protocol"] = head[1]
    return facts


def run_mode(pool, task, warmup, repeat, progress):
    """A ModeResult for one mode."""
    outcome = {"mode": task.mode, "status": "ok", "rounds": 0, "warnings": mode_warnings(task),
               "pickle": pickle_facts(task.loky)}
    rounds = max(warmup, 1) + repeat
    measured = []
    for index in range(rounds):
        stage = "warmup" if index < max(warmup, 1) else "measure"
        progress(stage, index, rounds)
        executor, started = pool.get()
        position = stderr_tail.mark()
        try:
            phases, total, result = measure.one_round(executor, task.fn, task.args, task.kwargs, pool.timeout)
        except BaseException as error:  # every failure of the round (SystemExit too) is that mode's result
            not_a_stop(error)
            outcome["status"] = "error"
            outcome["error"] = failures.classify(task, error, lambda: stderr_tail.since(position))
            after_failure(pool, task, error, outcome["error"])
            break
        if index == 0:
            outcome["cold"] = {"total": total / 1e6, "poolStarted": started}
            outcome["resultPreview"] = _preview.repr(result)
            outcome["bytes"] = _sizes(task.loky, task, result)
        if stage == "measure":
            measured.append((phases, total))
    outcome["rounds"] = len(measured)
    if measured:
        outcome["timings"] = measure.timings(measured)
    return outcome


def _summarised(result):
    """A failure's `summary`: its message, unless it says more than the report's other fields (after_failure)."""
    error = result.get("error")
    if error is not None:
        error.setdefault("summary", error["message"])
    return result


def run_modes(loky, request, fn, args, kwargs, context):
    timeout = max(request.get("timeoutMs", 30000), 1) / 1000
    pool = Pool(loky, request.get("maxWorkers") or 1, timeout)
    try:
        return [_summarised(run_dask(request, mode_index, fn, args, kwargs) if request["modes"][mode_index] == "dask"
                            else _run_one(loky, pool, request, mode_index, fn, args, kwargs, context))
                for mode_index in range(len(request["modes"]))]
    finally:
        # Also when the run is stopped (SIGTERM, see main.py): loky kills its workers, its tracker frees its semaphores.
        pool.kill()


def _run_one(loky, pool, request, mode_index, fn, args, kwargs, context):
    modes = request["modes"]
    mode = modes[mode_index]

    def progress(stage, index, total):
        channel.send({"type": "progress", "progress": {
            "mode": mode, "modeIndex": mode_index, "modeCount": len(modes),
            "stage": stage, "round": index, "rounds": total}})
    progress("loading", 0, 0)
    try:
        submitted = _prepare(loky, mode, fn)
    except BaseException as error:  # a custom pickler module that does not import (or exits) or has no Pickler
        not_a_stop(error)
        return {"mode": mode, "status": "error", "rounds": 0, "warnings": [], "error": _bad_pickler(mode, error)}
    task = failures.Task(loky, mode, submitted, fn, args, kwargs, context)
    result = run_mode(pool, task, request.get("warmup", 1), max(request.get("repeat", 1), 1), progress)
    progress("done", 0, 0)
    return result
