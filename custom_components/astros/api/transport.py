"""HTTP exchanges with one station: URLs, limits, timeouts and the envelope.

Authentication is the caller's business (see ``base.py``); this module only
sends what it is given and turns every failure into an ``AstrosError``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
import json
import logging
from typing import Any

import aiohttp
from yarl import URL

from .const import ERROR_NOT_AUTHENTICATED, HTTP_AUTH_STATUSES
from .exceptions import AstrosConnectionError, AstrosResponseError, AstrosTimeoutError
from .parse import Envelope, parse_envelope

_LOGGER = logging.getLogger(__name__)

type QueryValue = str | int | bool
type Query = Mapping[str, QueryValue | None]


@dataclass(frozen=True, slots=True)
class UploadFile:
    """One file of a multipart body."""

    field: str
    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


def query_value(value: QueryValue) -> str:
    """Query parameters as the station expects them: booleans are true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class Transport:
    """Sends requests below ``base_path`` of one station, at most ``max_in_flight`` at once."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        host: str,
        base_path: str,
        *,
        port: int | None = None,
        use_https: bool = False,
        verify_ssl: bool = True,
        request_timeout: float = 10.0,
        max_in_flight: int = 8,
    ) -> None:
        """Prepare the base URL; nothing is sent yet."""
        self._session = session
        if not host:
            raise AstrosConnectionError("No station address given")
        try:
            self._base = URL.build(
                scheme="https" if use_https else "http", host=host, port=port, path=base_path
            )
        except (TypeError, ValueError) as err:
            raise AstrosConnectionError(f"Invalid station address {host!r}: {err}") from None
        self._ssl: bool = verify_ssl
        self._timeout = aiohttp.ClientTimeout(total=request_timeout)
        self._in_flight = asyncio.Semaphore(max(1, max_in_flight))

    def url(self, path: str) -> URL:
        """The URL of an endpoint path relative to the base path ("" is the base itself)."""
        return self._base.with_path(f"{self._base.path}/{path}") if path else self._base

    async def request(
        self,
        method: str,
        path: str,
        *,
        query: Query | None = None,
        json_body: Any = None,
        files: tuple[UploadFile, ...] = (),
        headers: Mapping[str, str] | None = None,
    ) -> Envelope:
        """Send one request and answer its envelope.

        HTTP 401/403 come back as errorCode 1002; other 4xx answers with an
        envelope come back as they are (errorCode = HTTP status).
        """
        params = {k: query_value(v) for k, v in (query or {}).items() if v is not None}
        data: aiohttp.FormData | None = None
        if files:
            data = aiohttp.FormData()
            for file in files:
                data.add_field(
                    file.field, file.content, filename=file.filename, content_type=file.content_type
                )
        _LOGGER.debug("%s %s %s", method, self._base.host, self.url(path).path)
        async with self._in_flight:
            try:
                async with self._session.request(
                    method,
                    self.url(path),
                    params=params,
                    json=json_body,
                    data=data,
                    headers=headers,
                    ssl=self._ssl,
                    timeout=self._timeout,
                ) as response:
                    status = response.status
                    raw = await response.read()
            except TimeoutError:
                raise AstrosTimeoutError(
                    f"{self._base.host} did not answer {method} {path or '/'} in time"
                ) from None
            except aiohttp.ClientError as err:
                # aiohttp's text names the host and the OS error; it never holds credentials.
                raise AstrosConnectionError(
                    f"Cannot reach {self._base.host}: {type(err).__name__}: {err}"
                ) from None
        return self._envelope(status, raw, method, path)

    def _envelope(self, status: int, raw: bytes, method: str, path: str) -> Envelope:
        where = f"{method} {path or '/'}"
        _LOGGER.debug("%s answered HTTP %s", where, status)
        if status >= 500:
            raise AstrosConnectionError(f"{self._base.host} answered HTTP {status} to {where}")
        if status in HTTP_AUTH_STATUSES:
            return Envelope(ERROR_NOT_AUTHENTICATED, f"HTTP {status}", None)
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):
            raise AstrosResponseError(
                f"{self._base.host} answered HTTP {status} to {where} with something not JSON"
            ) from None
        return parse_envelope(body)
