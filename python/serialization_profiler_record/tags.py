"""A measured message carries its site to the receiver after the pickle's STOP opcode, where unpicklers stop
reading: a receiver without the recorder ignores it, one with it times the load against the sender's site."""
import struct

MAGIC = b"SPR1"


def tagged(data, identity):
    import json

    tag = json.dumps(identity, separators=(",", ":")).encode()
    return b"".join((data, tag, struct.pack("<I", len(tag)), MAGIC))


def untag(data):
    """(payload, identity or None)."""
    try:
        if len(data) < 8 or bytes(data[-4:]) != MAGIC:
            return data, None
        length = struct.unpack("<I", bytes(data[-8:-4]))[0]
        end = len(data) - 8 - length
        if end <= 0:
            return data, None
        import json

        view = memoryview(data)
        identity = tuple(json.loads(bytes(view[end:end + length])))
        return view[:end], identity
    except (TypeError, ValueError):
        return data, None
