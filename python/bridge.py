"""Profiles one Python function under loky's picklers.

Run as `python3 bridge.py`: reads one JSON request on stdin, writes JSON lines (progress, then a report or an
input problem) on stdout. Anything the user's code prints goes to stderr.
"""
import os
import sys

sys.path.insert(1, os.path.dirname(os.path.abspath(__file__)))

from serialization_profiler_bridge.main import main  # noqa: E402

if __name__ == "__main__":
    main()
