"""The result frame on stdout: the only machine-readable output of the container.

-----BEGIN DYNAMO RESULT-----
sha256:<hex sha256 of the JSON document's UTF-8 bytes>
<base64 of the JSON document, wrapped at 76 columns>
-----END DYNAMO RESULT-----

Everything else the container prints goes to stderr through a `Defanger`, so no other text in the pod log can hold a
begin marker (stdout and stderr share the log, and a reader takes the last frame).
"""

import base64
import hashlib
import json

BEGIN = "-----BEGIN DYNAMO RESULT-----"
END = "-----END DYNAMO RESULT-----"
LINE_WIDTH = 76

# The words of the begin marker. No proper prefix of them is also a suffix, so occurrences never overlap: replacing
# each one leaves none behind, and holding back a partial one at the end of a chunk is enough for a stream.
_MARKER = BEGIN.strip("-").encode("ascii")
_DEFANGED = _MARKER + b" (not a result frame)"


def encode_frame(payload):
    document = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    encoded = base64.b64encode(document).decode("ascii")
    lines = [encoded[i:i + LINE_WIDTH] for i in range(0, len(encoded), LINE_WIDTH)]
    digest = hashlib.sha256(document).hexdigest()
    return "\n".join([BEGIN, "sha256:" + digest, *lines, END]) + "\n"


class Defanger:
    """Passes a byte stream through unchanged except that every begin marker in it is broken up.

    "-----BEGIN DYNAMO RESULT-----" comes out as "-----BEGIN DYNAMO RESULT (not a result frame)-----", wherever the
    chunks of the stream were cut. Not thread-safe: one writer feeds it.
    """

    def __init__(self):
        self._held = b""

    def feed(self, data):
        """The part of `data` (after what was held back) that can be written now."""
        data = self._held + bytes(data)
        keep = _partial_marker_length(data)
        self._held = data[len(data) - keep:] if keep else b""
        return data[: len(data) - keep].replace(_MARKER, _DEFANGED)

    def flush(self):
        """What was held back (a prefix of the marker, never a whole one): the stream ended."""
        held, self._held = self._held, b""
        return held


def _partial_marker_length(data):
    for length in range(min(len(_MARKER) - 1, len(data)), 0, -1):
        if _MARKER.startswith(data[-length:]):
            return length
    return 0
