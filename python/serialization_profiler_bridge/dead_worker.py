"""A loky worker that died: its exit code or signal, and its last words on stderr (cause, line, stage)."""
import re

from . import tracebacks
from .source_positions import definition

_EXIT_CODES = re.compile(r"exit codes of the workers are \{(.*)\}")
_EXIT = re.compile(r"EXIT\((-?\d+)\)")
_SIGNAL = re.compile(r"(SIG[A-Z0-9]+)\(-?\d+\)")


def _report(kind, message, cause, path, location, hint):
    report = {"kind": kind, "message": message, "cause": cause, "hint": hint}
    if path is not None:
        report["path"] = path
    if location is not None:
        report["location"] = location
    return report


def _dying_words(tail):
    """What a dead worker last printed: (the exception or fatal error line, the stage it died in), or None."""
    lines = [line for line in tail.strip().splitlines() if line.strip()]
    if not lines:
        return None
    fatal = [line for line in lines if line.startswith("Fatal Python error")]
    if fatal:
        reason = fatal[-1]
    else:
        reasons = [line for line in lines if not line.startswith(" ") and ("Error" in line or "Exception" in line
                                                                         or "Exit" in line) and ":" in line
                   and not line.startswith("Traceback") and not line.startswith("During handling")]
        reason = reasons[-1].strip() if reasons else tracebacks.last_line(tail)
    return reason, _stage(tail)


_UNPICKLING = "while un-pickling its task (the function or an argument)"
_PICKLING = "while pickling what it had to send back"


def _stage(tail):
    """Where in loky's worker loop the worker died, from its traceback's source lines or faulthandler's frames."""
    if "call_queue.get(" in tail:
        return _UNPICKLING
    if "result_queue.put(" in tail:
        return _PICKLING
    names = [(file.replace("\\", "/").rsplit("/", 1)[-1], name) for file, _, _, name in tracebacks.frames(tail)]
    if ("queues.py", "get") in names:
        return _UNPICKLING
    if ("queues.py", "put") in names or any(name == "_sendback_result" for _, name in names):
        return _PICKLING
    return None


def _first_exception(tail):
    """The exception the function raised, when the worker died sending it back (`During handling …`)."""
    before = tail.split("During handling of the above exception", 1)
    if len(before) < 2:
        return None
    return tracebacks.last_line(before[0])


def worker_terminated(task, error, tail=""):
    codes = _EXIT_CODES.search(str(error))
    text = codes.group(1) if codes else ""
    how = ["exit code " + code for code in _EXIT.findall(text)] + ["signal " + name for name in _SIGNAL.findall(text)]
    detail = " (" + ", ".join(how) + ")" if how else ""
    words = _dying_words(tail)
    location = tracebacks.user_location(tail) or definition(task.original)
    if words is None:
        message = (f"A loky worker died while running {task.name}{detail}: a crash, os._exit, a signal, "
                   "or the system killing it for memory (it printed nothing on stderr).")
        return _report("worker-terminated", message, str(error).strip(), None, location,
                       "Look for native crashes, os._exit or memory growth in the function.")
    reason, stage = words
    raised = _first_exception(tail)
    if raised and stage and "pickling" in stage:
        message = (f"A loky worker died{detail}: {task.name} raised {raised}, and the worker could not pickle "
                   f"that exception to send it back ({reason}), so it exited.")
        hint = "Keep unpicklable state (locks, connections, files) out of the exceptions the function raises."
        return _report("worker-terminated", message, tail.strip(), "raised", location, hint)
    where = stage or f"while running {task.name}"
    path = "result" if stage == _PICKLING else None
    message = f"A loky worker died{detail} {where}: {reason}."
    return _report("worker-terminated", message, tail.strip(), path, location,
                   "Its last words on stderr are in the cause; the line above is where they point.")
