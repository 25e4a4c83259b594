"""How to reach and log in to one station: one frozen object from detection to transport."""

from __future__ import annotations

from dataclasses import dataclass, field
import re

from .const import DEFAULT_MAX_IN_FLIGHT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_USERNAME
from .exceptions import AstrosValidationError

_FINGERPRINT_SEPARATORS = re.compile(r"[\s:]")
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def normalize_fingerprint(fingerprint: str) -> str:
    """A SHA-256 fingerprint as 64 lower-case hex digits (colons and spaces dropped)."""
    text = (
        _FINGERPRINT_SEPARATORS.sub("", fingerprint).lower() if isinstance(fingerprint, str) else ""
    )
    if not _SHA256_HEX.fullmatch(text):
        raise AstrosValidationError(
            "certificate fingerprint", fingerprint, "a SHA-256 fingerprint (64 hex digits)"
        )
    return text


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectionSettings:
    """Everything needed to talk to one station; the password never shows in ``repr``.

    ``certificate_fingerprint`` (SHA-256 of the station's certificate, hex)
    pins the certificate: HTTPS then trusts exactly that certificate, signed
    or not, and ``verify_ssl`` is not consulted.
    """

    host: str
    port: int | None = None
    use_https: bool = False
    verify_ssl: bool = True
    certificate_fingerprint: str | None = None
    username: str = DEFAULT_USERNAME
    password: str = field(default="", repr=False)
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT
    max_in_flight: int = DEFAULT_MAX_IN_FLIGHT

    def __post_init__(self) -> None:
        """Normalise the fingerprint; refuse one that is not SHA-256."""
        if self.certificate_fingerprint is not None:
            object.__setattr__(
                self, "certificate_fingerprint", normalize_fingerprint(self.certificate_fingerprint)
            )
