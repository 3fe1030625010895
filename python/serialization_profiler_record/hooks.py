"""Patch a library the moment it is imported (or now, if it already is), never importing it ourselves."""
import importlib.abc
import importlib.util
import sys
import threading

_patches = {}  # module name -> [patch(module)]
_lock = threading.RLock()


def _apply(name, module):
    for patch in _patches.get(name, ()):
        try:
            patch(module)
        except Exception as error:  # a library version we do not know: record less, never break the program
            sys.stderr.write(f"serial-profile: not recording {name}: {type(error).__name__}: {error}\n")


class _Loader(importlib.abc.Loader):
    def __init__(self, loader, name):
        self.loader, self.name = loader, name

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        _apply(self.name, module)

    def __getattr__(self, attribute):
        return getattr(self.loader, attribute)


class _Finder(importlib.abc.MetaPathFinder):
    def __init__(self):
        self.busy = threading.local()

    def find_spec(self, name, path=None, target=None):
        if name not in _patches or getattr(self.busy, "name", None) == name:
            return None
        self.busy.name = name
        try:
            spec = importlib.util.find_spec(name)
        finally:
            self.busy.name = None
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return None
        spec.loader = _Loader(spec.loader, name)
        return spec


def when_imported(name, patch):
    with _lock:
        _patches.setdefault(name, []).append(patch)
    module = sys.modules.get(name)
    if module is not None:
        _apply(name, module)


def install():
    sys.meta_path.insert(0, _Finder())
