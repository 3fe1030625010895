"""One round through loky: submit the timed call, and turn the marks' times into the report's phases."""
from .timing import Mark, clock, timed_call

PHASES = ("serialize", "transfer", "deserialize", "run", "resultSerialize", "resultTransfer", "resultDeserialize")


def one_round(executor, fn, args, kwargs, timeout):
    """(phases in ns, total in ns, result). Every gap between marks is charged to a phase, so they sum to total."""
    submitted = clock()
    future = executor.submit(timed_call, Mark(), fn, args, kwargs, Mark())
    result_start, result, worker, result_end = future.result(timeout=timeout)
    returned = clock()
    dump_start, dump_end, load_start, load_end, run_start, run_end = worker
    phases = {
        "serialize": dump_end - dump_start,
        "transfer": (dump_start - submitted) + (load_start - dump_end),
        "deserialize": run_start - load_start,
        "run": run_end - run_start,
        "resultSerialize": result_end.dumped_at - run_end,
        "resultTransfer": result_start.loaded_at - result_end.dumped_at,
        "resultDeserialize": returned - result_start.loaded_at,
    }
    return phases, returned - submitted, result


def timings(rounds):
    """rounds: list of (phases in ns, total in ns), in ms as the report has them. The same definition as the
    TypeScript summary (worker-host/profiler/mode-result.ts): min and max are each phase's own extremes; the
    medians are those of the median round (the round whose total is the median total; the mean of the middle two
    for an even count), so the phases' medians add up to the median total."""
    keys = PHASES + ("total",)
    measured = [dict(phases, total=total) for phases, total in rounds]
    by_total = sorted(measured, key=lambda round_: round_["total"])
    middle = len(by_total) // 2
    median_rounds = by_total[middle:middle + 1] if len(by_total) % 2 else by_total[middle - 1:middle + 1]
    result = {}
    for key in keys:
        values = [round_[key] / 1e6 for round_ in measured]
        median = sum(round_[key] / 1e6 for round_ in median_rounds) / len(median_rounds)
        result[key] = {"median": median, "min": min(values), "max": max(values)}
    return result
