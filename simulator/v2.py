"""Generation 2: ``/api/v2/station`` (JSON bodies, ``username`` in the query)."""

from __future__ import annotations

import base64
from collections.abc import Callable
import re
from typing import Any

from .state import RESOLUTIONS, StationState, random_code
from .station import ApiSpec, Call, Route
from .v1 import firmware_version_of
from .validation import (
    BYOM_KEY_RE,
    CODE_RE,
    FIRMWARE_FAILURE,
    HHMM_RE,
    NAME_RE,
    NOT_ALLOWED,
    PASSWORD_RE,
    WIFI_PASSWORD_RE,
    WRONG_CREDENTIALS,
    ApiError,
    apply_config,
    check_bool,
    check_host,
    check_int,
    check_ipv4,
    check_mask,
    check_str,
    check_wallpaper_image,
    check_wallpaper_slot,
    check_zone,
    export_config_bytes,
    invalid,
    newer,
    parse_config,
    q_bool,
    q_str,
)

PREFIX = "/api/v2/station"
#: factory values a ``put=replace`` station resets omitted fields to
_FACTORY = StationState()
CONFIG_FILE_NAME = "AstrosProfile.json"
QUICK_JOIN_FILE = "ASTROS-QuickJoin.exe"
WIFI_MODES = {0: "OFF", 1: "AP", 2: "STA"}
_WIFI_MODE_IDS = {v: k for k, v in WIFI_MODES.items()}
#: access points seen in client ("Other AP") mode
SCAN_RESULTS: tuple[dict[str, Any], ...] = (
    {"ssid": "Office-WiFi", "security": "WPA2", "level": 4},
    {"ssid": "Guest", "security": "NONE", "level": 3},
    {"ssid": "Lab-5G", "security": "WPA3", "level": 2},
)
CONNECTION_SECURITY = ("NONE", "WEP", "WPA", "WPA2", "WPA3", "WPA2/WPA3", "EAP")

Check = Callable[[StationState, str, Any], Any]


def _b(_s: StationState, n: str, v: Any) -> Any:
    return check_bool(n, v)


def _enum(*allowed: int) -> Check:
    return lambda _s, n, v: check_int(n, v, allowed=allowed)


def _pattern(pattern: re.Pattern[str], max_len: int | None = None) -> Check:
    return lambda _s, n, v: check_str(n, v, pattern=pattern, max_len=max_len)


def _ip_or_empty(_s: StationState, n: str, v: Any) -> Any:
    return "" if v == "" else check_ipv4(n, v)


async def _patch(c: Call, table: dict[str, Check]) -> dict[str, Any]:
    """Validated fields of a PATCH body (unknown fields: 1001)."""
    body = await c.json()
    out: dict[str, Any] = {}
    for name, value in body.items():
        check = table.get(name)
        if check is None:
            raise invalid(f"unknown field {name}")
        out[name] = check(c.state, name, value)
    return out


def _apply(target: object, values: dict[str, Any], attrs: dict[str, str]) -> None:
    for name, value in values.items():
        if name in attrs:
            setattr(target, attrs[name], value)


# ---------------------------------------------------------------- before login


async def quick_join(c: Call) -> Any:
    return QUICK_JOIN_FILE


async def model(c: Call) -> Any:
    state = c.state
    return {
        "devName": state.name,
        "model": state.model,
        "isAdminInit": state.is_admin_init,
        "isModerationInit": state.is_moderation_init,
    }


async def logincode(c: Call) -> Any:
    state = c.state
    code = "" if state.login_code_type == 1 else state.login_code
    return {"codeType": state.login_code_type, "codeValue": code}


async def login(c: Call) -> Any:
    body = await c.json()
    if "account" not in body or "password" not in body:
        raise invalid("account and password are required")
    account = check_str("account", body["account"])
    password = check_str("password", body["password"])
    if account != c.st.config.username or password != c.state.password:
        raise ApiError(WRONG_CREDENTIALS, "wrong account or password")
    return {"token": c.st.issue_token().value}


# ---------------------------------------------------------------- general

