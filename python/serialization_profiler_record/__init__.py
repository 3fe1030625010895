"""Records what a Python program pickles for its worker processes (see docs/trace-format.md).

Loaded by the `sitecustomize` next to it in every process of a recorded run, when SERIAL_PROFILE_TRACE_DIR is set.
"""
import os
import signal
import sys

_installed = False


def _patches():
    from . import patch_dask, patch_loky, patch_multiprocessing

    yield "multiprocessing.reduction", patch_multiprocessing.patch_reduction
    yield "concurrent.futures.process", patch_multiprocessing.patch_futures
    yield "multiprocessing.pool", patch_multiprocessing.patch_pool
    yield "multiprocessing.process", _patch_bootstrap
    for package in ("loky", "joblib.externals.loky"):
        yield package + ".backend.queues", lambda module, package=package: patch_loky.patch_queues(module, package)
        yield package + ".process_executor", \
            lambda module, package=package: patch_loky.patch_executor(module, package)
    yield "joblib.parallel", patch_loky.patch_parallel
    yield "distributed.client", patch_dask.patch_client
    yield "distributed.worker", patch_dask.patch_worker
    yield "distributed.protocol.core", patch_dask.patch_core


def _patch_bootstrap(process_module):
    """multiprocessing's children end with os._exit (no atexit) or by SIGTERM (Pool.terminate): flush first."""
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

    base._bootstrap = bootstrap
    base._serial_profile = True


def _flush_on_sigterm():
    from .recorder import recorder

    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return

    def on_term(signum, frame):
        recorder().at_exit(blocking=False)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)

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
    from . import hooks, recorder

    recorder.start(directory)
    hooks.install()
    for name, patch in _patches():
        hooks.when_imported(name, patch)
    _missing_module_hint()
    return True
