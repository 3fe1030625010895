"""The `dask` mode: the function run through a dask.distributed Client, on a LocalCluster started for the profile
(worker processes on loopback) or on the scheduler the request names, with the loky modes' phases and failures.

dask pickles a task's arguments with pickle (protocol 5), falling back to cloudpickle when the bytes mention
`__main__`; results go back through dask's serializers when the client gathers them. Marks in the task and in the
result time each side of the trip, as the loky modes do.
"""
import reprlib
import socket
import sys
import traceback

from . import channel, stderr_tail
from . import dask_phases
from .dask_phases import END, DaskCall, DaskMark, phases_of
from .measure import timings
from .stopping import not_a_stop
from .timing import clock
from .value_paths import describe, find_failing

_preview = reprlib.Repr()
_preview.maxstring = _preview.maxother = 80


def _missing(error):
    """The name of dask's package that is not installed, when that is why importing dask.distributed failed."""
    while error is not None:  # dask re-raises its own ImportError from the missing module's
        name = getattr(error, "name", None) or ""
        if isinstance(error, ImportError) and name.split(".")[0] in ("distributed", "dask"):
            return name
        error = error.__cause__ or error.__context__
    return None


def _not_installed(name):
    return _error("missing-dependency", f"The dask mode needs dask.distributed, which {sys.executable} cannot "
                  f"import (no module named {name!r}): install it with `apt install python3-distributed` (for "
                  f"/usr/bin/python3) or `{sys.executable} -m pip install distributed`.")


