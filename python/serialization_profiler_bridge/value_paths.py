"""Find the value that breaks pickling: walk containers, attributes and closures to the deepest failing one."""
import functools
import types

MAX_DEPTH = 12
MAX_ITEMS = 200


def _closure_children(fn):
    code = fn.__code__
    for name, cell in zip(code.co_freevars, fn.__closure__ or ()):
        try:
            yield ".<closure " + name + ">", cell.cell_contents
        except ValueError:
            continue
    for index, value in enumerate(fn.__defaults__ or ()):
        yield ".__defaults__[" + str(index) + "]", value
    for name in code.co_names:
        if name in fn.__globals__:
            yield ".<global " + name + ">", fn.__globals__[name]


def children(value):
    """(path suffix, child) pairs a pickler would visit."""
    if isinstance(value, dict):
        for index, (key, item) in enumerate(value.items()):
            if index >= MAX_ITEMS:
                return
            yield "[" + repr(key) + "]", item
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value[:MAX_ITEMS]):
            yield "[" + str(index) + "]", item
    elif isinstance(value, (set, frozenset)):
        for index, item in enumerate(value):
            if index >= MAX_ITEMS:
                return
            yield ".<item " + str(index) + ">", item
    elif isinstance(value, functools.partial):
        yield ".func", value.func
        for index, item in enumerate(value.args):
            yield ".args[" + str(index) + "]", item
        for key, item in (value.keywords or {}).items():
            yield ".keywords[" + repr(key) + "]", item
    elif isinstance(value, types.FunctionType):
        yield from _closure_children(value)
    elif isinstance(value, types.MethodType):
        yield ".__self__", value.__self__
        yield ".__func__", value.__func__
    elif not isinstance(value, type):
        state = getattr(value, "__dict__", None)
        if isinstance(state, dict):
            for index, (key, item) in enumerate(state.items()):
                if index >= MAX_ITEMS:
                    return
                yield "." + str(key), item
        inner = getattr(value, "_obj", None)  # loky's CloudpickledObjectWrapper
        if inner is not None and state is None:
            yield "._obj", inner


def pickle_problem(check, value):
    """The exception `check(value)` raises, or None."""
    try:
        check(value)
    except Exception as error:  # any failure of the pickler is what we are looking for
        return error
    return None


def find_failing(roots, check):
    """The deepest (path, value, error) whose check fails, starting from the first failing root."""
    for path, value in roots:
        error = pickle_problem(check, value)
        if error is not None:
            return _descend(path, value, error, check, 0, set())
    return None


def _descend(path, value, error, check, depth, seen):
    if depth >= MAX_DEPTH or id(value) in seen:
        return path, value, error
    seen.add(id(value))
    for suffix, child in children(value):
        child_error = pickle_problem(check, child)
        if child_error is not None:
            return _descend(path + suffix, child, child_error, check, depth + 1, seen)
    return path, value, error


def find_named(roots, name):
    """The path of a function or class called `name` (as an unpickler names a missing attribute)."""
    for path, value in roots:
        found = _find_named(path, value, name, 0, set())
        if found is not None:
            return found
    return None


def _named(value, name):
    return getattr(value, "__qualname__", None) == name or getattr(value, "__name__", None) == name


def _find_named(path, value, name, depth, seen):
    if depth >= MAX_DEPTH or id(value) in seen:
        return None
    seen.add(id(value))
    if isinstance(value, (types.FunctionType, type)) and _named(value, name):
        return path, value
    if not isinstance(value, (types.FunctionType, type)) and _named(type(value), name):
        return path, type(value)
    for suffix, child in children(value):
        found = _find_named(path + suffix, child, name, depth + 1, seen)
        if found is not None:
            return found
    return None


def describe(value):
    """The value's type as a reader names it: `function func_async`, `_thread.lock`, `class Point`."""
    if isinstance(value, types.FunctionType):
        return "function " + value.__qualname__
    if isinstance(value, type):
        return "class " + value.__qualname__
    kind = type(value)
    module = kind.__module__
    return kind.__qualname__ if module in ("builtins", "__main__") else module + "." + kind.__qualname__
