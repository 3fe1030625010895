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


def stat(values_ns):
    values = sorted(value / 1e6 for value in values_ns)
    middle = len(values) // 2
    median = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
    return {"median": median, "min": values[0], "max": values[-1]}


def timings(rounds):
    """rounds: list of (phases, total). The total's median is the sum of the phases' medians, so they add up."""
    result = {phase: stat([phases[phase] for phases, _ in rounds]) for phase in PHASES}
    result["total"] = stat([total for _, total in rounds])
    result["total"]["median"] = sum(result[phase]["median"] for phase in PHASES)
    return result