def _refused(scheduler):
    """The error when nothing listens at a tcp:// scheduler address or its host has no address: dask itself would
    retry until its 30 s timeout to say so."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(scheduler if "://" in scheduler else f"tcp://{scheduler}")
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if parts.scheme != "tcp" or not host or not port:
        return None
    try:
        socket.create_connection((host, port), timeout=5).close()
    except (ConnectionRefusedError, socket.gaierror) as error:
        return error
    except OSError:
        return None  # slow or filtered: dask's own connection decides
    return None


def _unreachable(scheduler, error):
    return _error("unreachable", f"The dask scheduler at {scheduler} cannot be reached ({type(error).__name__}: "
                  f"{str(error).strip() or 'no answer'}): start it (`dask scheduler`, then `dask worker "
                  f"{scheduler}`) or check the address (--dask-scheduler, or the serializationProfiler.daskScheduler "
                  "setting in the editor).")


def _error(kind, message, **details):
    error = {"kind": kind, "message": message}
    error.update({key: value for key, value in details.items() if value is not None})
    return error


class DaskSession:
    """A Client on a LocalCluster of `workers` processes (loopback), or on the named scheduler."""

    def __init__(self, distributed, workers, scheduler, timeout):
        self.distributed, self.timeout = distributed, timeout
        self.cluster = None
        started = clock()
        if scheduler:
            self.client = distributed.Client(scheduler, timeout=timeout, set_as_default=False)
            _share_marks(self.client)
        else:
            import dask

            # A task that kills its worker is reported the first time, not after dask's three retries.
            with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
                self.cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                        host="127.0.0.1", dashboard_address=None)
            self.client = distributed.Client(self.cluster, set_as_default=False)
        self.start_ms = (clock() - started) / 1e6

    def close(self):
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()


def _share_marks(client):
    """Workers elsewhere cannot import the profiler's marks, which travel in the task's arguments (pickled by
    reference, as dask pickles arguments): define their modules on each worker from their source."""
    import inspect

    import cloudpickle

    from . import timing

    for module in (timing, dask_phases):
        cloudpickle.register_pickle_by_value(module)
    sources = [(module.__name__, inspect.getsource(module)) for module in (timing, dask_phases)]
    client.run(dask_phases.define_modules, sources)


def _classify(error, future, fn, args, kwargs, dumps):
    """A dask failure as the report's kinds, with the failing value's path where pickling broke."""
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    remote = ""
    if future is not None:
        try:
            remote = "".join(traceback.format_tb(future.traceback())) if future.traceback() else ""
        except Exception:
            remote = ""
    name = getattr(fn, "__qualname__", repr(fn))
    if future is None:
        roots = [("fn", fn)] + [(f"args[{i}]", v) for i, v in enumerate(args)] + \
                [(f"kwargs[{k!r}]", v) for k, v in kwargs.items()]
        found = find_failing(roots, dumps)
        path, value, failure = found if found else (None, None, error)
        what = f"{path} ({describe(value)})" if path else "the task"
        return _error("task-serialize", f"dask could not pickle the task for {name}: {what} cannot be pickled: "
                      f"{type(failure).__name__}: {failure}.", cause=text, path=path,
                      hint="Make the value picklable, create it inside the function, or scatter it.")
    if "_deserialize" in remote or "loads_function" in remote:
        return _error("task-deserialize", f"The dask worker could not load the task for {name}: "
                      f"{type(error).__name__}: {error}", cause=remote + text,
                      hint="Make the function's module importable on the workers, or define it in the script.")
    if isinstance(error, TimeoutError) or type(error).__name__ == "TimeoutError":
        return _error("timeout", f"{name} did not finish in time on the dask cluster.")
    return _error("run", f"{name} raised {type(error).__name__}: {error}", cause=remote + text)


def one_round(client, fn, args, kwargs, timeout):
    """(phases ns, total ns, result, task bytes) of one submit(...).result() through dask."""
    start, end = DaskMark(), DaskMark()
    submitted = clock()
    future = client.submit(DaskCall(fn), start, *args, pure=False, **dict(kwargs, **{END: end}))
    try:
        result_start, result, worker, result_end = future.result(timeout=timeout)
    finally:
        future.release()
    returned = clock()
    return phases_of(submitted, start, end, worker, result_start, result_end, returned), returned - submitted, result


def run_dask(request, mode_index, fn, args, kwargs):
    modes = request["modes"]

    def progress(stage, index, total):
        channel.send({"type": "progress", "progress": {
            "mode": "dask", "modeIndex": mode_index, "modeCount": len(modes),
            "stage": stage, "round": index, "rounds": total}})
    progress("loading", 0, 0)
    outcome = {"mode": "dask", "status": "ok", "rounds": 0, "warnings": _warnings(fn)}
    try:
        import distributed
        from distributed.protocol import pickle as dask_pickle
    except BaseException as error:  # an installed dask that fails to import (or exits) is that mode's failure too
        not_a_stop(error)
        name = _missing(error)
        outcome.update(status="error", warnings=[], error=_not_installed(name) if name else _error(
            "missing-dependency", f"dask.distributed is installed for {sys.executable} but fails to import: "
            f"{type(error).__name__}: {error}",
            cause="".join(traceback.format_exception(type(error), error, error.__traceback__)),
            hint="Repair the dask installation (python3-distributed), or profile with the loky modes."))
        return outcome
    timeout = max(request.get("timeoutMs", 30000), 1) / 1000
    scheduler = request.get("daskScheduler") or None
    refused = _refused(scheduler) if scheduler else None
    if refused is not None:
        outcome.update(status="error", warnings=[], error=_unreachable(scheduler, refused))
        return outcome
    try:
        session = DaskSession(distributed, request.get("maxWorkers") or 1, scheduler, max(timeout, 30))
    except BaseException as error:
        not_a_stop(error)
        outcome.update(status="error", warnings=[], error=_unreachable(scheduler, error) if scheduler else _error(
            "shutdown", f"Could not start a local dask cluster: {type(error).__name__}: {error}",
            cause="".join(traceback.format_exception(type(error), error, error.__traceback__))))
        return outcome
    try:
        _measure(session, request, fn, args, kwargs, timeout, progress, outcome, dask_pickle)
    finally:
        session.close()
    progress("done", 0, 0)
    return outcome


def _measure(session, request, fn, args, kwargs, timeout, progress, outcome, dask_pickle):
    warmup, repeat = max(request.get("warmup", 1), 1), max(request.get("repeat", 1), 1)
    rounds, measured = warmup + repeat, []
    for index in range(rounds):
        stage = "warmup" if index < warmup else "measure"
        progress(stage, index, rounds)
        position = stderr_tail.mark()
        try:
            phases, total, result = one_round(session.client, fn, args, kwargs, timeout)
        except BaseException as error:  # every failure of a round is a result of the mode (SystemExit too)
            not_a_stop(error)
            submitted = not _is_pickling_error(error)
            outcome["status"] = "error"
            if type(error).__name__ == "KilledWorker":
                outcome["error"] = _worker_died(fn, error, stderr_tail.since(position))
            else:
                outcome["error"] = _classify(error, _failed_future(error) if submitted else None, fn, args, kwargs,
                                             dask_pickle.dumps)
            break
        if index == 0:
            outcome["cold"] = {"total": total / 1e6 + session.start_ms, "poolStarted": True}
            outcome["resultPreview"] = _preview.repr(result)
            # dask pickles a task's function, arguments and keywords apart (worker.dumps_task)
            parts = (fn, args, kwargs) if kwargs else (fn, args)
            task_bytes = sum(_size(dask_pickle, part) for part in parts)
            outcome["bytes"] = {"task": task_bytes, "result": _size(dask_pickle, result)}
            outcome["pickle"] = _pickle_facts(dask_pickle, args, result)
        if stage == "measure":
            measured.append((phases, total))
    outcome["rounds"] = len(measured)
    if measured:
        outcome["timings"] = timings(measured)


_ENDS_A_PROCESS = ("SystemExit", "KeyboardInterrupt")


def _worker_died(fn, error, tail):
    """dask gives up on a task whose worker died running it (KilledWorker): a task that raises SystemExit or
    KeyboardInterrupt, calls os._exit or crashes the interpreter. The worker's last words, when it wrote any."""
    name = getattr(fn, "__qualname__", repr(fn))
    words = [line.strip() for line in tail.splitlines() if line.strip().split(":")[0] in _ENDS_A_PROCESS]
    said = f" Its last words: {words[-1]}." if words else ""
    return _error("worker-terminated", f"The dask worker running {name} died before sending a result back "
                  f"(dask: {type(error).__name__}).{said}",
                  cause=(tail.strip() or None),
                  hint="A task that raises SystemExit or KeyboardInterrupt, calls os._exit or crashes ends its "
                       "worker process: return or raise an Exception instead.")


