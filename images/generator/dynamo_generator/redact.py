"""Keeps credentials out of every message, log line and payload."""

import re

_URL_USERINFO = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*://)[^/@\s]+@")
_secrets = set()


def add_secret(value):
    # Very short values would blank out ordinary words; such secrets are not worth keeping anyway.
    if value and len(value) >= 4:
        _secrets.add(value)


def redact(text):
    if text is None:
        return None
    text = _URL_USERINFO.sub(r"\1***@", str(text))
    for secret in _secrets:
        text = text.replace(secret, "***")
    return text