_GENERAL: dict[str, Check] = {
    "devName": _pattern(NAME_RE),
    "deviceNameShow": _b,
    "codeType": _enum(0, 1, 2),
    "codeValue": _pattern(CODE_RE),
    "ipShow": _b,
    "curWallpaper": check_wallpaper_slot,
    "allowRemoteView": _b,
    "curLanguage": _enum(0, 1, 2),
    "miracastPinEnabled": _b,
    "imageSliderEnabled": _b,
    "imageSliderinterval": lambda _s, n, v: check_int(n, v, lo=5, hi=300),
}
_GENERAL_ATTRS = {
    "devName": "name",
    "deviceNameShow": "device_name_shown",
    "codeType": "login_code_type",
    "codeValue": "login_code",
    "ipShow": "ip_shown",
    "curWallpaper": "wallpaper",
    "allowRemoteView": "remote_view",
    "curLanguage": "language",
    "miracastPinEnabled": "miracast_pin",
    "imageSliderEnabled": "image_slider",
    "imageSliderinterval": "image_slider_interval",
}


async def general_get(c: Call) -> Any:
    state = c.state
    data = {key: getattr(state, attr) for key, attr in _GENERAL_ATTRS.items()}
    if state.login_code_type == 1:
        data["codeValue"] = ""
    return data


async def general_patch(c: Call) -> Any:
    values = await _patch(c, _GENERAL)
    state = c.state
    _apply(state, values, _GENERAL_ATTRS)
    if values.get("codeType") == 0 and "codeValue" not in values:
        state.login_code = random_code()
    if "devName" in values:
        state.wifi.ssid = state.name
    return True


def _shaped_list(c: Call, objects: list[dict[str, Any]], bare: list[Any]) -> Any:
    """A list answer in the station's ``list_shape``."""
    shape = c.dialect.list_shape
    if shape == "bare":
        return bare
    if shape == "wrapped":
        return {"total": len(objects), "list": objects}
    return objects


async def wallpaper_list(c: Call) -> Any:
    slots = sorted(c.state.wallpapers.items())
    return _shaped_list(
        c,
        [{"id": slot, "name": name, "builtIn": slot < 2} for slot, (name, _content) in slots],
        [slot for slot, _ in slots],
    )


async def wallpaper_delete(c: Call) -> Any:
    state = c.state
    text = c.path_id or ""
    if not re.fullmatch(r"-?\d{1,3}", text) or not 2 <= int(text) <= 5:
        raise invalid("only wallpapers 2 to 5 can be deleted")
    slot = int(text)
    if slot not in state.wallpapers:
        raise invalid(f"wallpaper slot {slot} is empty")
    if slot == state.wallpaper:
        raise ApiError(NOT_ALLOWED, "the active wallpaper cannot be deleted")
    del state.wallpapers[slot]
    return True


# ---------------------------------------------------------------- time

_TIME: dict[str, Check] = {
    "isAutoTime": _b,
    "showTime24": _b,
    "ntpServer": lambda _s, n, v: check_host(n, v),
    "timeZone": lambda _s, n, v: check_zone(n, v),
    "timeout": lambda _s, n, v: check_int(n, v, lo=1, hi=3600),
    "curTimeMillis": lambda _s, n, v: check_int(n, v, lo=0, hi=2**53),
    "isDailyReboot": _b,
    "dailyRebootTime": _pattern(HHMM_RE),
}
_TIME_ATTRS = {
    "isAutoTime": "auto_time",
    "showTime24": "show_time_24h",
    "ntpServer": "ntp_server",
    "timeZone": "time_zone",
    "timeout": "ntp_timeout",
    "isDailyReboot": "daily_reboot",
    "dailyRebootTime": "daily_reboot_time",
}


async def time_get(c: Call) -> Any:
    state = c.state
    now = c.st.now()
    offset = now.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    gmt = f"GMT{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    dst = now.dst()
    data = {key: getattr(state, attr) for key, attr in _TIME_ATTRS.items()}
    data["curTimeMillis"] = int(now.timestamp() * 1000)
    data["GMT"] = gmt
    data["inDaylightTime"] = bool(dst)
    return data


async def time_patch(c: Call) -> Any:
    values = await _patch(c, _TIME)
    state = c.state
    if "timeZone" in values:
        state.time_zone = values["timeZone"]
    if "curTimeMillis" in values:
        now_ms = c.st.now().timestamp() * 1000
        state.clock_offset += (values["curTimeMillis"] - now_ms) / 1000
    _apply(state, values, _TIME_ATTRS)
    return True


