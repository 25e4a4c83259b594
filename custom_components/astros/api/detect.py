"""Which API generation a station speaks, found without credentials, and the client for it.

What can be learnt before the password is sent (issue 12, "identify first"):
v2 answers ``GET model`` without a key (model, name, whether the factory
password is still set); v1 answers every call without a key with an envelope
refusing it, whose ``model`` field names the model. Neither generation gives
its MAC address (the unique id) before a login, so a station is identified
for certain only after it; pin the certificate (HTTPS) to be sure of the
station before the password travels.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
import logging
from typing import Any

import aiohttp

from .base import BaseClient
from .const import ERROR_OK, V1_BASE_PATH, V2_BASE_PATH
from .exceptions import AstrosEndpointUnsupportedError, AstrosResponseError
from .models import ApiVersion
from .parse import object_or_empty, to_str
from .parse_v2 import parse_factory_password
from .settings import ConnectionSettings
from .transport import Transport
from .v1 import AstrosV1Client
from .v2 import AstrosV2Client

_LOGGER = logging.getLogger(__name__)

CLIENTS: dict[ApiVersion, type[BaseClient]] = {
    ApiVersion.V1: AstrosV1Client,
    ApiVersion.V2: AstrosV2Client,
}


@dataclass(frozen=True, slots=True)
class Detection:
    """What a station told before any credential was sent."""

    api_version: ApiVersion
    model: str | None = None
    name: str | None = None  # v2 only
    factory_password: bool | None = None  # v2 only: isAdminInit
    #: The data read (path relative to the base path -> data), reused by the client.
    answers: Mapping[str, Any] = field(default_factory=dict)


async def async_detect(
    session: aiohttp.ClientSession,
    settings: ConnectionSettings,
    *,
    expected: ApiVersion | str | None = None,
) -> Detection:
    """V2 if ``GET /api/v2/station/model`` succeeds, V1 if ``/api/v1/device`` answers an envelope.

    No credential is sent. When v1 is ``expected`` (the generation stored for
    the station), a v2 refusal that names the model (the envelope every
    unknown URL answers) is enough: asking ``/api/v1/device`` without a key
    too would make setting up read it twice. Unreachable stations raise
    AstrosConnectionError (or AstrosTimeoutError, AstrosCertificateError);
    anything else raises AstrosResponseError.
    """
    try:
        envelope = await Transport(session, settings, V2_BASE_PATH).request("GET", "model")
    except AstrosResponseError:
        envelope = None  # not a v2 station: maybe v1
    if envelope is not None and envelope.error_code == ERROR_OK and envelope.success is not False:
        _LOGGER.debug("%s speaks API v2", settings.host)
        model = object_or_empty(envelope.data)
        return Detection(
            ApiVersion.V2,
            model=to_str(model.get("model")) or envelope.model,
            name=to_str(model.get("devName")),
            factory_password=parse_factory_password(model),
            answers={"model": envelope.data},
        )
    if (
        expected is not None
        and ApiVersion(expected) is ApiVersion.V1
        and envelope is not None
        and envelope.http_status == 404
        and envelope.model
    ):
        _LOGGER.debug("%s still speaks API v1 (model %s)", settings.host, envelope.model)
        return Detection(ApiVersion.V1, model=envelope.model)
    try:
        # Without a key: an envelope refusing the call, which names the model.
        envelope = await Transport(session, settings, V1_BASE_PATH).request(
            "GET", "", query={"username": settings.username}
        )
    except AstrosResponseError:
        raise AstrosResponseError(f"{settings.host} is not an ASTROS station") from None
    if envelope.http_status == 404:
        raise AstrosResponseError(f"{settings.host} is not an ASTROS station")
    _LOGGER.debug("%s speaks API v1", settings.host)
    return Detection(ApiVersion.V1, model=envelope.model)


async def async_detect_api_version(
    session: aiohttp.ClientSession, settings: ConnectionSettings
) -> ApiVersion:
    """The generation alone (see :func:`async_detect`)."""
    return (await async_detect(session, settings)).api_version


def create_client(
    session: aiohttp.ClientSession,
    settings: ConnectionSettings,
    api_version: ApiVersion | str,
    *,
    negotiated: Mapping[str, str] | None = None,
    detection: Detection | None = None,
) -> BaseClient:
    """A client of ``api_version`` (not logged in); ``detection`` answers are reused."""
    answers = detection.answers if detection and detection.api_version == api_version else None
    return CLIENTS[ApiVersion(api_version)](
        session, settings, negotiated=negotiated, answers=answers
    )


async def async_create_client(
    session: aiohttp.ClientSession,
    settings: ConnectionSettings,
    *,
    api_version: ApiVersion | str | None = None,
    negotiated: Mapping[str, str] | None = None,
) -> BaseClient:
    """A client of the right generation (detected when ``api_version`` is None); not logged in."""
    if api_version is not None:
        return create_client(session, settings, api_version, negotiated=negotiated)
    detection = await async_detect(session, settings)
    return create_client(
        session, settings, detection.api_version, negotiated=negotiated, detection=detection
    )


async def async_connect(
    session: aiohttp.ClientSession,
    settings: ConnectionSettings,
    *,
    api_version: ApiVersion | str | None = None,
    negotiated: Mapping[str, str] | None = None,
) -> BaseClient:
    """A logged-in client; a stored ``api_version`` is trusted and detected again only on failure.

    The stored generation fails when its login endpoint is unknown to the
    station or answers something that is no envelope (a firmware update moved
    the station to the other generation): then the generation is detected and
    the stored ``negotiated`` readings are dropped. Compare ``client.api_version``
    with the stored one afterwards.
    """
    if api_version is not None:
        client = create_client(session, settings, api_version, negotiated=negotiated)
        try:
            await client.async_login()
        except (AstrosEndpointUnsupportedError, AstrosResponseError):
            _LOGGER.debug("%s no longer speaks API %s: detecting again", settings.host, api_version)
        else:
            return client
        negotiated = None
    client = await async_create_client(session, settings, negotiated=negotiated)
    await client.async_login()
    return client
