"""Run the function under each loky mode: cloudpickle, pickle, wrapped, or a pickler module's name."""
import reprlib

from . import channel, failures, measure, tracebacks
from .notes import mode_warnings
from .timing import clock, noop
from .worker_diagnostics import find_bad_result

_preview = reprlib.Repr()
_preview.maxstring = 80
_preview.maxother = 80
_preview.maxlist = _preview.maxtuple = _preview.maxdict = _preview.maxset = 8


class Pool:
    """loky's reusable executor, noting when a round had to start workers."""

    def __init__(self, loky, max_workers, timeout):
        self.loky, self.max_workers, self.timeout = loky, max_workers, timeout
        self.current = None

    def get(self):
        executor = self.loky.get_reusable_executor(max_workers=self.max_workers)
        started = not getattr(executor, "_processes", None)  # loky starts workers on the first submit
        self.current = executor
        return executor, started

    def kill(self):
        if self.current is not None:
            self.current.shutdown(wait=True, kill_workers=True)
            self.current = None

    def respawn_cost_ms(self):
        """After loky marked the pool broken: what the next task pays to start new workers."""
        started = clock()
        executor, _ = self.get()
        executor.submit(noop).result(timeout=self.timeout)
        return (clock() - started) / 1e6


def _prepare(loky, mode, fn):
    """Set loky's process-wide pickler for the mode; the function to submit."""
    if mode == "wrapped":
        loky.set_loky_pickler("pickle")
        return loky.wrap_non_picklable_objects(fn)
    loky.set_loky_pickler(mode)
    return fn


def _bad_pickler(mode, error):
    return {
        "kind": "task-serialize",
        "message": f"loky cannot use {mode!r} as its pickler: {type(error).__name__}: {error}",
        "hint": "Name a module that defines a Pickler class (as set_loky_pickler requires), importable here.",
    }


def _locate_bad_result(pool, task, error_report):
    stage = "serialize" if error_report["kind"] == "result-serialize" else "deserialize"
    try:
        executor, _ = pool.get()
        found = executor.submit(find_bad_result, task.loky.source, task.fn, task.args, task.kwargs, stage) \
            .result(timeout=pool.timeout)
    except Exception:
        return
    if found and found[0] == "raised":
        _, kind, reason, location = found
        error_report.update({
            "kind": "run",
            "message": (f"{task.name} raised {reason}, and that exception cannot be unpickled in the parent "
                        f"({tracebacks.last_line(error_report.get('cause', ''))}); loky reports it as a result "
                        "that failed to un-serialize."),
            "hint": "Pass every __init__ argument to super().__init__ (or define __reduce__) so the exception "
                    "can be rebuilt.",
        })
        error_report.pop("path", None)
        if location:
            error_report["location"] = location
    elif found:
        path, kind, reason, location = found
        error_report["path"] = path
        error_report["message"] += f" The value that fails is {path} ({kind}): {reason}."
        if location:
            error_report["location"] = location


def _after_failure(pool, task, error, report):
    """Clean up after a failed round, find the bad part of a result, and say what a broken pool cost."""
    cost = None
    if report["kind"] == "timeout":
        pool.kill()
        report["message"] = (f"{task.name} did not finish within {pool.timeout * 1000:.0f} ms; loky's workers were "
                             "killed, and the next task starts new ones.")
    elif failures.breaks_pool(task, error):
        cost = pool.respawn_cost_ms()
    if report["kind"] in ("result-serialize", "result-deserialize"):
        _locate_bad_result(pool, task, report)
    if cost is not None:
        report["poolBroken"] = True
        report["respawnMs"] = cost
        report["message"] += (f" loky marked its whole pool broken and shut its workers down; "
                              f"the next task paid {cost:.0f} ms to start new ones.")


def _sizes(loky, task, result):
    def size(value):
        try:
            return len(loky.dumps(value))
        except Exception:
            return 0
    return {"task": size((task.fn, task.args, task.kwargs)), "result": size(result)}


def run_mode(pool, task, warmup, repeat, progress):
    """A ModeResult for one mode."""
    outcome = {"mode": task.mode, "status": "ok", "rounds": 0, "warnings": mode_warnings(task)}
    rounds = max(warmup, 1) + repeat
    measured = []
    for index in range(rounds):
        stage = "warmup" if index < max(warmup, 1) else "measure"
        progress(stage, index, rounds)
        executor, started = pool.get()
        try:
            phases, total, result = measure.one_round(executor, task.fn, task.args, task.kwargs, pool.timeout)
        except BaseException as error:  # every failure of the round is reported, not raised
            if isinstance(error, (KeyboardInterrupt, SystemExit)):
                raise
            outcome["status"] = "error"
            outcome["error"] = failures.classify(task, error)
            _after_failure(pool, task, error, outcome["error"])
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


def run_modes(loky, request, fn, args, kwargs, context):
    timeout = max(request.get("timeoutMs", 30000), 1) / 1000
    pool = Pool(loky, request.get("maxWorkers") or 1, timeout)
    modes = request["modes"]
    results = []
    for mode_index, mode in enumerate(modes):
        def progress(stage, index, total, mode=mode, mode_index=mode_index):
            channel.send({"type": "progress", "progress": {
                "mode": mode, "modeIndex": mode_index, "modeCount": len(modes),
                "stage": stage, "round": index, "rounds": total}})
        progress("loading", 0, 0)
        try:
            submitted = _prepare(loky, mode, fn)
        except Exception as error:  # a custom pickler module that does not import or has no Pickler
            results.append({"mode": mode, "status": "error", "rounds": 0, "warnings": [],
                            "error": _bad_pickler(mode, error)})
            continue
        task = failures.Task(loky, mode, submitted, fn, args, kwargs, context)
        results.append(run_mode(pool, task, request.get("warmup", 1), max(request.get("repeat", 1), 1), progress))
        progress("done", 0, 0)
    pool.kill()
    return results