# ---------------------------------------------------------------- ethernet

_ETHERNET: dict[str, Check] = {
    "enableDHCP": _b,
    "ip": lambda _s, n, v: check_ipv4(n, v),
    "mask": lambda _s, n, v: check_mask(n, v),
    "gateway": lambda _s, n, v: check_ipv4(n, v),
    "dns1": _ip_or_empty,
    "dns2": _ip_or_empty,
}


async def ethernet_get(c: Call) -> Any:
    eth = c.state.ethernet
    return {
        "connected": eth.connected,
        "enableDHCP": eth.dhcp,
        "mac": c.state.eth_mac,
        "setting": {
            "ip": eth.ip,
            "mask": eth.mask,
            "gateway": eth.gateway,
            "dns1": eth.dns1,
            "dns2": eth.dns2,
        },
    }


async def ethernet_patch(c: Call) -> Any:
    values = await _patch(c, _ETHERNET)
    if not values:
        return True
    eth = c.state.ethernet
    _apply(
        eth,
        values,
        {
            "enableDHCP": "dhcp",
            "ip": "ip",
            "mask": "mask",
            "gateway": "gateway",
            "dns1": "dns1",
            "dns2": "dns2",
        },
    )
    c.state.reboot_required = True
    return True


# ---------------------------------------------------------------- resolution


async def resolution_get(c: Call) -> Any:
    state = c.state
    return {
        "hdmi": {"cec": state.hdmi_cec, "resolution": state.hdmi_resolution},
        "vga": {"resolution": state.vga_resolution if state.vga_enabled else -1},
        "vgaEnable": state.vga_enabled,
        "output": RESOLUTIONS.get(state.hdmi_resolution, "Auto"),
        "isAudioFromHDMI": state.audio_from_hdmi,
    }


async def resolution_put(c: Call) -> Any:
    table: dict[str, Check] = {
        "enableVGA": _b,
        "resolution": _enum(*RESOLUTIONS),
        "isAudioFromHDMI": _b,
    }
    values = await _patch(c, table)
    state = c.state
    if c.replaces:  # omitted fields: factory values
        values = {
            "enableVGA": _FACTORY.vga_enabled,
            "resolution": _FACTORY.hdmi_resolution,
            "isAudioFromHDMI": _FACTORY.audio_from_hdmi,
        } | values
    vga = values.get("enableVGA", state.vga_enabled)
    resolution = values.get("resolution", state.hdmi_resolution)
    if vga and resolution not in (2, 3, 4):
        raise invalid("with VGA enabled the resolution must be 2, 3 or 4")
    if "isAudioFromHDMI" in values:
        state.audio_from_hdmi = values["isAudioFromHDMI"]
    if "enableVGA" in values or "resolution" in values:
        state.vga_enabled = vga
        state.hdmi_resolution = resolution
        state.vga_resolution = resolution if vga else -1
        state.reboot_required = True
    return True


async def resolution_list(c: Call) -> Any:
    return _shaped_list(
        c,
        [{"id": rid, "name": name} for rid, name in RESOLUTIONS.items()],
        [RESOLUTIONS[rid] for rid in range(len(RESOLUTIONS))],
    )


# ---------------------------------------------------------------- service / power

_SERVICE_ATTRS = {
    "allowMiracast": "allow_miracast",
    "allowGoogleCast": "allow_google_cast",
    "allowAirPlay": "allow_airplay",
}


async def service_get(c: Call) -> Any:
    return {key: getattr(c.state, attr) for key, attr in _SERVICE_ATTRS.items()}


async def service_patch(c: Call) -> Any:
    values = await _patch(c, dict.fromkeys(_SERVICE_ATTRS, _b))
    _apply(c.state, values, _SERVICE_ATTRS)
    return True


def _power_shift(c: Call) -> int:
    """What the station adds to the internal mode (0 sleep, 1 suspend) on the wire."""
    return 1 if c.dialect.power_mode == "1-2" else 0


async def power_get(c: Call) -> Any:
    return {"mode": c.state.power_mode + _power_shift(c), "time": c.state.power_timeout}


async def power_patch(c: Call) -> Any:
    shift = _power_shift(c)
    values = await _patch(c, {"mode": _enum(shift, 1 + shift), "time": _enum(-1, 1, 5, 15, 30, 60)})
    if "mode" in values:
        values["mode"] -= shift
    _apply(c.state, values, {"mode": "power_mode", "time": "power_timeout"})
    return True


