"""HTTP exchanges with one station: URLs, limits, timeouts, TLS and the envelope.

Authentication is the caller's business (see ``keys.py``); this module only
sends what it is given and turns every failure into an ``AstrosError``.
Redirects are never followed (a credential must not travel to another host),
and answers are read up to a size limit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
import contextlib
from dataclasses import dataclass
import hashlib
import json
import logging
import ssl
from typing import Any

import aiohttp
from yarl import URL

from .const import MAX_RESPONSE_BYTES, UNSUPPORTED_CODES
from .exceptions import (
    AstrosCertificateError,
    AstrosConnectionError,
    AstrosRedirectError,
    AstrosResponseError,
    AstrosTimeoutError,
)
from .parse import Envelope, parse_envelope
from .settings import ConnectionSettings

_LOGGER = logging.getLogger(__name__)

type QueryValue = str | int | bool
type Query = Mapping[str, QueryValue | None]

#: Statuses answered without an envelope that still say something (key refused, unknown path).
_MEANINGFUL_STATUSES = frozenset({401, 403}) | UNSUPPORTED_CODES
_CHUNK = 65536


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


def ssl_option(settings: ConnectionSettings) -> bool | aiohttp.Fingerprint:
    """What aiohttp's ``ssl`` argument gets: a pinned fingerprint, or verify or not."""
    if settings.certificate_fingerprint is not None:
        return aiohttp.Fingerprint(bytes.fromhex(settings.certificate_fingerprint))
    return settings.verify_ssl


class Transport:
    """Sends requests below ``base_path`` of one station, at most ``max_in_flight`` at once."""

    def __init__(
        self, session: aiohttp.ClientSession, settings: ConnectionSettings, base_path: str
    ) -> None:
        """Prepare the base URL; nothing is sent yet."""
        self._session = session
        self.settings = settings
        host = settings.host
        if not host:
            raise AstrosConnectionError("No station address given")
        try:
            self._base = URL.build(
                scheme="https" if settings.use_https else "http",
                host=host,
                port=settings.port,
                path=base_path,
            )
        except (TypeError, ValueError) as err:
            raise AstrosConnectionError(f"Invalid station address {host!r}: {err}") from None
        self._ssl = ssl_option(settings)
        self._timeout = aiohttp.ClientTimeout(total=settings.request_timeout)
        self._in_flight = asyncio.Semaphore(max(1, settings.max_in_flight))
        self._get_urls: dict[tuple[str, tuple[tuple[str, str], ...]], URL] = {}

    @property
    def base_path(self) -> str:
        """The path every endpoint is relative to."""
        return self._base.path

    def url(self, path: str) -> URL:
        """The URL of an endpoint path relative to the base path ("" is the base itself)."""
        return self._base.with_path(f"{self._base.path}/{path}") if path else self._base

    def _get_url(self, path: str, params: Mapping[str, str]) -> URL:
        """The URL of a GET with its query, built once: polls ask the same few again and again."""
        key = (path, tuple(params.items()))
        if (url := self._get_urls.get(key)) is None:
            url = self.url(path).with_query(params) if params else self.url(path)
            if len(self._get_urls) < 64:
                self._get_urls[key] = url
        return url

    async def request(
        self,
        method: str,
        path: str,
        *,
        query: Query | None = None,
        json_body: Any = None,
        files: tuple[UploadFile, ...] = (),
        headers: Mapping[str, str] | None = None,
        max_bytes: int = MAX_RESPONSE_BYTES,
    ) -> Envelope:
        """Send one request and answer its envelope.

        HTTP 401/403/404/405 without an envelope come back as one whose
        errorCode is the status; every envelope carries its HTTP status.
        """
        params = {k: query_value(v) for k, v in (query or {}).items() if v is not None}
        url = self._get_url(path, params) if method == "GET" else self.url(path)
        data: aiohttp.FormData | None = None
        if files:
            data = aiohttp.FormData()
            for file in files:
                data.add_field(
                    file.field, file.content, filename=file.filename, content_type=file.content_type
                )
        host = self._base.host
        where = f"{method} {path or '/'}"
        _LOGGER.debug("%s %s %s", method, host, self.url(path).path)
        async with self._in_flight:
            try:
                async with self._session.request(
                    method,
                    url,
                    params=None if method == "GET" else params,
                    json=json_body,
                    data=data,
                    headers=headers,
                    ssl=self._ssl,
                    timeout=self._timeout,
                    allow_redirects=False,
                ) as response:
                    status = response.status
                    if 300 <= status < 400:
                        raise self._redirect(response, where)
                    raw = await self._read(response, max_bytes, where)
            except TimeoutError:
                raise AstrosTimeoutError(f"{host} did not answer {where} in time") from None
            except (aiohttp.ServerFingerprintMismatch, aiohttp.ClientConnectorCertificateError):
                raise AstrosCertificateError(
                    f"{host} presented a certificate that is not trusted"
                    + (" (not the pinned one)" if self.settings.certificate_fingerprint else "")
                ) from None
            except aiohttp.ClientError as err:
                # aiohttp's text names the host and the OS error; it never holds credentials.
                raise AstrosConnectionError(
                    f"Cannot reach {host}: {type(err).__name__}: {err}"
                ) from None
        return self._envelope(status, where, await _decoded(raw))

    def _redirect(self, response: aiohttp.ClientResponse, where: str) -> AstrosRedirectError:
        location = response.headers.get("Location", "")
        try:
            target = response.url.join(URL(location)).host if location else None
        except ValueError:
            target = None
        return AstrosRedirectError(
            f"{self._base.host} answered {where} with a redirect (HTTP {response.status}) "
            f"to {target or 'an unknown place'}; redirects are not followed",
            target,
        )

    async def _read(self, response: aiohttp.ClientResponse, max_bytes: int, where: str) -> bytes:
        too_large = AstrosResponseError(
            f"{self._base.host} answered {where} with more than {max_bytes} bytes"
        )
        if (response.content_length or 0) > max_bytes:
            raise too_large
        body = bytearray()
        async for chunk in response.content.iter_chunked(_CHUNK):
            body += chunk
            if len(body) > max_bytes:
                raise too_large
        return bytes(body)

    def _envelope(self, status: int, where: str, body: Any) -> Envelope:
        _LOGGER.debug("%s answered HTTP %s", where, status)
        if status >= 500 and status not in UNSUPPORTED_CODES:
            raise AstrosConnectionError(f"{self._base.host} answered HTTP {status} to {where}")
        envelope: Envelope | None = None
        if body is not _NOT_JSON:
            with contextlib.suppress(AstrosResponseError):
                envelope = parse_envelope(body, status)
        if envelope is not None:
            return envelope
        if status in _MEANINGFUL_STATUSES:
            return Envelope(status, f"HTTP {status}", None, http_status=status)
        raise AstrosResponseError(
            f"{self._base.host} answered HTTP {status} to {where} with something "
            "that is not an ASTROS answer"
        )


