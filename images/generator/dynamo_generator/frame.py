"""The result frame on stdout: the only machine-readable output of the container.

-----BEGIN DYNAMO RESULT-----
sha256:<hex sha256 of the JSON document's UTF-8 bytes>
<base64 of the JSON document, wrapped at 76 columns>
-----END DYNAMO RESULT-----
"""

import base64
import hashlib
import json

BEGIN = "-----BEGIN DYNAMO RESULT-----"
END = "-----END DYNAMO RESULT-----"
LINE_WIDTH = 76


def encode_frame(payload):
    document = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    encoded = base64.b64encode(document).decode("ascii")
    lines = [encoded[i:i + LINE_WIDTH] for i in range(0, len(encoded), LINE_WIDTH)]
    digest = hashlib.sha256(document).hexdigest()
    return "\n".join([BEGIN, "sha256:" + digest, *lines, END]) + "\n"