# ---------------------------------------------------------------- wi-fi

_WIFI: dict[str, Check] = {
    "mode": _enum(0, 1, 2),
    "hideSSID": _b,
    "security": _enum(0, 1),
    "password": _pattern(WIFI_PASSWORD_RE),
    "band": _enum(0, 1),
    "channel": _enum(36, 44, 149, 157),
    "networkMode": _enum(0, 1),
    "gatekeeper": _enum(0, 1, 2),
    "isWifiDongle": _b,
}
_WIFI_ATTRS = {
    "hideSSID": "hide_ssid",
    "security": "security",
    "password": "password",
    "band": "band",
    "channel": "channel",
    "networkMode": "networking_mode",
    "gatekeeper": "gatekeeper",
    "isWifiDongle": "wifi_dongle",
}


async def wifi_get(c: Call) -> Any:
    wifi = c.state.wifi
    data = {key: getattr(wifi, attr) for key, attr in _WIFI_ATTRS.items()}
    data["mode"] = _WIFI_MODE_IDS.get(wifi.mode, 0)
    data["ssid"] = wifi.ssid
    data["mac"] = c.state.wifi_mac
    return data


async def wifi_patch(c: Call) -> Any:
    values = await _patch(c, _WIFI)
    wifi = c.state.wifi
    band = values.get("band", wifi.band)
    if "channel" in values and band != 1:
        raise invalid("a channel can only be chosen on the 5 GHz band")
    security = values.get("security", wifi.security)
    if (
        "security" in values
        and security == 1
        and "password" not in values
        and not WIFI_PASSWORD_RE.fullmatch(wifi.password)
    ):
        raise invalid("WPA2-PSK needs a password")
    if not values:
        return True
    if "mode" in values:
        wifi.mode = WIFI_MODES[values["mode"]]
        if wifi.mode != "STA":
            wifi.connection = None
    _apply(wifi, values, _WIFI_ATTRS)
    c.state.reboot_required = True
    return True


def _require_sta(c: Call) -> None:
    if c.state.wifi.mode != "STA":
        raise ApiError(NOT_ALLOWED, "only available in client (Other AP) mode")


async def wifi_list(c: Call) -> Any:
    _require_sta(c)
    connected = (c.state.wifi.connection or {}).get("ssid")
    return [dict(ap, status=1 if ap["ssid"] == connected else 0) for ap in SCAN_RESULTS]


async def connection_get(c: Call) -> Any:
    _require_sta(c)
    conn = c.state.wifi.connection
    if conn is None:
        raise ApiError(NOT_ALLOWED, "not connected to a Wi-Fi network")
    return dict(conn)


def _check_connection(body: dict[str, Any], *, from_list: bool) -> dict[str, Any]:
    allowed = {
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
    }
    for name in body:
        if name not in allowed:
            raise invalid(f"unknown field {name}")
    if "ssid" not in body:
        raise invalid("ssid is required")
    ssid = check_str("ssid", body["ssid"], pattern=NAME_RE)
    known = {ap["ssid"]: ap for ap in SCAN_RESULTS}
    if from_list and ssid not in known:
        raise invalid(f"{ssid} is not in the Wi-Fi list")
    default_security = known[ssid]["security"] if ssid in known else "NONE"
    security = body.get("security", default_security)
    if security not in CONNECTION_SECURITY:
        raise invalid(f"security must be one of {', '.join(CONNECTION_SECURITY)}")
    password = body.get("password", "")
    if security != "NONE":
        check_str("password", password, max_len=63)
        if not password:
            raise invalid("password is required for a secured network")
    if security == "EAP":
        for name in ("eapMethod", "phase", "identity"):
            check_str(name, body.get(name))
    static = check_bool("isStaticIp", body.get("isStaticIp", False))
    if "reconnect" in body:
        check_bool("reconnect", body["reconnect"])
    conn: dict[str, Any] = {
        "connected": True,
        "ssid": ssid,
        "security": security,
        "isHide": ssid not in known,
        "freq": 5180 if ssid == "Lab-5G" else 2437,
        "speed": 433 if ssid == "Lab-5G" else 144,
        "level": known[ssid]["level"] if ssid in known else 3,
        "mac": "02:a5:72:00:00:01",
        "ip": "10.0.0.57",
        "mask": "255.255.255.0",
        "gateway": "10.0.0.1",
        "dns1": "10.0.0.1",
        "dns2": "",
    }
    if static:
        conn["ip"] = check_ipv4("ip", body.get("ip"))
        conn["mask"] = check_mask("mask", body.get("mask"))
        conn["gateway"] = check_ipv4("gateway", body.get("gateway"))
        for dns in ("dns1", "dns2"):
            conn[dns] = "" if body.get(dns, "") == "" else check_ipv4(dns, body[dns])
    return conn