_NOT_JSON = object()
#: Bodies larger than this are decoded in a worker thread, off the event loop.
_DECODE_IN_THREAD_BYTES = 64 * 1024


def _loads(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return _NOT_JSON


async def _decoded(raw: bytes) -> Any:
    """The JSON document in ``raw`` (``_NOT_JSON`` if it is none); large ones off the loop."""
    if len(raw) > _DECODE_IN_THREAD_BYTES:
        return await asyncio.to_thread(_loads, raw)
    return _loads(raw)


async def async_get_certificate_fingerprint(
    host: str, port: int | None = None, *, seconds: float = 10.0
) -> str:
    """The SHA-256 fingerprint (hex) of the certificate ``host`` presents (trust on first use).

    The certificate is read without being verified: show it to the person, or
    store it to pin exactly this certificate from then on.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        async with asyncio.timeout(seconds):
            _reader, writer = await asyncio.open_connection(
                host, port or 443, ssl=context, server_hostname=host
            )
    except TimeoutError:
        raise AstrosTimeoutError(f"{host} did not answer the TLS handshake in time") from None
    except (OSError, ssl.SSLError, ValueError) as err:
        raise AstrosConnectionError(f"Cannot read the certificate of {host}: {err}") from None
    try:
        ssl_object = writer.get_extra_info("ssl_object")
        certificate = ssl_object.getpeercert(binary_form=True) if ssl_object else None
    finally:
        writer.close()
    if not certificate:
        raise AstrosCertificateError(f"{host} presented no certificate")
    return hashlib.sha256(certificate).hexdigest()
