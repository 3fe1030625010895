"""What a measured message says about the pickler that made it: the pickle protocol (read from the stream's PROTO
opcode) and the out-of-band buffers that travel beside the stream (pickle protocol 5's `buffer_callback`, or the raw
frames of dask's own serializers, such as a numpy array's data)."""

PROTO = 0x80
NO_BUFFERS = (0, 0)


def protocol_of(data):
    """The protocol a pickle stream declares (2 to 5), or None (protocol 0 and 1 streams declare none)."""
    try:
        view = memoryview(data).cast("B")
        if len(view) >= 2 and view[0] == PROTO and 2 <= view[1] <= 5:
            return view[1]
    except (TypeError, ValueError):
        pass
    return None


def task_protocol(packed):
    """dask's packed task: {"function": bytes, "args": bytes, "kwargs": bytes} or {"task": bytes}."""
    for key in ("args", "task", "function", "kwargs"):
        value = packed.get(key)
        if isinstance(value, (bytes, bytearray)):
            return protocol_of(value)
    return None


def _looks_pickled(frame):
    return protocol_of(frame) is not None


def _stream_flags(header, count, frames):
    """For each of a header's `count` frames: True when it is a pickle stream, False when it is an out-of-band
    buffer. Collections (a list or dict of values) have a sub-header and a frame count per item."""
    if "sub-headers" in header and "frame-lengths" in header:
        flags = []
        for sub, length in zip(header["sub-headers"], header["frame-lengths"]):
            flags += _stream_flags(sub, length, frames[len(flags):len(flags) + length])
        return flags
    serializer = header.get("serializer")
    sub = header.get("sub-header")
    if serializer == "pickle" or (serializer == "dask" and isinstance(sub, dict) and sub.get("pickle")):
        return [True] + [False] * (count - 1) if count else []
    if serializer == "dask":  # its own format: data frames go as they are; a pickled part is still a stream
        return [_looks_pickled(frame) for frame in frames[:count]] + [False] * max(0, count - len(frames))
    return [True] * count  # msgpack, errors: in the message itself


def _original_frames(header, frames):
    """dask splits large frames into sub-frames after serializing; put them back together (as views)."""
    counts = header.get("split-num-sub-frames")
    if not counts:
        return [[frame] for frame in frames]
    grouped, at = [], 0
    for count in counts:
        grouped.append(frames[at:at + count])
        at += count
    return grouped


def dask_message(header, frames):
    """(protocol or None, out-of-band buffers, their bytes) of what `serialize_and_split` returned."""
    grouped = _original_frames(header, frames)
    firsts = [group[0] if group else b"" for group in grouped]
    flags = _stream_flags(header, len(grouped), firsts)
    protocol, buffers, size = None, 0, 0
    for group, first, in_band in zip(grouped, firsts, flags):
        if in_band:
            if protocol is None:
                protocol = protocol_of(first)
        else:
            buffers += 1
            size += sum(memoryview(frame).nbytes for frame in group)
    return protocol, buffers, size
