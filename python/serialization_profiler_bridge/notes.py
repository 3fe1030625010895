"""Warnings that explain a mode's numbers: what travels by value, and why."""
import types


def mode_warnings(task):
    fn = task.original
    if getattr(fn, "__module__", None) != "__main__" or not isinstance(fn, types.FunctionType):
        return []  # an lru_cache wrapper and other callable objects are pickled by name, even by cloudpickle
    if task.mode == "cloudpickle":
        return [{"path": "fn", "message": f"{task.name} is defined in __main__, so cloudpickle sends it by value: "
                                          "its code and the globals it uses travel with every task."}]
    if task.mode == "wrapped":
        return [{"path": "fn", "message": f"wrap_non_picklable_objects sends {task.name} by value with cloudpickle; "
                                          "the arguments still go through pickle."}]
    return []
