"""The user's line: the first frame outside the standard library, site-/dist-packages and this recorder."""
import os
import sys

_OWN_DIRS = (os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep,)
_LIBRARY_DIRS = (os.path.dirname(os.path.abspath(os.__file__)) + os.sep,)  # the standard library (sysconfig is slow)
_verdicts = {}
_positions = {}


def is_user_file(file):
    verdict = _verdicts.get(file)
    if verdict is None:
        verdict = not (
            file.startswith("<")
            or "site-packages" in file
            or "dist-packages" in file
            or file.startswith(_OWN_DIRS)
            or file.startswith(_LIBRARY_DIRS)
        )
        _verdicts[file] = verdict
    return verdict


def position(frame):
    """(file, line, column) of the call the frame is executing; column 1-based."""
    code = frame.f_code
    line, column = frame.f_lineno, 1
    try:
        positions = _positions.get(code)
        if positions is None:
            positions = _positions[code] = list(code.co_positions())  # Python 3.11+
        found = positions[frame.f_lasti // 2]
        if found[0] is not None:
            line = found[0]
        if found[2] is not None:
            column = found[2] + 1
    except (AttributeError, IndexError):
        pass
    return os.path.abspath(code.co_filename), line, column


def user_frame(depth=2):
    frame = sys._getframe(depth)
    while frame is not None:
        if is_user_file(frame.f_code.co_filename):
            return frame
        frame = frame.f_back
    return None


def user_position(depth=3):
    frame = user_frame(depth)
    return position(frame) if frame is not None else None


def definition_position(fn):
    """Where a function is defined: the result site of its tasks."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return None
    return os.path.abspath(code.co_filename), code.co_firstlineno, 1
