"""Marks for dask's pickling: dask may pickle a task twice (pickle, then cloudpickle when the bytes mention
`__main__`), so a mark keeps the first and last time it was pickled; the worker loads a `Stamp` as in loky."""
from .timing import Stamp, clock


class DaskMark:
    __slots__ = ("first", "last")

    def __init__(self):
        self.first = self.last = None

    def __reduce__(self):
        now = clock()
        if self.first is None:
            self.first = now
        self.last = now
        return (Stamp, (now,))


def phases_of(submitted, start, end, worker, result_start, result_end, returned):
    """Every gap between marks is charged to a phase, so they sum to the total (see measure.one_round)."""
    _, _, load_start, _, run_start, run_end = worker
    return {
        "serialize": end.last - start.first,
        "transfer": (start.first - submitted) + (load_start - end.last),
        "deserialize": run_start - load_start,
        "run": run_end - run_start,
        "resultSerialize": result_end.dumped_at - run_end,
        "resultTransfer": result_start.loaded_at - result_end.dumped_at,
        "resultDeserialize": returned - result_start.loaded_at,
    }