async def connection_post(c: Call) -> Any:
    _require_sta(c)
    c.state.wifi.connection = _check_connection(await c.json(), from_list=False)
    return True


async def connection_patch(c: Call) -> Any:
    _require_sta(c)
    c.state.wifi.connection = _check_connection(await c.json(), from_list=True)
    return True


async def connection_delete(c: Call) -> Any:
    _require_sta(c)
    ssid = q_str(c.query, "ssid")
    conn = c.state.wifi.connection
    if conn is None or conn.get("ssid") != ssid:
        raise invalid(f"not connected to {ssid}")
    c.state.wifi.connection = None
    return True


# ---------------------------------------------------------------- pod / conference

_POD: dict[str, Check] = {
    "mode": _enum(0, 1),
    "ip": _ip_or_empty,
    "ssid": lambda _s, n, v: check_str(n, v, max_len=32),
    "security": _enum(0, 1, 2, 3),
    "password": lambda _s, n, v: check_str(n, v, max_len=63),
    "autoProjection": _b,
}
_POD_ATTRS = {
    "mode": "mode",
    "ip": "ip",
    "ssid": "ssid",
    "security": "security",
    "password": "password",
    "autoProjection": "auto_projection",
}


async def pod_get(c: Call) -> Any:
    return {key: getattr(c.state.pod, attr) for key, attr in _POD_ATTRS.items()}


async def pod_patch(c: Call) -> Any:
    values = await _patch(c, _POD)
    _apply(c.state.pod, values, _POD_ATTRS)
    return True


async def byom_get(c: Call) -> Any:
    byom = c.state.app_byom
    return {"expiredDate": byom.expired_date, "key": byom.key, "status": byom.status}


async def byom_put(c: Call) -> Any:
    body = await c.json()
    for name in body:
        if name not in ("key", "type"):
            raise invalid(f"unknown field {name}")
    if "key" not in body:
        raise invalid("key is required")
    key = check_str("key", body["key"], pattern=BYOM_KEY_RE)
    if body.get("type", "appBYOM") != "appBYOM":
        raise invalid("type must be appBYOM")
    byom = c.state.app_byom
    byom.key = key
    byom.status = 1
    byom.expired_date = "2099-12-31"
    return True


# ---------------------------------------------------------------- reboot / firmware


async def reboot(c: Call) -> Any:
    body = await c.json()
    for name in body:
        if name != "setDhcp":
            raise invalid(f"unknown field {name}")
    set_dhcp = check_bool("setDhcp", body.get("setDhcp", False))
    if c.st.rebooting:
        raise ApiError(NOT_ALLOWED, "a reboot is already running")
    if set_dhcp:
        c.state.ethernet.dhcp = True
    c.st.reboot(reason="reboot")
    return True


async def firmware_get(c: Call) -> Any:
    state = c.state
    has_new = q_bool(c.query, "hasNew", required=False)
    data: dict[str, Any] = {"current": state.firmware_version}
    if has_new:
        if not state.vendor_reachable:
            raise ApiError(FIRMWARE_FAILURE, "the firmware server cannot be reached")
        if newer(state.available_firmware, state.firmware_version):
            data["new"] = state.available_firmware
    return data


