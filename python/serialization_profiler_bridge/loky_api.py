"""loky from the `loky` package if importable, else the copy joblib bundles."""
import importlib
import os
import sys


def import_loky():
    reasons = []
    for name in ("loky", "joblib.externals.loky"):
        try:
            return name, importlib.import_module(name)
        except Exception as error:  # a broken install fails with more than ImportError
            reasons.append(f"{name}: {type(error).__name__}: {error}")
    raise ImportError("; ".join(reasons))


_ALIAS_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "loky_alias")


def alias_bundled_loky():
    """Let user code that imports `loky`, here and in loky's workers (which inherit sys.path), get joblib's bundled
    copy, so it shares our executor and pickler."""
    if _ALIAS_PATH not in sys.path:
        sys.path.append(_ALIAS_PATH)
    importlib.import_module("loky")


class Loky:
    """The parts of loky the profiler uses, from whichever copy is installed."""

    def __init__(self):
        self.source, module = import_loky()
        self.version = getattr(module, "__version__", "?")
        self.get_reusable_executor = module.get_reusable_executor
        self.set_loky_pickler = module.set_loky_pickler
        self.wrap_non_picklable_objects = module.wrap_non_picklable_objects
        self.reduction = importlib.import_module(self.source + ".backend.reduction")
        process_executor = importlib.import_module(self.source + ".process_executor")
        self.BrokenProcessPool = process_executor.BrokenProcessPool
        self.TerminatedWorkerError = process_executor.TerminatedWorkerError
        self.ShutdownExecutorError = process_executor.ShutdownExecutorError
        if self.source != "loky":
            alias_bundled_loky()

    def dumps(self, value):
        """Pickle as loky does with its current pickler."""
        return self.reduction.dumps(value)
