"""loky's "serialization of un-picklable objects" example.

func_async is defined in the script run as __main__: cloudpickle sends it by value, plain pickle cannot
find it in the worker, and wrap_non_picklable_objects makes pickle send it by value again.
"""


def func_async(i, *args):
    """profile-args: 21, large_list"""
    return 2 * i


large_list = list(range(1000000))


if __name__ == "__main__":
    print(func_async(21, large_list))
