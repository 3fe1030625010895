"""Patch a library the moment it is imported (or now, if it already is), never importing it ourselves.

Kept free of importlib.abc and importlib.util: every process of a recorded run imports this at start."""
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


class _Loader:
    def __init__(self, loader, name):
        self.loader, self.name = loader, name

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        _apply(self.name, module)

    def __getattr__(self, attribute):
        return getattr(self.loader, attribute)


class _Finder:
    def find_spec(self, name, path=None, target=None):
        if name not in _patches:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _Loader(spec.loader, name)
                return spec
        return None

    def invalidate_caches(self):
        pass


def when_imported(name, patch):
    with _lock:
        _patches.setdefault(name, []).append(patch)
    module = sys.modules.get(name)
    if module is not None:
        _apply(name, module)


def install():
    sys.meta_path.insert(0, _Finder())
