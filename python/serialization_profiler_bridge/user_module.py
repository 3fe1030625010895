"""Load the user's file as loky would see it: run as the script (`__main__`) or imported by module name."""
import ast
import importlib
import inspect
import os
import sys
import tokenize
import types

from . import tracebacks


class InputProblem(Exception):
    def __init__(self, code, message, location=None, available=None):
        super().__init__(message)
        self.problem = {"code": code, "message": message}
        if location:
            self.problem["location"] = location
        if available is not None:
            self.problem["available"] = available


def _is_main_guard(node):
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    parts = [node.test.left] + list(node.test.comparators)
    names = {part.id for part in parts if isinstance(part, ast.Name)}
    texts = {part.value for part in parts if isinstance(part, ast.Constant)}
    return names == {"__name__"} and texts == {"__main__"}


def _parse(path):
    with tokenize.open(path) as handle:
        source = handle.read()
    try:
        return ast.parse(source, path)
    except SyntaxError as error:
        location = {"file": path, "line": error.lineno or 1, "column": error.offset or 1}
        raise InputProblem("module-syntax", f"{path}:{error.lineno}: {error.msg}", location) from error


_ACTING_STATEMENTS = (ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try)


def _acts(node):
    """A top-level statement that does work when the file runs, as a script's body does."""
    if isinstance(node, ast.Expr):
        return not isinstance(node.value, ast.Constant)
    return isinstance(node, _ACTING_STATEMENTS)


def choose_context(path, requested):
    """script: a `__main__` guard, or (outside a package) top-level code that does work; else module."""
    if requested in ("script", "module"):
        return requested
    tree = _parse(path)
    if any(_is_main_guard(node) for node in tree.body):
        return "script"
    if os.path.exists(os.path.join(os.path.dirname(path), "__init__.py")):
        return "module"
    return "script" if any(_acts(node) for node in tree.body) else "module"


def _module_name(path):
    """The dotted name the file imports as, and the folder that must be on sys.path for it."""
    folder, file = os.path.split(path)
    parts = [os.path.splitext(file)[0]]
    while os.path.exists(os.path.join(folder, "__init__.py")):
        folder, package = os.path.split(folder)
        parts.insert(0, package)
    if parts[-1] == "__init__":
        parts.pop()
    return folder, ".".join(parts)


def _load_failure(path, error):
    import traceback

    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    location = tracebacks.user_location(text)
    where = f"{location['file']}:{location['line']}: " if location else ""
    message = f"{where}{path} failed to load: {type(error).__name__}: {error}"
    if isinstance(error, ImportError) and "relative import" in str(error):
        message += (". It runs as a script (__main__) here, where relative imports have no package: run it as a "
                    "module of its package with --python-context module (setting serializationProfiler.pythonContext)")
    return InputProblem("module-load", message + ".", location)


_guard_names = {}


def guard_assigned_names(namespace):
    """Names the script's `if __name__ == "__main__":` blocks assign (which load_as_script does not run)."""
    return _guard_names.get(id(namespace), frozenset())


def _assigned_names(nodes):
    names = set()
    for node in nodes:
        for child in ast.walk(node):
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                names.add(child.id)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(child.name)
    return frozenset(names)


def load_as_script(path):
    """Run the file as `__main__` without its `if __name__ == "__main__":` blocks (definitions only)."""
    tree = _parse(path)
    guarded = [node for node in tree.body if _is_main_guard(node)]
    tree.body = [node for node in tree.body if not _is_main_guard(node)]
    code = compile(tree, path, "exec")
    module = types.ModuleType("__main__")
    _guard_names[id(module.__dict__)] = _assigned_names(guarded)
    module.__file__ = path
    module.__spec__ = None
    module.__builtins__ = __builtins__
    sys.modules["__main__"] = module
    sys.argv = [path]
    sys.path.insert(0, os.path.dirname(path))
    try:
        exec(code, module.__dict__)
    except (Exception, SystemExit) as error:
        raise _load_failure(path, error) from error
    return module


def load_as_module(path):
    root, name = _module_name(path)
    sys.path.insert(0, root)
    try:
        module = importlib.import_module(name)
    except SyntaxError as error:
        location = {"file": error.filename or path, "line": error.lineno or 1, "column": error.offset or 1}
        raise InputProblem("module-syntax", f"{path}:{error.lineno}: {error.msg}", location) from error
    except (Exception, SystemExit) as error:
        raise _load_failure(path, error) from error
    loaded = os.path.abspath(getattr(module, "__file__", "") or "")
    if loaded != path:
        raise InputProblem(
            "module-load",
            f"importing {name!r} gives {loaded}, not {path}: another module has that name; profile it as a script",
        )
    return module


def available_functions(module):
    names = []
    for name, value in vars(module).items():
        if getattr(value, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(value):
            names.append(name)
        elif inspect.isclass(value):
            names.extend(name + "." + member for member, item in vars(value).items() if inspect.isfunction(item)
                         or isinstance(item, (staticmethod, classmethod)))
    return names


def resolve(module, path, dotted):
    value = module
    for part in dotted.split("."):
        if not hasattr(value, part):
            raise InputProblem(
                "unknown-function",
                f"{path} has no function {dotted!r}; it has: {', '.join(available_functions(module)) or 'none'}",
                available=available_functions(module),
            )
        value = getattr(value, part)
    if not callable(value):
        raise InputProblem("unknown-function", f"{dotted!r} in {path} is not a function",
                           available=available_functions(module))
    return value


def _collect(*args, **kwargs):
    return args, kwargs


def evaluate_arguments(module, expression):
    """Evaluate `21, large_list, key=1` in the module's scope as a call's arguments."""
    expression = (expression or "").strip()
    source = "__serialization_profiler_collect__(" + expression + "\n)"
    try:
        code = compile(source, "<arguments>", "eval")
    except SyntaxError as error:
        raise InputProblem("args-syntax", f"arguments {expression!r}: {error.msg}") from error
    try:
        return eval(code, module.__dict__, {"__serialization_profiler_collect__": _collect})
    except Exception as error:
        raise InputProblem("args-evaluation",
                           f"arguments {expression!r} failed: {type(error).__name__}: {error}") from error

