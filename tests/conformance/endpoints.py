"""Every endpoint of the two vendor documents, transcribed from the documents.

Written from ``/work/shared/api/v1-device-api.txt`` and ``v2-station-api.txt`` (the
"REQUEST" part of each numbered section), NOT from the client or the simulator: it is
what a station that follows the documents literally expects. One row per section:
method, full path (``{id}`` for a path parameter), section number, and every request
parameter with where it travels:

- ``query``: a QUERY PARAMETERS table;
- ``json``: a REQUEST BODY - application/json table;
- ``multipart``: a FORM DATA PARAMETERS table (``string(binary)``: a file part);
- ``path``: a PATH PARAMETERS table.

``required`` is the document's ``*`` mark ("*Required"). Transcription notes (PDF
extraction damage, read against the original layout):

- v1 ``*usernam e`` (6.2, 6.3) is ``*username``; v2 ``dnsT`` (17.5) is ``dns1``;
  ``iSStatiC'p`` (17.5) / ``isStaticlp`` (17.7) are ``isStaticIp``.
- v2 sections 1.1, 1.3, 2.1 and 13.3 say "No request parameters": not even
  ``username``. Section 1.2 (``general/logincode``, a before-login call) lists
  ``*username``. Section 8.1 (``login``) has a body and no query parameters.
- v2 15.2 ``POST firmware``: ``*isManual`` is in the QUERY PARAMETERS table, and the
  section has no request body.
- v2 8.2 ``POST /api/v2/moderation/login`` is listed for completeness (the README
  index marks it not implemented).

The API key is not a parameter of any table (where it travels is an open point: see
``simulator/dialects.py`` ``key_header``); the conformance test allows it in the
headers only.
"""

from __future__ import annotations

from dataclasses import dataclass

QUERY = "query"
JSON = "json"
MULTIPART = "multipart"
PATH = "path"


@dataclass(frozen=True)
class Param:
    """One documented request parameter."""

    name: str
    where: str
    required: bool = False


@dataclass(frozen=True)
class Endpoint:
    """One documented endpoint (one numbered section)."""

    api: str
    section: str
    method: str
    path: str
    params: tuple[Param, ...] = ()

    def where(self, kind: str) -> dict[str, Param]:
        """The parameters travelling in ``kind`` (query, json, multipart, path)."""
        return {p.name: p for p in self.params if p.where == kind}


def _q(*names: str) -> tuple[Param, ...]:
    """Query parameters; a leading ``*`` marks a required one."""
    return tuple(Param(n.lstrip("*"), QUERY, n.startswith("*")) for n in names)


def _j(*names: str) -> tuple[Param, ...]:
    """JSON body fields; a leading ``*`` marks a required one."""
    return tuple(Param(n.lstrip("*"), JSON, n.startswith("*")) for n in names)


def _f(*names: str) -> tuple[Param, ...]:
    """Multipart form-data parts; a leading ``*`` marks a required one."""
    return tuple(Param(n.lstrip("*"), MULTIPART, n.startswith("*")) for n in names)


_ID = (Param("id", PATH, True),)
_U = _q("*username")

V1 = "/api/v1/device"
V2 = "/api/v2/station"

