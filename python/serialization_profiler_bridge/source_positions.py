"""Where a function or class is defined, as {file, line, column} pointing at its name."""
import inspect
import linecache


def definition(value):
    target = inspect.unwrap(value) if callable(value) else value
    target = getattr(target, "_obj", target)  # loky's CloudpickledObjectWrapper
    try:
        file = inspect.getsourcefile(target)
        if isinstance(target, type):
            _, line = inspect.findsource(target)
            line += 1
        else:
            line = target.__code__.co_firstlineno
    except (TypeError, OSError, AttributeError):
        return None
    if not file:
        return None
    name = getattr(target, "__name__", "")
    for offset in range(0, 30):
        text = linecache.getline(file, line + offset)
        for keyword in ("def ", "class "):
            at = text.find(keyword + name)
            if at >= 0:
                return {"file": file, "line": line + offset, "column": at + len(keyword) + 1}
        if not text:
            break
    return {"file": file, "line": line, "column": 1}


def defined_in_user_code(value):
    """Where the value (a function or class) or its class is defined, if that is in the user's files."""
    from .tracebacks import is_user_file

    for candidate in (value, type(value)):
        if callable(candidate):
            location = definition(candidate)
            if location and is_user_file(location["file"]):
                return location
    return None
