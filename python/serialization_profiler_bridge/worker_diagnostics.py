"""Runs in a loky worker after a result failed to travel: call the function again and find the bad value."""
import importlib
import pickle
import traceback

from . import tracebacks
from .source_positions import defined_in_user_code
from .value_paths import describe, find_failing


def find_bad_result(loky_source, fn, args, kwargs, stage):
    """(path, type, error, location) of the deepest part of the result that fails to dump (or to load back)."""
    reduction = importlib.import_module(loky_source + ".backend.reduction")
    try:
        result = fn(*args, **kwargs)
    except Exception as error:  # the function raised: it is the exception that could not travel
        text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        return "raised", describe(error), type(error).__name__ + ": " + str(error), tracebacks.user_location(text)
    if stage == "serialize":
        check = reduction.dumps
    else:
        def check(value):
            pickle.loads(reduction.dumps(value))
    found = find_failing([("result", result)], check)
    if found is None:
        return None
    path, value, error = found
    return path, describe(value), type(error).__name__ + ": " + str(error), defined_in_user_code(value)