V1_ENDPOINTS: tuple[Endpoint, ...] = (
    # 1. ADMINISTRATION (security: 1.1 ApiKeyAuth or BasicAuth, 1.2 BasicAuth)
    Endpoint("v1", "1.1", "PUT", f"{V1}/admin/password", _q("*username", "*value")),
    Endpoint("v1", "1.2", "PUT", f"{V1}/admin/apikey", _U),
    Endpoint("v1", "1.3", "GET", f"{V1}/admin/configuration", _U),
    Endpoint("v1", "1.4", "POST", f"{V1}/admin/configuration", _U + _f("*fileName")),
    Endpoint("v1", "1.5", "GET", f"{V1}/admin/firmware", _q("*username", "hasNew")),
    Endpoint("v1", "1.6", "POST", f"{V1}/admin/firmware", _U + _f("fileName")),
    # 2. DEVICE
    Endpoint("v1", "2.1", "GET", V1, _U),
    # 3. DISPLAY
    Endpoint("v1", "3.1", "POST", f"{V1}/display", _q("*username", "*value")),
    Endpoint("v1", "3.2", "GET", f"{V1}/display/resolution", _U),
    Endpoint(
        "v1", "3.3", "PUT", f"{V1}/display/resolution", _q("*username", "*value", "enableVGA")
    ),
    # 4. GENERAL
    Endpoint("v1", "4.1", "GET", f"{V1}/general/name", _U),
    Endpoint("v1", "4.2", "PUT", f"{V1}/general/name", _q("*username", "*value")),
    Endpoint("v1", "4.3", "GET", f"{V1}/general/language", _U),
    Endpoint("v1", "4.4", "PUT", f"{V1}/general/language", _q("*username", "*value")),
    Endpoint("v1", "4.5", "GET", f"{V1}/general/logincode", _U),
    Endpoint("v1", "4.6", "PUT", f"{V1}/general/logincode", _q("*username", "*type", "code")),
    Endpoint("v1", "4.7", "GET", f"{V1}/general/remoteview", _U),
    Endpoint("v1", "4.8", "PUT", f"{V1}/general/remoteview", _q("*username", "*value")),
    Endpoint("v1", "4.9", "GET", f"{V1}/general/wallpaper", _U),
    Endpoint(
        "v1", "4.10", "PUT", f"{V1}/general/wallpaper/{{id}}", _ID + _U + _f("wallpaperImage")
    ),
    Endpoint("v1", "4.11", "DELETE", f"{V1}/general/wallpaper/{{id}}", _ID + _U),
    # 5. NETWORK
    Endpoint("v1", "5.1", "GET", f"{V1}/network/ethernet/macaddress", _U),
    Endpoint("v1", "5.2", "GET", f"{V1}/network/ethernet", _U),
    Endpoint(
        "v1",
        "5.3",
        "PUT",
        f"{V1}/network/ethernet",
        _q("*username", "*enableDHCP", "ip", "mask", "gateway", "dns1", "dns2"),
    ),
    Endpoint("v1", "5.4", "GET", f"{V1}/network/wifi/macaddress", _U),
    Endpoint("v1", "5.5", "GET", f"{V1}/network/wifi", _U),
    Endpoint(
        "v1",
        "5.6",
        "PUT",
        f"{V1}/network/wifi",
        _q(
            "*username",
            "*mode",
            "hideSSID",
            "security",
            "password",
            "band",
            "networking_mode",
            "gatekeeper",
        ),
    ),
    # 6. POWER
    Endpoint("v1", "6.1", "GET", f"{V1}/power/mode", _U),
    Endpoint("v1", "6.2", "PUT", f"{V1}/power/mode", _q("*username", "*mode", "timeout")),
    Endpoint("v1", "6.3", "POST", f"{V1}/power/reboot", _q("*username", "delay", "reason")),
    # 7. TIME
    Endpoint("v1", "7.1", "GET", f"{V1}/time/ntp", _U),
    Endpoint("v1", "7.2", "PUT", f"{V1}/time/ntp", _q("*username", "ip", "port", "auto")),
    Endpoint("v1", "7.3", "GET", f"{V1}/time/zone", _U),
    Endpoint("v1", "7.4", "PUT", f"{V1}/time/zone", _q("*username", "*value")),
    Endpoint("v1", "7.5", "GET", f"{V1}/time", _U),
    Endpoint("v1", "7.6", "PUT", f"{V1}/time", _q("*username", "*value")),
)