async def firmware_post(c: Call) -> Any:
    body = await c.json()
    for name in body:
        if name != "isManual" or c.dialect.firmware_manual != "body":
            raise invalid(f"unknown field {name} (isManual is a query parameter)")
    if c.dialect.firmware_manual == "body":
        if "isManual" in c.query:
            raise invalid("unknown parameter isManual (it belongs in the JSON body)")
        if "isManual" not in body:
            raise invalid("missing field isManual")
        manual = check_bool("isManual", body["isManual"])
    else:
        manual = bool(q_bool(c.query, "isManual"))
    state = c.state
    if c.st.rebooting:
        raise ApiError(NOT_ALLOWED, "a reboot is already running")
    if manual:
        if state.uploaded_firmware is None:
            raise ApiError(NOT_ALLOWED, "no firmware file has been uploaded")
        version = firmware_version_of(state.uploaded_firmware, state.firmware_version)
        state.uploaded_firmware = None
    else:
        if state.ota_status != 2 or state.ota_version is None:
            raise ApiError(NOT_ALLOWED, "no firmware has been downloaded")
        version = state.ota_version
    state.pending_firmware = version
    c.st.reboot(reason="firmware update")
    return True


def _progress(c: Call) -> Any:
    """The download progress in the station's ``progress_shape``."""
    value = c.state.ota_progress
    shape = c.dialect.progress_shape
    if shape == "int":
        return value
    if shape == "percent":
        return f"{value}%"
    return str(value)


async def download_start(c: Call) -> Any:
    state = c.state
    restart = c.dialect.download_restart == "restart"
    if restart or state.ota_status not in (1, 2):
        if not state.vendor_reachable:
            raise ApiError(FIRMWARE_FAILURE, "the firmware server cannot be reached")
        if not newer(state.available_firmware, state.firmware_version):
            raise ApiError(FIRMWARE_FAILURE, "no newer firmware is available")
        if state.ota_status in (1, 2):
            c.st.stop_download(keep_finished=False)
        c.st.start_download()
    return {"process": _progress(c), "status": state.ota_status}


async def download_stop(c: Call) -> Any:
    c.st.stop_download()
    return True


async def ota_check(c: Call) -> Any:
    if c.dialect.ota_check_shape == "status":
        return {"process": _progress(c), "status": c.state.ota_status}
    return c.state.ota_status == 2


# ---------------------------------------------------------------- upload / system


async def upload(c: Call) -> Any:
    kind = q_str(c.query, "type")
    name = q_str(c.query, "name")
    assert kind is not None and name is not None
    if kind not in ("BG", "OTA", "CONFIG"):
        raise invalid("type must be BG, OTA or CONFIG")
    files = await c.files()
    if "file" not in files or not files["file"][1]:
        raise invalid("missing file")
    content = files["file"][1]
    state = c.state
    if kind == "BG":
        match = re.match(r"^(\d)-.+\.(jpe?g|png)$", name, re.IGNORECASE)
        if match is None or not 2 <= int(match.group(1)) <= 5:
            raise invalid("a wallpaper name starts with its slot 2..5, like 3-cat.jpg")
        slot = int(match.group(1))
        check_wallpaper_image(content)
        if slot == state.wallpaper:
            raise ApiError(NOT_ALLOWED, "the active wallpaper cannot be replaced")
        state.wallpapers[slot] = (name, content)
    elif kind == "OTA":
        state.uploaded_firmware = content
    else:
        apply_config(state, parse_config(state, content))
    return True


async def _change_password(c: Call, attr: str) -> Any:
    body = await c.json()
    if "old" not in body or "new" not in body:
        raise invalid("old and new are required")
    old = check_str("old", body["old"])
    new = check_str("new", body["new"], pattern=PASSWORD_RE)
    if old != getattr(c.state, attr):
        raise ApiError(WRONG_CREDENTIALS, "the old password is wrong")
    setattr(c.state, attr, new)
    return True


async def admin_password(c: Call) -> Any:
    return await _change_password(c, "password")


async def moderation_password(c: Call) -> Any:
    return await _change_password(c, "moderation_password")


async def ams_get(c: Call) -> Any:
    return c.state.ams_name


async def ams_put(c: Call) -> Any:
    body = await c.json()
    if set(body) != {"amsName"}:
        raise invalid("the body must be {amsName}")
    value = body["amsName"]
    c.state.ams_name = "" if value == "" else check_host("amsName", value)
    return True


def _token_data(c: Call, value: str) -> dict[str, Any]:
    token = c.st.find_token(value)
    assert token is not None
    return {"token": token.value, "expiredTime": str(token.expired_time), "scope": token.scope}


async def apikey_get(c: Call) -> Any:
    assert c.token is not None
    return _token_data(c, c.token.value)


