"""Records what a Python program pickles for its worker processes (see docs/trace-format.md).

Loaded by the `sitecustomize` next to it in every process of a recorded run, when SERIAL_PROFILE_TRACE_DIR is set.
"""
import os
import signal
import sys

_installed = False


def _later(module_name, function_name, *extra):
    """A patch whose code is imported only when its library is: most programs never pay for the others."""
    def patch(module):
        _start_recorder()
        getattr(own_module(module_name), function_name)(module, *extra)
    return patch


_directory = None
_PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def bridge_module(name):
    """A module of the profiler's bridge (the value-path walker, source positions), found next to this package."""
    import importlib

    full = "serialization_profiler_bridge." + name
    if full in sys.modules:
        return sys.modules[full]
    sys.path.insert(0, _PYTHON_DIR)
    dont_write = sys.dont_write_bytecode
    sys.dont_write_bytecode = False
    try:
        return importlib.import_module(full)
    finally:
        sys.dont_write_bytecode = dont_write
        try:
            sys.path.remove(_PYTHON_DIR)
        except ValueError:
            pass


def _start_recorder():
    """The recorder starts with the first library it patches: a process that sends nothing pays nothing more."""
    recorder = own_module("recorder")
    if recorder.recorder() is None:
        recorder.start(_directory)


def own_module(name):
    """One of the recorder's modules, its bytecode cached next to it whatever PYTHONDONTWRITEBYTECODE says."""
    import importlib

    full = __name__ + "." + name
    if full in sys.modules:
        return sys.modules[full]
    dont_write = sys.dont_write_bytecode
    sys.dont_write_bytecode = False
    try:
        return importlib.import_module(full)
    finally:
        sys.dont_write_bytecode = dont_write


def _patches():
    yield "multiprocessing.reduction", _later("patch_multiprocessing", "patch_reduction")
    yield "concurrent.futures.process", _later("patch_multiprocessing", "patch_futures")
    yield "multiprocessing.pool", _later("patch_multiprocessing", "patch_pool")
    yield "multiprocessing.process", _patch_bootstrap
    for package in ("loky", "joblib.externals.loky"):
        yield package + ".backend.queues", _later("patch_loky", "patch_queues", package)
        yield package + ".process_executor", _later("patch_loky", "patch_executor", package)
    yield "joblib.parallel", _later("patch_loky", "patch_parallel")
    yield "distributed.client", _later("patch_dask", "patch_client")
    yield "distributed.worker", _later("patch_dask", "patch_worker")
    yield "distributed.protocol.core", _later("patch_dask", "patch_core")


def _patch_bootstrap(process_module):
    """multiprocessing's children end with os._exit (no atexit) or by SIGTERM (Pool.terminate): flush first."""
    _start_recorder()
    from .recorder import recorder

    base = process_module.BaseProcess
    if getattr(base, "_serial_profile", False):
        return
    original = base._bootstrap

    def bootstrap(self, *args, **kwargs):
        _flush_on_sigterm()
        try:
            return original(self, *args, **kwargs)
        finally:
            recorder().at_exit()
            if _terminated:  # die of the signal, as the process would have without the recorder
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                os.kill(os.getpid(), signal.SIGTERM)

    base._bootstrap = bootstrap
    base._serial_profile = True


_terminated = []


def _flush_on_sigterm():
    """SIGTERM (Pool.terminate) unwinds the worker as an exception, so every lock the recorder holds is released
    on the way out; the bootstrap then flushes and the process dies of the signal."""
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return

    def on_term(signum, frame):
        _terminated.append(signum)
        raise SystemExit(128 + signum)

    try:
        signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # not the main thread
        pass


def _missing_module_hint():
    previous = sys.excepthook

    def missing(error):
        while error is not None:  # dask re-raises its own ImportError from the missing module's
            if isinstance(error, ImportError) and (getattr(error, "name", None) or "").split(".")[0] in (
                    "distributed", "dask"):
                return error.name
            error = error.__cause__ or error.__context__
        return None

    def hook(kind, error, traceback):
        previous(kind, error, traceback)
        name = missing(error)
        if name:
            sys.stderr.write(f"serial-profile: {sys.executable} cannot import {name}: recording dask needs "
                             "dask.distributed. Install it: `apt install python3-distributed` (for /usr/bin/python3) "
                             f"or `{sys.executable} -m pip install distributed`.\n")

    sys.excepthook = hook


def install():
    global _installed
    directory = os.environ.get("SERIAL_PROFILE_TRACE_DIR")
    if _installed or not directory or not os.path.isdir(directory):
        return False
    _installed = True
    global _directory
    _directory = directory
    hooks = own_module("hooks")
    hooks.install()
    for name, patch in _patches():
        hooks.when_imported(name, patch)
    _missing_module_hint()
    return True