V2_ENDPOINTS: tuple[Endpoint, ...] = (
    # 1. BEFORE LOGIN
    Endpoint("v2", "1.1", "GET", f"{V2}/quickJoin"),
    Endpoint("v2", "1.2", "GET", f"{V2}/general/logincode", _U),
    Endpoint("v2", "1.3", "GET", f"{V2}/model"),
    # 2. CONFERENCE
    Endpoint("v2", "2.1", "GET", f"{V2}/conference/appBYOM"),
    Endpoint("v2", "2.2", "PUT", f"{V2}/conference/appBYOM", _U + _j("key", "type")),
    # 3. DATETIME
    Endpoint("v2", "3.1", "GET", f"{V2}/time", _U),
    Endpoint(
        "v2",
        "3.2",
        "PATCH",
        f"{V2}/time",
        _U
        + _j(
            "isAutoTime",
            "showTime24",
            "ntpServer",
            "timeZone",
            "timeout",
            "curTimeMillis",
            "isDailyReboot",
            "dailyRebootTime",
        ),
    ),
    # 4. ETHERNET
    Endpoint("v2", "4.1", "GET", f"{V2}/ethernet", _U),
    Endpoint(
        "v2",
        "4.2",
        "PATCH",
        f"{V2}/ethernet",
        _U + _j("enableDHCP", "ip", "mask", "gateway", "dns1", "dns2"),
    ),
    # 5. GENERAL
    Endpoint("v2", "5.1", "GET", f"{V2}/general", _U),
    Endpoint(
        "v2",
        "5.2",
        "PATCH",
        f"{V2}/general",
        _U
        + _j(
            "devName",
            "deviceNameShow",
            "codeType",
            "codeValue",
            "ipShow",
            "curWallpaper",
            "allowRemoteView",
            "curLanguage",
            "miracastPinEnabled",
            "imageSliderEnabled",
            "imageSliderinterval",
        ),
    ),
    Endpoint("v2", "5.3", "GET", f"{V2}/general/wallpaper/list", _U),
    Endpoint("v2", "5.4", "DELETE", f"{V2}/general/wallpaper/{{id}}", _ID + _U),
    # 6. REBOOT
    Endpoint("v2", "6.1", "POST", f"{V2}/reboot", _U + _j("setDhcp")),
    # 7. RESOLUTION
    Endpoint("v2", "7.1", "GET", f"{V2}/resolution", _U),
    Endpoint(
        "v2",
        "7.2",
        "PUT",
        f"{V2}/resolution",
        _U + _j("enableVGA", "resolution", "isAudioFromHDMI"),
    ),
    Endpoint("v2", "7.3", "GET", f"{V2}/resolution/list", _U),
    # 8. LOGIN
    Endpoint("v2", "8.1", "POST", f"{V2}/login", _j("*account", "*password")),
    Endpoint("v2", "8.2", "POST", "/api/v2/moderation/login", _j("*account", "*password")),
    # 9. SERVICE
    Endpoint("v2", "9.1", "GET", f"{V2}/service", _U),
    Endpoint(
        "v2",
        "9.2",
        "PATCH",
        f"{V2}/service",
        _U + _j("allowMiracast", "allowGoogleCast", "allowAirPlay"),
    ),
    # 10. PASSWORD
    Endpoint("v2", "10.1", "PUT", f"{V2}/admin/password", _U + _j("*old", "*new")),
    Endpoint("v2", "10.2", "PUT", f"{V2}/moderation/password", _U + _j("*old", "*new")),
    # 11. POD
    Endpoint("v2", "11.1", "GET", f"{V2}/pod/pairing", _U),
    Endpoint(
        "v2",
        "11.2",
        "PATCH",
        f"{V2}/pod/pairing",
        _U + _j("mode", "ip", "ssid", "security", "password", "autoProjection"),
    ),
    # 12. POWER
    Endpoint("v2", "12.1", "GET", f"{V2}/power/setting", _U),
    Endpoint("v2", "12.2", "PATCH", f"{V2}/power/setting", _U + _j("mode", "time")),
    # 13. REMOTE
    Endpoint("v2", "13.1", "GET", f"{V2}/remote/amsName", _U),
    Endpoint("v2", "13.2", "PUT", f"{V2}/remote/amsName", _U + _j("amsName")),
    Endpoint("v2", "13.3", "GET", f"{V2}/remote/apikey"),
    Endpoint("v2", "13.4", "PUT", f"{V2}/remote/apikey", _U),
    # 14. SYSTEM
    Endpoint("v2", "14.1", "POST", f"{V2}/system/reset", _U),
    Endpoint("v2", "14.2", "GET", f"{V2}/system/log/switch", _U),
    Endpoint("v2", "14.3", "PUT", f"{V2}/system/log/switch", _U + _j("switch")),
    Endpoint("v2", "14.4", "GET", f"{V2}/system/log", _U),
    Endpoint("v2", "14.5", "PUT", f"{V2}/system/log", _U),
    Endpoint("v2", "14.6", "GET", f"{V2}/system/config", _U),
    Endpoint("v2", "14.7", "PUT", f"{V2}/system/config", _U + _f("fileName")),
    # 15. UPDATE
    Endpoint("v2", "15.1", "GET", f"{V2}/firmware", _q("*username", "hasNew")),
    Endpoint("v2", "15.2", "POST", f"{V2}/firmware", _q("*username", "*isManual")),
    Endpoint("v2", "15.3", "PUT", f"{V2}/firmware/download/start", _U),
    Endpoint("v2", "15.4", "PUT", f"{V2}/firmware/download/stop", _U),
    Endpoint("v2", "15.5", "GET", f"{V2}/ota/check", _U),
    # 16. UPLOAD
    Endpoint("v2", "16.1", "POST", f"{V2}/upload", _q("*username", "*type", "*name") + _f("file")),
    # 17. WIFI
    Endpoint("v2", "17.1", "GET", f"{V2}/wifi", _U),
    Endpoint(
        "v2",
        "17.2",
        "PATCH",
        f"{V2}/wifi",
        _U
        + _j(
            "mode",
            "hideSSID",
            "security",
            "password",
            "band",
            "channel",
            "networkMode",
            "gatekeeper",
            "isWifiDongle",
        ),
    ),
    Endpoint("v2", "17.3", "GET", f"{V2}/wifi/list", _U),
    Endpoint("v2", "17.4", "GET", f"{V2}/wifi/connection", _U),
    Endpoint(
        "v2",
        "17.5",
        "POST",
        f"{V2}/wifi/connection",
        _U
        + _j(
            "ssid",
            "security",
            "password",
            "eapMethod",
            "phase",
            "identity",
            "isStaticIp",
            "reconnect",
            "ip",
            "mask",
            "gateway",
            "dns1",
            "dns2",
        ),
    ),
    Endpoint("v2", "17.6", "DELETE", f"{V2}/wifi/connection", _q("*ssid", "*username")),
    Endpoint(
        "v2",
        "17.7",
        "PATCH",
        f"{V2}/wifi/connection",
        _U
        + _j(
            "ssid",
            "security",
            "password",
            "eapMethod",
            "phase",
            "identity",
            "isStaticIp",
            "reconnect",
            "ip",
            "mask",
            "gateway",
            "dns1",
            "dns2",
        ),
    ),
)

ENDPOINTS: tuple[Endpoint, ...] = V1_ENDPOINTS + V2_ENDPOINTS


def find(method: str, path: str) -> Endpoint | None:
    """The documented endpoint a request (``method``, concrete ``path``) addresses."""
    path = path.rstrip("/") or "/"
    for endpoint in ENDPOINTS:
        if endpoint.method != method:
            continue
        pattern = endpoint.path
        if "{id}" in pattern:
            head = pattern.split("{id}", 1)[0]
            rest = path[len(head) :]
            if path.startswith(head) and rest and "/" not in rest:
                return endpoint
        elif pattern == path:
            return endpoint
    return None


def path_params(endpoint: Endpoint, path: str) -> dict[str, str]:
    """The path parameters of a concrete ``path`` of ``endpoint``."""
    if "{id}" not in endpoint.path:
        return {}
    head = endpoint.path.split("{id}", 1)[0]
    return {"id": path.rstrip("/")[len(head) :]}
