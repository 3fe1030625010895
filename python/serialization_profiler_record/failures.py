"""A message that cannot be pickled (or loaded): the error, the path of the value that fails, its definition."""
from serialization_profiler_bridge.source_positions import defined_in_user_code
from serialization_profiler_bridge.value_paths import describe, find_failing


def _check(dumps):
    def check(value):
        dumps(value)
    return check


def failure_event(error, dumps, roots):
    path, location, message = None, None, f"{type(error).__name__}: {error}"
    if roots:
        try:
            found = find_failing(list(roots), _check(dumps))
        except Exception:  # the walk must never turn one failure into another
            found = None
        if found is not None:
            path, value, failure = found
            message = f"{path} ({describe(value)}) cannot be pickled: {type(failure).__name__}: {failure}"
            try:
                location = defined_in_user_code(value)
            except Exception:
                location = None
    return {"t": "failure", "kind": type(error).__name__, "message": message[:2000], "path": path,
            "location": location}


def load_failure_event(error):
    return {"t": "failure", "kind": type(error).__name__,
            "message": f"the receiver could not unpickle the message: {type(error).__name__}: {error}"[:2000],
            "path": None, "location": None}
