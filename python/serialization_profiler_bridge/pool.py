"""loky's reusable executor as the profiler uses it."""
from . import stopping
from .timing import clock, noop


class Pool:
    """loky's reusable executor, noting when a round had to start workers."""

    def __init__(self, loky, max_workers, timeout):
        self.loky, self.max_workers, self.timeout = loky, max_workers, timeout
        self.current = None

    def get(self):
        with stopping.deferred():
            executor = self.loky.get_reusable_executor(max_workers=self.max_workers)
            self.current = executor
        started = not getattr(executor, "_processes", None)  # loky starts workers on the first submit
        return executor, started

    def kill(self):
        if self.current is not None:
            with stopping.deferred():
                self.current.shutdown(wait=True, kill_workers=True)
                self.current = None

    def respawn_cost_ms(self):
        """After loky marked the pool broken: what the next task pays to start new workers."""
        started = clock()
        executor, _ = self.get()
        executor.submit(noop).result(timeout=self.timeout)
        return (clock() - started) / 1e6
