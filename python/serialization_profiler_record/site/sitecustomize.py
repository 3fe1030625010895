"""On a recorded run's PYTHONPATH: load the recorder, then the sitecustomize this one hides, if any."""
import importlib.machinery
import importlib.util
import os
import sys


def _load_recorder():
    here = os.path.dirname(os.path.abspath(__file__))
    python_dir = os.path.dirname(os.path.dirname(here))
    sys.path.insert(0, python_dir)
    # Our own modules keep their bytecode next to them even under PYTHONDONTWRITEBYTECODE: every process of a
    # recorded run imports them, and compiling them each time would be most of the recorder's start-up cost.
    dont_write = sys.dont_write_bytecode
    sys.dont_write_bytecode = False
    try:
        import serialization_profiler_record

        serialization_profiler_record.install()
    except Exception as error:  # a broken recorder must not stop the program
        sys.stderr.write(f"serial-profile: the Python recorder did not load: {type(error).__name__}: {error}\n")
    finally:
        sys.dont_write_bytecode = dont_write
        try:
            sys.path.remove(python_dir)
        except ValueError:
            pass
    return here


def _chain(here):
    """Run the next sitecustomize on sys.path (Debian's, a virtualenv's) as Python would have."""
    others = [entry for entry in sys.path if os.path.abspath(entry or ".") != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", others)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules["sitecustomize"] = module
    spec.loader.exec_module(module)


_chain(_load_recorder())
