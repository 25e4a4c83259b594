"""Secrets out of everything shown: JSON answers kept for diagnostics, station messages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import re
from typing import Any

#: Keys of JSON answers whose values are secrets (compared case-insensitively).
SECRET_KEYS: frozenset[str] = frozenset(
    {
        "token",
        "password",
        "passwd",
        "pwd",
        "wifipassword",
        "key",
        "apikey",
        "api_key",
        "code",
        "codevalue",
        "logincode",
        "secret",
        "psk",
        "passphrase",
        "content",
    }
)
REDACTED = "**REDACTED**"

#: Secrets shorter than this are only redacted where they stand as a whole word.
_SUBSTRING_SECRET_LENGTH = 6


def redact_json(value: Any, secrets: Iterable[str] = ()) -> Any:
    """A copy of a JSON value with secret keys' values and our own secrets replaced."""
    known = {s for s in secrets if s}
    if isinstance(value, Mapping):
        return {
            k: REDACTED
            if str(k).lower() in SECRET_KEYS and v not in (None, "")
            else redact_json(v, known)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [redact_json(item, known) for item in value]
    if isinstance(value, str) and value in known:
        return REDACTED
    return value


def redact_text(text: str, secrets: Iterable[str]) -> str:
    """``text`` without our secrets, replaced where they stand as whole words.

    A long secret found inside a word withholds the whole text. A short secret
    is never replaced inside other words (that would show where its
    characters are); it is replaced where it stands alone.
    """
    for secret in secrets:
        if not secret:
            continue
        text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])", "***", text)
        if len(secret) >= _SUBSTRING_SECRET_LENGTH and secret in text:
            return "(message withheld: it contained a secret)"
    return text