def _warnings(fn):
    if getattr(fn, "__module__", None) != "__main__":
        return []
    name = getattr(fn, "__qualname__", "the function")
    return [{"path": "fn", "message": f"{name} is defined in __main__, so dask pickles it by value (cloudpickle, "
                                      "after pickle's bytes named __main__): its code and the globals it uses "
                                      "travel with every task."}]


def _is_pickling_error(error):
    frames = traceback.extract_tb(error.__traceback__)
    return any(frame.name in ("dumps_task", "warn_dumps", "dumps_function") for frame in frames)


def _failed_future(error):
    class Remote:
        def traceback(self):
            return error.__traceback__
    return Remote()


def _pickle_facts(dask_pickle, args, result):
    """The protocol of the task's arguments (dask pickles them in band), and whether the result travels with
    out-of-band buffers (dask's serializers: a numpy array's data, pickle 5 buffers of other values)."""
    from serialization_profiler_record.pickle_facts import dask_message, protocol_of

    facts = {"outOfBand": False}
    try:
        protocol = protocol_of(dask_pickle.dumps(args))
        if protocol is not None:
            facts["protocol"] = protocol
        from distributed.protocol.serialize import serialize_and_split

        facts["outOfBand"] = dask_message(*serialize_and_split(result))[1] > 0
    except Exception:
        pass
    return facts


def _size(dask_pickle, value):
    try:
        return len(dask_pickle.dumps(value))
    except Exception:
        return 0
