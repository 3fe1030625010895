"""A message that cannot be pickled (or loaded): the error, the path of the value that fails, its definition."""
from . import bridge_module

defined_in_user_code = bridge_module("source_positions").defined_in_user_code
children = bridge_module("value_paths").children
describe = bridge_module("value_paths").describe
find_failing = bridge_module("value_paths").find_failing


def _check(dumps):
    def check(value):
        dumps(value)
    return check


def failure_event(error, dumps, roots):
    path, location, message = None, None, f"{type(error).__name__}: {error}"
    if roots:
        roots_list = list(roots)
        try:
            found = find_failing(roots_list, _check(dumps))
        except Exception:  # the walk must never turn one failure into another
            found = None
        if found is not None:
            path, value, failure = found
            message = f"{describe(value)} cannot be pickled: {type(failure).__name__}: {failure}"  # its path is a field
            location = _nearest_definition(roots_list, path)
    return {"t": "failure", "kind": type(error).__name__, "message": message[:2000], "path": path,
            "location": location}


def _chain(roots, path):
    """The values along a path the walker found, from its root to the failing value."""
    for root_path, value in roots:
        if path.startswith(root_path):
            chain, rest = [value], path[len(root_path):]
            while rest:
                for suffix, child in children(chain[-1]):
                    if rest.startswith(suffix):
                        chain.append(child)
                        rest = rest[len(suffix):]
                        break
                else:
                    break
            return chain
    return []


def _nearest_definition(roots, path):
    """Where the failing value, or the nearest value holding it, is defined in the user's code (its class)."""
    try:
        for value in reversed(_chain(roots, path)):
            location = defined_in_user_code(value)
            if location is not None:
                return location
    except Exception:
        return None
    return None


def load_failure_event(error):
    return {"t": "failure", "kind": type(error).__name__,
            "message": f"the receiver could not unpickle the message: {type(error).__name__}: {error}"[:2000],
            "path": None, "location": None}
