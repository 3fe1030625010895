"""Traceback text (local or loky's remote one) to source links in the user's files."""
import linecache
import os
import re
import sysconfig

# A traceback's frame, or faulthandler's (`File "x.py", line 3 in f`, most recent call first).
_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+),? in (?P<name>.+)$')
_BRIDGE_DIR = os.path.dirname(os.path.abspath(__file__))
_LIBRARY_DIRS = tuple(
    os.path.abspath(path)
    for path in {sysconfig.get_paths().get(key) for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    if path
)


def is_user_file(file):
    if not os.path.isabs(file) or not os.path.exists(file):
        return False
    if file.startswith(_BRIDGE_DIR) or "site-packages" in file or "dist-packages" in file:
        return False
    return not any(file.startswith(directory + os.sep) for directory in _LIBRARY_DIRS)


def frames(text):
    """(file, line, column, function) for each frame in the text, in order, with the caret column if shown."""
    lines = text.splitlines()
    found = []
    for index, line in enumerate(lines):
        match = _FRAME.match(line)
        if not match:
            continue
        file, number = match.group("file"), int(match.group("line"))
        found.append((file, number, _column(file, number, lines[index + 1:index + 3]), match.group("name")))
    return found


def _column(file, number, following):
    source = linecache.getline(file, number)
    indent = len(source) - len(source.lstrip())
    if len(following) == 2 and set(following[1].strip()) <= set("^~") and following[1].strip():
        shown = following[1]
        caret = len(shown) - len(shown.lstrip())
        code_start = len(following[0]) - len(following[0].lstrip())
        return indent + (caret - code_start) + 1
    return indent + 1


def user_location(text):
    """The innermost frame in the user's files, as {file, line, column}, or None."""
    found = frames(text)
    innermost_first = "most recent call first" in text and "most recent call last" not in text
    for file, line, column, _ in (found if innermost_first else reversed(found)):
        if is_user_file(file):
            return {"file": file, "line": line, "column": column}
    return None


def last_line(text):
    """The exception line at the end of a traceback text."""
    for line in reversed(text.strip().splitlines()):
        if line.strip() and not line.startswith(" ") and line.strip() != '"""':
            return line.strip()
    return text.strip()



def clean(text):
    """loky wraps remote tracebacks in triple quotes."""
    return text.strip().strip('"').strip()


def from_user_call(text):
    """A worker's traceback from the user's call on: the frames of loky and of the task wrapper dropped."""
    lines = text.splitlines()
    marker = [index for index, line in enumerate(lines)
              if _FRAME.match(line) and line.strip().endswith("in timed_call") and _BRIDGE_DIR in line]
    if not marker:
        return text
    rest = lines[marker[-1] + 1:]
    while rest and not _FRAME.match(rest[0]):
        rest.pop(0)
    return "\n".join(["Traceback (most recent call last):"] + rest)
