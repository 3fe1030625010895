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
    except BaseException as error:  # any failure of the pickler is what we are looking for, SystemExit too
        from .stopping import not_a_stop

        not_a_stop(error)
        return error
    return None


def find_failing(roots, check):
    """The deepest (path, value, error) whose check fails, starting from the first failing root."""
    for path, value in roots:
        error = pickle_problem(check, value)
        if error is not None:
            return _descend(path, value, error, check, 0, set())
    return None


def _wrapper_check(wrapper, check):
    """What pickles the inside of loky's CloudpickledObjectWrapper: the cloudpickle its module uses."""
    import sys

    dumps = getattr(sys.modules.get(type(wrapper).__module__), "dumps", None)
    return dumps if callable(dumps) else check


def _descend(path, value, error, check, depth, seen):
    if depth >= MAX_DEPTH or id(value) in seen:
        return path, value, error
    seen.add(id(value))
    if getattr(value, "_obj", None) is not None and type(value).__module__.endswith(".cloudpickle_wrapper"):
        check = _wrapper_check(value, check)
    for suffix, child in children(value):
        child_error = pickle_problem(check, child)
        # Only a part that fails the same way is the cause; one that fails otherwise (a decorated function found
        # inside its wrapper, say) is a detour the pickler never took.
        if child_error is not None and _same_failure(child_error, error):
            return _descend(path + suffix, child, child_error, check, depth + 1, seen)
    return path, value, error


def _same_failure(one, other):
    return type(one) is type(other) and str(one) == str(other)


def find_first(roots, matches):
    """The first (path, value, its function or class) that `matches`, looking at values and instances' classes."""
    for path, value in roots:
        found = _find_first(path, value, matches, 0, set())
        if found is not None:
            return found
    return None


def _find_first(path, value, matches, depth, seen):
    if depth >= MAX_DEPTH or id(value) in seen:
        return None
    seen.add(id(value))
    is_definition = is_by_name(value)
    if is_definition and matches(value):
        return path, value, value
    if not is_definition and matches(type(value)):
        return path, value, type(value)
    for suffix, child in children(value):
        found = _find_first(path + suffix, child, matches, depth + 1, seen)
        if found is not None:
            return found
    return None


def is_by_name(value):
    """A function or class, or a callable object that pickles by its name (an lru_cache wrapper, a builtin)."""
    if isinstance(value, (types.FunctionType, type)):
        return True
    wrapper = hasattr(value, "_obj")  # loky's CloudpickledObjectWrapper: what it wraps is what counts
    return callable(value) and not wrapper and not isinstance(value, types.MethodType) \
        and hasattr(value, "__qualname__") and hasattr(value, "__module__")


def named(name):
    """Matches a function or class an unpickler names as a missing attribute (`Point` or `Point.norm`)."""
    def matches(value):
        qualname = getattr(value, "__qualname__", None) or ""
        return qualname == name or getattr(value, "__name__", None) == name or qualname.startswith(name + ".")
    return matches


def in_main(value):
    """A function or class defined in `__main__`: pickle sends it by reference, and workers cannot find it."""
    return getattr(value, "__module__", None) == "__main__"


def describe(value):
    """The value's type as a reader names it: `function func_async`, `class Point`, `_thread.lock`, `Point`."""
    if isinstance(value, types.FunctionType):
        return "function " + value.__qualname__
    if isinstance(value, functools._lru_cache_wrapper):
        return "lru_cache function " + value.__qualname__
    if isinstance(value, type):
        return "class " + value.__qualname__
    kind = type(value)
    module = kind.__module__
    return kind.__qualname__ if module in ("builtins", "__main__") else module + "." + kind.__qualname__