async def apikey_put(c: Call) -> Any:
    return _token_data(c, c.st.issue_token().value)


async def system_reset(c: Call) -> Any:
    if c.st.rebooting:
        raise ApiError(NOT_ALLOWED, "a reboot is already running")
    c.state.factory_reset()
    c.st.reboot(reason="factory reset")
    return True


async def log_switch_get(c: Call) -> Any:
    return {"switch": c.state.log_switch}


async def log_switch_put(c: Call) -> Any:
    values = await _patch(c, {"switch": _b})
    if "switch" not in values:
        raise invalid("switch is required")
    c.state.log_switch = values["switch"]
    return True


async def log_get(c: Call) -> Any:
    return {"statusLog": c.state.log_status, "filePath": c.state.log_path}


async def log_put(c: Call) -> Any:
    if not c.state.log_switch:
        raise ApiError(NOT_ALLOWED, "enable the log switch first")
    if c.state.log_status != 1:
        c.st.start_log_export()
    return True


async def config_get(c: Call) -> Any:
    if c.dialect.config_export == "name":
        return CONFIG_FILE_NAME
    content = base64.b64encode(export_config_bytes(c.state)).decode()
    return {"fileName": CONFIG_FILE_NAME, "content": content}


async def config_put(c: Call) -> Any:
    files = await c.files()
    if "fileName" not in files:
        raise invalid("missing file fileName")
    apply_config(c.state, parse_config(c.state, files["fileName"][1]))
    return True


_ROUTES: dict[str, dict[str, Route]] = {
    "quickJoin": {"GET": Route(quick_join, auth="none", username="none")},
    "model": {"GET": Route(model, auth="none", username="none")},
    "general/logincode": {"GET": Route(logincode, auth="none", username="none")},
    "login": {"POST": Route(login, auth="none", username="none")},
    "general": {"GET": Route(general_get), "PATCH": Route(general_patch)},
    "general/wallpaper/list": {"GET": Route(wallpaper_list)},
    "general/wallpaper/{id}": {"DELETE": Route(wallpaper_delete)},
    "time": {"GET": Route(time_get), "PATCH": Route(time_patch)},
    "ethernet": {"GET": Route(ethernet_get), "PATCH": Route(ethernet_patch)},
    "resolution": {"GET": Route(resolution_get), "PUT": Route(resolution_put)},
    "resolution/list": {"GET": Route(resolution_list)},
    "service": {"GET": Route(service_get), "PATCH": Route(service_patch)},
    "power/setting": {"GET": Route(power_get), "PATCH": Route(power_patch)},
    "wifi": {"GET": Route(wifi_get), "PATCH": Route(wifi_patch)},
    "wifi/list": {"GET": Route(wifi_list)},
    "wifi/connection": {
        "GET": Route(connection_get),
        "POST": Route(connection_post),
        "PATCH": Route(connection_patch),
        "DELETE": Route(connection_delete),
    },
    "pod/pairing": {"GET": Route(pod_get), "PATCH": Route(pod_patch)},
    "conference/appBYOM": {
        "GET": Route(byom_get, username="optional"),
        "PUT": Route(byom_put),
    },
    "reboot": {"POST": Route(reboot)},
    "firmware": {"GET": Route(firmware_get), "POST": Route(firmware_post)},
    "firmware/download/start": {"PUT": Route(download_start)},
    "firmware/download/stop": {"PUT": Route(download_stop)},
    "ota/check": {"GET": Route(ota_check)},
    "upload": {"POST": Route(upload)},
    "admin/password": {"PUT": Route(admin_password)},
    "moderation/password": {"PUT": Route(moderation_password)},
    "remote/amsName": {"GET": Route(ams_get), "PUT": Route(ams_put)},
    "remote/apikey": {
        "GET": Route(apikey_get, username="optional"),
        "PUT": Route(apikey_put),
    },
    "system/reset": {"POST": Route(system_reset)},
    "system/log/switch": {"GET": Route(log_switch_get), "PUT": Route(log_switch_put)},
    "system/log": {"GET": Route(log_get), "PUT": Route(log_put)},
    "system/config": {"GET": Route(config_get), "PUT": Route(config_put)},
}

SPEC = ApiSpec(PREFIX, _ROUTES)
