"""Async client for Astrogate ASTROS stations (REST API v1 and v2).

Independent of Home Assistant: it needs only aiohttp.

Use: ``settings = ConnectionSettings(host=..., password=...)``; ``client =
await async_connect(session, settings, api_version=stored_or_None,
negotiated=stored_or_None)`` (logged in; store ``client.api_version`` and
``client.negotiated`` again afterwards); ``await client.async_fetch()``.

What the client tolerates (for README "What the integration tolerates"):

- Key header: X-API-Key, Authorization Basic / Bearer / bare. Found after a
  login with a harmless GET (v1 ``time``, v2 ``remote/apikey``), each form in
  turn; stored; probed again when a fresh key is refused. None works:
  AstrosNegotiationError(point="key_header"), never reauthentication.
- Expiry: errorCode 1002 or 1003, HTTP 401 or 403. A refused key gets one
  fresh login and one retry; the style is stored. Only a refused *login* is
  AstrosAuthenticationError.
- Permission: errorCode 1004, or 403 on a station whose expiry style is known
  otherwise (or refused again with a fresh, working key): AstrosPermissionError.
- Key lifetime: v1 ``expiredTime``, v2 ``remote/apikey``, measured against the
  station's clock (``GET time``); renewed ahead, else when refused.
- PUT replaces: every multi-field PUT sends the current values plus the change.
- Shapes (lists: objects / bare / wrapped; progress: 45 / "45" / "45%";
  ota/check: bool / status object): parsed whatever comes, noted in
  ``negotiated``. Config export giving only a file name:
  AstrosNegotiationError(point="config_export").
- Power mode numbering 0-1 or 1-2: a reported 0 means 0-1, a 2 means 1-2; a
  read never writes. Until settled a 1 is read as the prose says (suspend).
  The first power write sends the number only one numbering allows (0 sleep,
  2 suspend); a 1001 refusal means the other numbering, tried once; stored.
- ``isManual``: query (section 15.2) first, the JSON body on 1001; stored.
- Download start repeated: a repeat that goes back (or stays at 0 three times)
  means "restart"; then only ``ota/check`` is asked.
- Missing endpoints (404/405): the section is in ``unsupported_sections``,
  asked again daily or after a firmware change; a missing secondary endpoint
  leaves only its fields None.
- ``isSuccess`` false, or a write answering ``data: false``, with errorCode 0:
  AstrosRequestError.

Before the password is sent, :func:`async_detect` learns the generation, the
model and (v2) the name and whether the factory password is set; neither
generation reveals its MAC address without a login. Pin the certificate
(``certificate_fingerprint``, read with :func:`async_get_certificate_fingerprint`)
to be sure of the station before the password travels. Redirects are never
followed; answers are capped at 1 MiB (16 MiB for a configuration download).
"""

from .client import AstrosClient
from .const import (
    API_KEY_HEADER,
    DEFAULT_MAX_IN_FLIGHT,
    DEFAULT_REQUEST_TIMEOUT,
    KEY_HEADER_READINGS,
    TIME_ZONES,
)
from .detect import (
    Detection,
    async_connect,
    async_create_client,
    async_detect,
    async_detect_api_version,
    create_client,
)
from .exceptions import (
    AstrosAuthenticationError,
    AstrosCertificateError,
    AstrosConnectionError,
    AstrosEndpointUnsupportedError,
    AstrosError,
    AstrosNegotiationError,
    AstrosPermissionError,
    AstrosRedirectError,
    AstrosRequestError,
    AstrosResponseError,
    AstrosTimeoutError,
    AstrosUnsupportedError,
    AstrosValidationError,
)
from .models import (
    ApiVersion,
    AppByomInfo,
    AppByomStatus,
    Capability,
    DisplaySettings,
    EthernetSettings,
    FirmwareInfo,
    FirmwareProgress,
    FirmwareUpdateState,
    Gatekeeper,
    GeneralSettings,
    Language,
    LoginCodeMode,
    NetworkingMode,
    NetworkSettings,
    OnScreenOption,
    PairingSettings,
    PowerMode,
    PowerSettings,
    Receiver,
    ReceiverSettings,
    Resolution,
    Section,
    StationIdentity,
    StationState,
    StationStatus,
    StatusInfo,
    TimeSettings,
    WifiBand,
    WifiMode,
    WifiSettings,
    WifiUpdate,
)
from .settings import ConnectionSettings, normalize_fingerprint
from .transport import async_get_certificate_fingerprint
from .v1 import AstrosV1Client
from .v2 import AstrosV2Client
from .validate import image_format_and_size, validate_wallpaper_image

__all__ = [
    "API_KEY_HEADER",
    "DEFAULT_MAX_IN_FLIGHT",
    "DEFAULT_REQUEST_TIMEOUT",
    "KEY_HEADER_READINGS",
    "TIME_ZONES",
    "ApiVersion",
    "AppByomInfo",
    "AppByomStatus",
    "AstrosAuthenticationError",
    "AstrosCertificateError",
    "AstrosClient",
    "AstrosConnectionError",
    "AstrosEndpointUnsupportedError",
    "AstrosError",
    "AstrosNegotiationError",
    "AstrosPermissionError",
    "AstrosRedirectError",
    "AstrosRequestError",
    "AstrosResponseError",
    "AstrosTimeoutError",
    "AstrosUnsupportedError",
    "AstrosV1Client",
    "AstrosV2Client",
    "AstrosValidationError",
    "Capability",
    "ConnectionSettings",
    "Detection",
    "DisplaySettings",
    "EthernetSettings",
    "FirmwareInfo",
    "FirmwareProgress",
    "FirmwareUpdateState",
    "Gatekeeper",
    "GeneralSettings",
    "Language",
    "LoginCodeMode",
    "NetworkSettings",
    "NetworkingMode",
    "OnScreenOption",
    "PairingSettings",
    "PowerMode",
    "PowerSettings",
    "Receiver",
    "ReceiverSettings",
    "Resolution",
    "Section",
    "StationIdentity",
    "StationState",
    "StationStatus",
    "StatusInfo",
    "TimeSettings",
    "WifiBand",
    "WifiMode",
    "WifiSettings",
    "WifiUpdate",
    "async_connect",
    "async_create_client",
    "async_detect",
    "async_detect_api_version",
    "async_get_certificate_fingerprint",
    "create_client",
    "image_format_and_size",
    "normalize_fingerprint",
    "validate_wallpaper_image",
]
