"""Checked calls shared by both generations: headers, envelopes, recorded answers.

A call sends the key the negotiated way (:func:`key_headers`), turns the
envelope into data or a clear ``AstrosError`` (:meth:`StationCalls._checked`)
and keeps the redacted answer of every GET for diagnostics.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
import logging
import time
from typing import Any, ClassVar

import aiohttp

from .client import AstrosClient
from .const import (
    API_KEY_HEADER,
    ERROR_NOT_AUTHENTICATED,
    ERROR_OK,
    ERROR_PERMISSION_DENIED,
    ERROR_WRONG_CREDENTIALS,
    HTTP_AUTH_STATUSES,
    KEY_HEADER_READINGS,
    MAX_RESPONSE_BYTES,
    UNSUPPORTED_CODES,
)
from .exceptions import (
    AstrosEndpointUnsupportedError,
    AstrosPermissionError,
    AstrosRequestError,
)
from .parse import Envelope
from .redact import redact_json, redact_text
from .settings import ConnectionSettings
from .transport import Query, Transport, UploadFile, query_value

_LOGGER = logging.getLogger(__name__)

#: An answer read during detection or login serves the next read for this long.
REUSE_SECONDS = 30.0


def key_headers(reading: str, key: str) -> dict[str, str]:
    """The header carrying ``key`` under one reading of ``KEY_HEADER_READINGS``."""
    if reading == "basic":
        return {"Authorization": f"Basic {key}"}
    if reading == "bearer":
        return {"Authorization": f"Bearer {key}"}
    if reading == "bare":
        return {"Authorization": key}
    return {API_KEY_HEADER: key}


def key_refusal(envelope: Envelope) -> str | None:
    """How the answer says "key not accepted" (an ``expiry`` reading), or None."""
    if envelope.http_status in HTTP_AUTH_STATUSES:
        return f"http-{envelope.http_status}"
    if envelope.error_code in HTTP_AUTH_STATUSES:
        return f"http-{envelope.error_code}"
    if envelope.error_code in (ERROR_NOT_AUTHENTICATED, ERROR_WRONG_CREDENTIALS):
        return f"code-{envelope.error_code}"
    return None


def is_unsupported(envelope: Envelope) -> bool:
    """The station has no such endpoint (HTTP 404/405, or that errorCode)."""
    return envelope.http_status in UNSUPPORTED_CODES or envelope.error_code in UNSUPPORTED_CODES


class StationCalls(AstrosClient):
    """One station's calls: the client's state, checked answers, recorded raw answers."""

    base_path: ClassVar[str]
    #: Endpoints whose answers are never kept in ``raw_answers`` (files).
    unrecorded_paths: ClassVar[frozenset[str]] = frozenset()
    #: Functions reading a negotiated shape from an endpoint's data: path -> (axis, reading).
    observers: ClassVar[Mapping[str, Callable[[Any], tuple[str, str] | None]]] = {}

    def __init__(
        self,
        session: aiohttp.ClientSession,
        settings: ConnectionSettings,
        *,
        negotiated: Mapping[str, str] | None = None,
        answers: Mapping[str, Any] | None = None,
    ) -> None:
        """Prepare the transport; nothing is sent yet.

        ``negotiated`` are readings stored from an earlier run (not probed
        again); ``answers`` are data already read (path -> data, from
        detection) that the first reads may reuse instead of asking again.
        """
        super().__init__(session, settings)
        self._transport = Transport(session, settings, self.base_path)
        self._negotiated: dict[str, str] = {
            str(k): str(v) for k, v in (negotiated or {}).items() if isinstance(v, str)
        }
        if self._negotiated.get("key_header") not in KEY_HEADER_READINGS:
            self._negotiated.pop("key_header", None)
        self._header_known = "key_header" in self._negotiated
        now = time.monotonic()
        self._reused: dict[str, tuple[float, Any]] = {
            p: (now, d) for p, d in (answers or {}).items()
        }
        self._raw: dict[str, tuple[Any, tuple[str, ...]]] = {}
        #: Answers of slow endpoints (see ``BaseClient.slow_paths``): monotonic time, data.
        self._kept: dict[str, tuple[float, Any]] = {}
        self._key: str | None = None
        self._scope: str | None = None
        self._renew_at: float | None = None  # monotonic seconds; None: only when refused
        # One login at a time: concurrent calls that find no valid key share it.
        self._login_lock = asyncio.Lock()
        self._reboot_required = False
        self._unknown_paths: dict[str, float] = {}  # path -> monotonic time it was answered unknown
        self._login_started = 0.0  # monotonic time the last login began

    @property
    def negotiated(self) -> dict[str, str]:
        """The readings found (see :class:`AstrosClient`)."""
        return dict(self._negotiated)

    @property
    def raw_answers(self) -> dict[str, Any]:
        """The last redacted JSON answer of every endpoint read."""
        return {key: redact_json(body, secrets) for key, (body, secrets) in self._raw.items()}

    @property
    def read_only(self) -> bool:
        """The key's scope is ``view_only``."""
        return self._scope == "view_only"

    def forget_unsupported(self) -> None:
        """Ask every endpoint again at the next fetch (after a firmware change)."""
        self._unknown_paths.clear()

    @property
    def _reading(self) -> str:
        return self._negotiated.get("key_header", KEY_HEADER_READINGS[0])

    def _query(self, path: str, query: Query | None) -> dict[str, Any]:
        """The query of a call: ``username`` plus ``query``."""
        return {"username": self.username, **(query or {})}

    async def _send(
        self,
        key: str,
        reading: str,
        method: str,
        path: str,
        query: Query,
        *,
        json_body: Any = None,
        files: tuple[UploadFile, ...] = (),
        max_bytes: int = MAX_RESPONSE_BYTES,
    ) -> Envelope:
        return await self._transport.request(
            method,
            path,
            query=query,
            json_body=json_body,
            files=files,
            headers=key_headers(reading, key),
            max_bytes=max_bytes,
        )

    def _forbidden(self, envelope: Envelope, method: str, path: str) -> AstrosPermissionError:
        return AstrosPermissionError(
            envelope.error_code,
            f"{method} {path or '/'} is not allowed to this account (the key is accepted)",
        )

    def _checked(self, envelope: Envelope, method: str, path: str) -> Envelope:
        if is_unsupported(envelope):
            raise AstrosEndpointUnsupportedError(method, f"{self.base_path}/{path}".rstrip("/"))
        if envelope.error_code == ERROR_PERMISSION_DENIED:
            raise AstrosPermissionError(envelope.error_code, self._redact(envelope.message))
        if envelope.error_code != ERROR_OK:
            raise AstrosRequestError(envelope.error_code, self._redact(envelope.message))
        if envelope.success is False:
            raise AstrosRequestError(
                envelope.error_code,
                self._redact(envelope.message) or "the station reported a failure",
            )
        if method not in ("GET", "login") and envelope.data is False:
            raise AstrosRequestError(
                envelope.error_code,
                self._redact(envelope.message) or "the station did not accept the change",
            )
        if envelope.reboot_required is not None:
            self._reboot_required = envelope.reboot_required
        return envelope

    def _recorded(
        self, method: str, path: str, envelope: Envelope, query: Query | None = None
    ) -> Envelope:
        """Keep the answer of a GET (redacted) for diagnostics, and learn shapes from it.

        Keyed ``"GET /api/v2/station/firmware"``; a GET with parameters (other
        than ``username``) gets them appended: ``...firmware?hasNew=true``.
        """
        if method == "GET" and path not in self.unrecorded_paths:
            where = f"{self.base_path}/{path}" if path else self.base_path
            params = "&".join(
                f"{k}={query_value(v)}" for k, v in (query or {}).items() if v is not None
            )
            key = f"GET {where}?{params}" if params else f"GET {where}"
            # Redacted when asked for (diagnostics), not at every poll; the secrets
            # of the moment are kept with it, as the key may change in between.
            self._raw[key] = (envelope.body, self._secrets())
            observe = self.observers.get(path)
            if observe is not None and (found := observe(envelope.data)) is not None:
                self._negotiated[found[0]] = found[1]
        return envelope

    def _secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.settings.password, self._key) if s)

    def _redact(self, text: str) -> str:
        """The station's own text without our secrets, should it echo them."""
        return redact_text(text, self._secrets())

    def _reuse(self, path: str, data: Any) -> None:
        """Offer ``data`` just read to the next GET of ``path`` (within REUSE_SECONDS)."""
        self._reused[path] = (time.monotonic(), data)
