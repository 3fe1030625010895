"""Read the request, load the user's module in the chosen context, profile each mode, send the report."""
import os
import sys
import traceback

from . import channel, stderr_tail, stopping
from .loky_api import Loky
from .modes import run_modes
from .user_module import (InputProblem, choose_context, evaluate_arguments, load_as_module, load_as_script,
                          resolve)


def _profile(request):
    path = os.path.abspath(request["file"])
    if not os.path.isfile(path):
        raise InputProblem("missing-file", f"{path}: no such file.")
    try:
        loky = Loky()
    except ImportError as error:
        raise InputProblem("python-unavailable", f"{sys.executable} cannot import loky ({error}). Install it: "
                           f"`{sys.executable} -m pip install loky`, or on Debian/Ubuntu "
                           "`apt install python3-joblib` (for /usr/bin/python3).") from error
    context = choose_context(path, request.get("pythonContext", "auto"))
    module = load_as_script(path) if context == "script" else load_as_module(path)
    fn = resolve(module, path, request["functionName"])
    args, kwargs = evaluate_arguments(module, request.get("argsExpression", ""))
    results = run_modes(loky, request, fn, args, kwargs, context)
    return {"context": context, "loky": loky.source, "lokyVersion": loky.version,
            "python": sys.version.split()[0], "results": results}


def main():
    stopping.install()
    channel.take_over_stdout()
    stderr_tail.start()
    request = channel.read_request()
    channel.stop_when_profiler_goes(stopping.stop_then_kill_group)
    try:
        answer = {"type": "report", "report": _profile(request)}
    except InputProblem as problem:
        answer = {"type": "input-problem", "problem": problem.problem}
    except stopping.Stopped as stop:
        sys.exit(stop.code)
    except BaseException as error:  # the bridge's own failure: report it whole rather than die silently
        answer = {"type": "crash", "message": f"{type(error).__name__}: {error}", "traceback": traceback.format_exc()}
    # From here a stop changes nothing: the profiler ends stdin as soon as it has the answer.
    stopping.answered()
    channel.send(answer)
