"""Runs in loky's workers too: marks that time pickling in the stream itself, and the task that wraps the call.

A `Mark` pickles as a `Stamp` carrying the time the pickler reached it; unpickling the `Stamp` records when
the unpickler reached it. A mark before and after the payload gives dumps and loads times measured by loky's
own pickling, on both sides, without pickling anything twice. perf_counter_ns is system-wide on Linux
(CLOCK_MONOTONIC), macOS and Windows, so parent and worker times can be subtracted.
"""
import time

clock = time.perf_counter_ns


class Stamp:
    __slots__ = ("dumped_at", "loaded_at")

    def __init__(self, dumped_at):
        self.dumped_at = dumped_at
        self.loaded_at = clock()


class Mark:
    __slots__ = ()

    def __reduce__(self):
        return (Stamp, (clock(),))


def timed_call(start, fn, args, kwargs, end):
    """The task loky runs: call the user's function as loky would (a coroutine is returned, not awaited), then
    return the result between marks."""
    run_start = clock()
    result = fn(*args, **kwargs)
    run_end = clock()
    worker = (start.dumped_at, end.dumped_at, start.loaded_at, end.loaded_at, run_start, run_end)
    return (Mark(), result, worker, Mark())


def noop():
    return None
