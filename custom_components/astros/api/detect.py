"""Which API generation a station speaks, found without credentials."""

from __future__ import annotations

import logging

import aiohttp

from .base import BaseClient
from .client import DEFAULT_MAX_IN_FLIGHT, DEFAULT_REQUEST_TIMEOUT, AstrosClient
from .const import ERROR_OK, V1_BASE_PATH, V2_BASE_PATH
from .exceptions import AstrosResponseError
from .models import ApiVersion
from .transport import Transport
from .v1 import AstrosV1Client
from .v2 import AstrosV2Client

_LOGGER = logging.getLogger(__name__)

CLIENTS: dict[ApiVersion, type[BaseClient]] = {
    ApiVersion.V1: AstrosV1Client,
    ApiVersion.V2: AstrosV2Client,
}
#: v1 answers every call with an envelope even without a key; the username is a placeholder.
_V1_PROBE_USERNAME = "admin"


async def async_detect_api_version(
    session: aiohttp.ClientSession,
    host: str,
    *,
    port: int | None = None,
    use_https: bool = False,
    verify_ssl: bool = True,
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
) -> ApiVersion:
    """V2 if ``GET /api/v2/station/model`` succeeds, V1 if ``/api/v1/device`` answers an envelope.

    Unreachable stations raise AstrosConnectionError (or AstrosTimeoutError);
    anything else raises AstrosResponseError.
    """

    def transport(base_path: str) -> Transport:
        return Transport(
            session,
            host,
            base_path,
            port=port,
            use_https=use_https,
            verify_ssl=verify_ssl,
            request_timeout=request_timeout,
        )

    try:
        envelope = await transport(V2_BASE_PATH).request("GET", "model")
    except AstrosResponseError:
        pass  # not a v2 station: maybe v1
    else:
        if envelope.error_code == ERROR_OK:
            _LOGGER.debug("%s speaks API v2", host)
            return ApiVersion.V2
    try:
        await transport(V1_BASE_PATH).request("GET", "", query={"username": _V1_PROBE_USERNAME})
    except AstrosResponseError:
        raise AstrosResponseError(f"{host} is not an ASTROS station") from None
    _LOGGER.debug("%s speaks API v1", host)
    return ApiVersion.V1


async def async_create_client(
    session: aiohttp.ClientSession,
    host: str,
    *,
    username: str,
    password: str,
    port: int | None = None,
    use_https: bool = False,
    verify_ssl: bool = True,
    api_version: ApiVersion | None = None,
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
    max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
) -> AstrosClient:
    """A client of the right generation (detected when ``api_version`` is None); not logged in."""
    if api_version is None:
        api_version = await async_detect_api_version(
            session,
            host,
            port=port,
            use_https=use_https,
            verify_ssl=verify_ssl,
            request_timeout=request_timeout,
        )
    return CLIENTS[ApiVersion(api_version)](
        session,
        host,
        username=username,
        password=password,
        port=port,
        use_https=use_https,
        verify_ssl=verify_ssl,
        request_timeout=request_timeout,
        max_in_flight=max_in_flight,
    )
