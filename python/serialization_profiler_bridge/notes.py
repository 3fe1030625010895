"""Warnings that explain a mode's numbers: what travels by value, and why."""


def mode_warnings(task):
    fn = task.original
    if getattr(fn, "__module__", None) != "__main__":
        return []
    if task.mode == "cloudpickle":
        return [{"path": "fn", "message": f"{task.name} is defined in __main__, so cloudpickle sends it by value: "
                                          "its code and the globals it uses travel with every task."}]
    if task.mode == "wrapped":
        return [{"path": "fn", "message": f"wrap_non_picklable_objects sends {task.name} by value with cloudpickle; "
                                          "the arguments still go through pickle."}]
    return []
