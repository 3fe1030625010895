"""After a failed round: clean up, find the bad part of a result, and say what a broken pool cost."""
from . import failures, tracebacks
from .stopping import not_a_stop
from .worker_diagnostics import find_bad_result


def _locate_bad_result(pool, task, error_report):
    stage = "serialize" if error_report["kind"] == "result-serialize" else "deserialize"
    try:
        executor, _ = pool.get()
        found = executor.submit(find_bad_result, task.loky.source, task.fn, task.args, task.kwargs, stage) \
            .result(timeout=pool.timeout)
    except BaseException as error:  # the diagnosis is a bonus; its own failure changes nothing
        not_a_stop(error)
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


def after_failure(pool, task, error, report):
    """Completes the failure report `report` in place."""
    cost = None
    if report["kind"] == "timeout":
        pool.kill()
        report["message"] = (f"{task.name} did not finish within {pool.timeout * 1000:.0f} ms; loky's workers were "
                             "killed, and the next task starts new ones.")
    elif failures.breaks_pool(task, error):
        cost = pool.respawn_cost_ms()
    if report["kind"] in ("result-serialize", "result-deserialize"):
        _locate_bad_result(pool, task, report)
    report["summary"] = report["message"]  # the broken pool has fields of its own
    if cost is not None:
        report["poolBroken"] = True
        report["respawnMs"] = cost
        report["message"] += (f" loky marked its whole pool broken and shut its workers down; "
                              f"the next task paid {cost:.0f} ms to start new ones.")
