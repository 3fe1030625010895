"""Send sites of this process, aggregated in memory: sampling, counts, bytes, times; flushed as summaries."""
import os
import threading

SAMPLES_PER_EVENT = 256


def _sampling():
    first = os.environ.get("SERIAL_PROFILE_SAMPLE", "50")
    if first.strip().lower() == "all":
        return None, 1
    try:
        every = max(1, int(os.environ.get("SERIAL_PROFILE_SAMPLE_EVERY", "20")))
        return max(0, int(first)), every
    except ValueError:
        return 50, 20


class Site:
    __slots__ = ("id", "identity", "count", "measured", "bytes_total", "bytes_max", "samples", "serialize_ms",
                 "deserialize_ms", "run_ms", "seen", "announced", "lock", "protocol", "oob_buffers", "oob_bytes")

    def __init__(self, site_id, identity):
        self.id, self.identity = site_id, identity
        self.seen = 0  # every message ever, for sampling
        self.announced = False
        self.lock = threading.Lock()
        self._reset()

    def _reset(self):
        self.count = self.measured = self.bytes_total = self.bytes_max = 0
        self.samples = []
        self.serialize_ms = 0.0
        self.deserialize_ms = None
        self.run_ms = None
        self.protocol = None
        self.oob_buffers = self.oob_bytes = 0

    def take_turn(self, first, every):
        """Count one message; True when it is to be measured in full."""
        with self.lock:
            self.seen += 1
            self.count += 1
            seen = self.seen
        return first is None or seen <= first or (seen - first) % every == 0

    def measured_send(self, size, serialize_ms, run_ms=None, protocol=None, out_of_band=(0, 0)):
        """size counts out-of-band buffers too: they are sent beside the pickle stream, not saved."""
        with self.lock:
            if protocol is not None and (self.protocol is None or protocol > self.protocol):
                self.protocol = protocol
            self.oob_buffers += out_of_band[0]
            self.oob_bytes += out_of_band[1]
            self.measured += 1
            self.bytes_total += size
            self.bytes_max = max(self.bytes_max, size)
            self.samples.append(size)
            self.serialize_ms += serialize_ms
            if run_ms is not None:
                self.run_ms = (self.run_ms or 0.0) + run_ms

    def received(self, deserialize_ms):
        with self.lock:
            self.deserialize_ms = (self.deserialize_ms or 0.0) + deserialize_ms

    def summary(self, blocking=True):
        if not self.lock.acquire(timeout=-1 if blocking else 1.0):
            return None
        with _Held(self.lock):
            if not (self.count or self.measured or self.deserialize_ms is not None or self.run_ms is not None):
                return None
            samples = self.samples
            if len(samples) > SAMPLES_PER_EVENT:
                step = len(samples) / SAMPLES_PER_EVENT
                samples = [samples[int(index * step)] for index in range(SAMPLES_PER_EVENT)]
            event = {"t": "messages", "site": self.id, "count": self.count, "measured": self.measured,
                     "bytes": {"total": self.bytes_total, "max": self.bytes_max}, "bytesSamples": samples,
                     "serializeMs": round(self.serialize_ms, 4),
                     "deserializeMs": None if self.deserialize_ms is None else round(self.deserialize_ms, 4),
                     "deserializeEstimated": False,
                     "runMs": None if self.run_ms is None else round(self.run_ms, 4),
                     "protocol": self.protocol,
                     "outOfBand": {"buffers": self.oob_buffers, "bytes": self.oob_bytes}}
            self._reset()
            return event


class _Held:
    """Releases a lock acquired already."""

    def __init__(self, lock):
        self.lock = lock

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.lock.release()


class Sites:
    """identity (file, line, column, serialization, library, api, direction) -> Site."""

    def __init__(self, log):
        self.log = log
        self.sites = {}
        self.lock = threading.Lock()
        self.first, self.every = _sampling()
        self.pending = []  # failures and findings waiting for the next write

    def get(self, identity):
        site = self.sites.get(identity)
        if site is None:
            with self.lock:
                site = self.sites.get(identity)
                if site is None:
                    site = self.sites[identity] = Site("s" + str(len(self.sites) + 1), identity)
        return site

    def take_turn(self, site):
        return site.take_turn(self.first, self.every)

    def _announce(self, site, events):
        if not site.announced:
            site.announced = True
            file, line, column, serialization, library, api, direction = site.identity
            events.append({"t": "site", "site": site.id, "file": file, "line": line, "column": column,
                           "channel": "pickle", "serialization": serialization, "library": library, "api": api,
                           "direction": direction})

    def note(self, site, event):
        """A failure or finding: written at once, with everything before it."""
        event["site"] = site.id
        with self.lock:
            self.pending.append((site, event))
        self.flush()

    def flush(self, blocking=True):
        """blocking=False (in a signal handler): give up rather than wait for a lock this thread may hold."""
        events = []
        if not self.lock.acquire(timeout=-1 if blocking else 1.0):
            return
        try:
            pending, self.pending = self.pending, []
            for site in list(self.sites.values()):
                summary = site.summary(blocking)
                if summary is not None:
                    self._announce(site, events)
                    events.append(summary)
            for site, event in pending:
                self._announce(site, events)
                events.append(event)
        finally:
            self.lock.release()
            self.log.write(events)  # what was collected, also when a SIGTERM unwinds the worker through here

    def forget_after_fork(self):
        self.sites = {}
        self.lock = threading.Lock()
        self.pending = []
