"""Generation 1: ``/api/v1/device`` (every parameter is a query parameter)."""

from __future__ import annotations

import base64
import re
from typing import Any

from .state import RESOLUTIONS, EthernetState, StationState, WifiState, random_code
from .station import ApiSpec, Call, Route
from .validation import (
    CODE_RE,
    FIRMWARE_FAILURE,
    NAME_RE,
    NOT_ALLOWED,
    PASSWORD_RE,
    TIME_VALUE_RE,
    WIFI_PASSWORD_RE,
    ApiError,
    apply_config,
    check_host,
    check_ipv4,
    check_mask,
    check_wallpaper_image,
    check_zone,
    export_config_bytes,
    invalid,
    newer,
    parse_config,
    q_bool,
    q_int,
    q_str,
)

PREFIX = "/api/v1/device"
#: factory values a ``put=replace`` station resets omitted fields to
_FACTORY = StationState()
_FACTORY_WIFI = WifiState()
_FACTORY_ETHERNET = EthernetState()
_VERSION_IN_FILE = re.compile(rb"\d{1,2}\.\d{1,2}\.\d{1,3}\.\d{1,3}")


def _str(c: Call, name: str, pattern: re.Pattern[str] | None = None) -> str:
    value = q_str(c.query, name)
    assert value is not None
    if pattern is not None and not pattern.fullmatch(value):
        raise invalid(f"{name} must match {pattern.pattern}")
    return value


def firmware_version_of(data: bytes, default: str) -> str:
    """The version written at the start of a firmware file, else ``default``."""
    match = _VERSION_IN_FILE.search(data[:256])
    return match.group(0).decode() if match else default


# ---------------------------------------------------------------- admin


async def admin_password(c: Call) -> Any:
    c.state.password = _str(c, "value", PASSWORD_RE)
    return ""


async def admin_apikey(c: Call) -> Any:
    token = c.st.issue_token(c.state.key_scope)
    return {"token": token.value, "expiredTime": token.expired_time, "scope": token.scope}


async def configuration_get(c: Call) -> Any:
    return base64.b64encode(export_config_bytes(c.state)).decode()


async def configuration_post(c: Call) -> Any:
    files = await c.files()
    if "fileName" not in files:
        raise invalid("missing file fileName")
    apply_config(c.state, parse_config(c.state, files["fileName"][1]))
    return ""


async def firmware_get(c: Call) -> Any:
    has_new = q_bool(c.query, "hasNew", required=False)
    state = c.state
    data: dict[str, Any] = {"current": state.firmware_version}
    if has_new:
        if not state.vendor_reachable:
            raise ApiError(FIRMWARE_FAILURE, "the firmware server cannot be reached")
        if newer(state.available_firmware, state.firmware_version):
            data["new"] = state.available_firmware
    return data


async def firmware_post(c: Call) -> Any:
    state = c.state
    files = await c.files()
    if "updating" in state.status or c.st.rebooting:
        raise ApiError(NOT_ALLOWED, "an update or reboot is already running")
    if "fileName" in files:
        content = files["fileName"][1]
        if not content:
            raise invalid("the firmware file is empty")
        c.st.start_update(firmware_version_of(content, state.firmware_version))
        return ""
    if not state.vendor_reachable:
        raise ApiError(FIRMWARE_FAILURE, "the firmware server cannot be reached")
    available = state.available_firmware
    if available is None or not newer(available, state.firmware_version):
        raise ApiError(FIRMWARE_FAILURE, "no newer firmware is available")
    c.st.start_update(available)
    return ""


# ---------------------------------------------------------------- device / display


async def device(c: Call) -> Any:
    state = c.state
    return {
        "sn": state.serial,
        "model": state.model,
        "ethMacAddress": state.eth_mac,
        "name": state.name,
        "fwVersion": state.firmware_version,
        "uptime": state.uptime,
        "status": state.status_text(),
    }


async def display_post(c: Call) -> Any:
    value = q_bool(c.query, "value")
    assert value is not None
    c.state.display_on = value
    return ""


async def resolution_get(c: Call) -> Any:
    state = c.state
    return {
        "hdmi": {"resolution": state.hdmi_resolution, "cec": state.hdmi_cec},
        "vga": {
            "resolution": state.vga_resolution if state.vga_enabled else -1,
            "enable": state.vga_enabled,
        },
    }


async def resolution_put(c: Call) -> Any:
    state = c.state
    value = q_int(c.query, "value", allowed=tuple(RESOLUTIONS))
    assert value is not None
    vga = q_bool(c.query, "enableVGA", required=False)
    if vga is None:
        vga = _FACTORY.vga_enabled if c.replaces else state.vga_enabled
    vga_on = vga
    if vga_on and value not in (2, 3, 4):
        raise invalid("with VGA enabled the resolution must be 2, 3 or 4")
    state.hdmi_resolution = value
    state.vga_enabled = vga_on
    state.vga_resolution = value if vga_on else -1
    state.reboot_required = True
    return ""


# ---------------------------------------------------------------- general


async def name_get(c: Call) -> Any:
    return c.state.name


async def name_put(c: Call) -> Any:
    c.state.name = _str(c, "value", NAME_RE)
    c.state.wifi.ssid = c.state.name
    return ""


async def language_get(c: Call) -> Any:
    return c.state.language


async def language_put(c: Call) -> Any:
    value = q_int(c.query, "value", allowed=(0, 1, 2))
    assert value is not None
    c.state.language = value
    return ""


async def logincode_get(c: Call) -> Any:
    state = c.state
    code = "" if state.login_code_type == 1 else state.login_code
    return {"type": state.login_code_type, "code": code}


async def logincode_put(c: Call) -> Any:
    kind = q_int(c.query, "type", allowed=(0, 1, 2))
    code = q_str(c.query, "code", required=False)
    if code is not None and not CODE_RE.fullmatch(code):
        raise invalid("code must be 4 digits")
    if kind == 2 and code is None:
        raise invalid("code is required for a fixed login code (type 2)")
    state = c.state
    assert kind is not None
    state.login_code_type = kind
    if kind == 0:
        state.login_code = random_code()
    elif code is not None:
        state.login_code = code
    elif c.replaces:
        state.login_code = random_code()  # the factory code is a random one
    return ""


async def remoteview_get(c: Call) -> Any:
    return c.state.remote_view


async def remoteview_put(c: Call) -> Any:
    value = q_bool(c.query, "value")
    assert value is not None
    c.state.remote_view = value
    return ""


async def wallpaper_get(c: Call) -> Any:
    return c.state.wallpaper


def _slot(c: Call) -> int:
    text = c.path_id or ""
    if not re.fullmatch(r"-?\d{1,3}", text):
        raise invalid("the wallpaper id must be an integer")
    return int(text)


async def wallpaper_put(c: Call) -> Any:
    state = c.state
    slot = _slot(c)
    files = await c.files()
    if "wallpaperImage" not in files:
        if not 0 <= slot <= 5:
            raise invalid("the wallpaper id must be between 0 and 5")
        if slot not in state.wallpapers:
            raise invalid(f"wallpaper slot {slot} is empty")
        state.wallpaper = slot
        return ""
    if not 2 <= slot <= 5:
        raise invalid("only wallpapers 2 to 5 can be uploaded")
    filename, content = files["wallpaperImage"]
    kind = check_wallpaper_image(content)
    if slot == state.wallpaper:
        raise ApiError(NOT_ALLOWED, "the active wallpaper cannot be replaced")
    ext = "png" if kind == "png" else "jpg"
    state.wallpapers[slot] = (filename or f"wallpaper-{slot}.{ext}", content)
    return ""


async def wallpaper_delete(c: Call) -> Any:
    state = c.state
    slot = _slot(c)
    if not 2 <= slot <= 5:
        raise invalid("only wallpapers 2 to 5 can be deleted")
    if slot not in state.wallpapers:
        raise invalid(f"wallpaper slot {slot} is empty")
    if slot == state.wallpaper:
        raise ApiError(NOT_ALLOWED, "the active wallpaper cannot be deleted")
    del state.wallpapers[slot]
    return ""


# ---------------------------------------------------------------- network


async def ethernet_get(c: Call) -> Any:
    eth = c.state.ethernet
    return {
        "enableDHCP": eth.dhcp,
        "setting": {
            "ip": eth.ip,
            "mask": eth.mask,
            "gateway": eth.gateway,
            "dns1": eth.dns1,
            "dns2": eth.dns2,
        },
    }


async def ethernet_put(c: Call) -> Any:
    dhcp = q_bool(c.query, "enableDHCP")
    checks = {
        "ip": check_ipv4,
        "mask": check_mask,
        "gateway": check_ipv4,
        "dns1": check_ipv4,
        "dns2": check_ipv4,
    }
    values: dict[str, str] = {}
    for name, check in checks.items():
        raw = c.query.get(name)
        if raw is not None:
            values[name] = "" if raw == "" and name.startswith("dns") else check(name, raw)
    if not dhcp:
        missing = [n for n in ("ip", "mask", "gateway") if not values.get(n)]
        if missing:
            raise invalid(f"a static address needs {', '.join(missing)}")
    eth = c.state.ethernet
    eth.dhcp = bool(dhcp)
    for name in checks:
        if name in values:
            setattr(eth, name, values[name])
        elif c.replaces:
            setattr(eth, name, getattr(_FACTORY_ETHERNET, name))
    c.state.reboot_required = True
    return ""


async def eth_mac(c: Call) -> Any:
    return c.state.eth_mac


async def wifi_mac(c: Call) -> Any:
    return c.state.wifi_mac


async def wifi_get(c: Call) -> Any:
    wifi = c.state.wifi
    return {
        "mode": wifi.mode,
        "ssid": wifi.ssid,
        "hideSSID": wifi.hide_ssid,
        "security": wifi.security,
        "password": wifi.password,
        "band": wifi.band,
        "networking_mode": wifi.networking_mode,
        "gatekeeper": wifi.gatekeeper,
    }


async def wifi_put(c: Call) -> Any:
    q = c.query
    mode = q_str(q, "mode")
    if mode not in ("AP", "OFF"):
        raise invalid("mode must be AP or OFF")
    hide = q_bool(q, "hideSSID", required=False)
    security = q_int(q, "security", required=False, allowed=(0, 1))
    password = q_str(q, "password", required=False)
    if password is not None and not WIFI_PASSWORD_RE.fullmatch(password):
        raise invalid("password must be 8 to 16 letters or digits")
    band = q_int(q, "band", required=False, allowed=(0, 1))
    networking = q_int(q, "networking_mode", required=False, allowed=(0, 1))
    gatekeeper = q_int(q, "gatekeeper", required=False, allowed=(0, 1, 2))
    wifi = c.state.wifi
    base = _FACTORY_WIFI if c.replaces else wifi
    if security == 1 and not (password or WIFI_PASSWORD_RE.fullmatch(base.password)):
        raise invalid("WPA2-PSK needs a password")
    wifi.mode = mode
    updates = {
        "hide_ssid": hide,
        "security": security,
        "password": password,
        "band": band,
        "networking_mode": networking,
        "gatekeeper": gatekeeper,
    }
    for name, value in updates.items():
        if value is not None:
            setattr(wifi, name, value)
        elif c.replaces:
            setattr(wifi, name, getattr(_FACTORY_WIFI, name))
    c.state.reboot_required = True
    return ""


# ---------------------------------------------------------------- power


async def power_get(c: Call) -> Any:
    return {"mode": c.state.power_mode, "timeout": c.state.power_timeout}


async def power_put(c: Call) -> Any:
    mode = q_int(c.query, "mode", allowed=(0, 1))
    timeout = None
    if mode == 0 or c.replaces:  # replace: the whole object, the timeout too
        timeout = q_int(c.query, "timeout", required=mode == 0, allowed=(5, 15, 30, 60, -1))
    assert mode is not None
    c.state.power_mode = mode
    if timeout is not None:
        c.state.power_timeout = timeout
    elif c.replaces:
        c.state.power_timeout = _FACTORY.power_timeout
    return ""


async def reboot_post(c: Call) -> Any:
    delay = q_int(c.query, "delay", required=False, lo=0)
    reason = q_str(c.query, "reason", required=False) or ""
    if c.st.rebooting:
        raise ApiError(NOT_ALLOWED, "a reboot or update is already running")
    c.st.reboot(delay=c.st.config.minutes(delay or 0), reason=reason)
    return ""


# ---------------------------------------------------------------- time


async def ntp_get(c: Call) -> Any:
    state = c.state
    return {"auto": state.auto_time, "ip": state.ntp_server, "port": state.ntp_port}


async def ntp_put(c: Call) -> Any:
    ip = q_str(c.query, "ip", required=False)
    if ip is not None:
        check_host("ip", ip)
    port = q_int(c.query, "port", required=False, lo=1, hi=65535)
    auto = q_bool(c.query, "auto", required=False)
    state = c.state
    if c.replaces:
        ip = _FACTORY.ntp_server if ip is None else ip
        port = _FACTORY.ntp_port if port is None else port
        auto = _FACTORY.auto_time if auto is None else auto
    if ip is not None:
        state.ntp_server = ip
    if port is not None:
        state.ntp_port = port
    if auto is not None:
        state.auto_time = auto
    return ""


async def zone_get(c: Call) -> Any:
    return c.state.time_zone


async def zone_put(c: Call) -> Any:
    c.state.time_zone = check_zone("value", _str(c, "value"))
    return ""


async def time_get(c: Call) -> Any:
    return c.st.now().replace(microsecond=0).isoformat()


async def time_put(c: Call) -> Any:
    from datetime import datetime  # noqa: PLC0415

    value = _str(c, "value", TIME_VALUE_RE)
    try:
        wanted = datetime.fromisoformat(value)
    except ValueError:
        raise invalid("value is not a valid date") from None
    now = c.st.now()
    wanted = wanted.replace(tzinfo=now.tzinfo)
    c.state.clock_offset += (wanted - now).total_seconds()
    return ""


_ROUTES: dict[str, dict[str, Route]] = {
    "": {"GET": Route(device)},
    "admin/password": {"PUT": Route(admin_password, auth="key_or_basic")},
    "admin/apikey": {"PUT": Route(admin_apikey, auth="basic")},
    "admin/configuration": {"GET": Route(configuration_get), "POST": Route(configuration_post)},
    "admin/firmware": {"GET": Route(firmware_get), "POST": Route(firmware_post)},
    "display": {"POST": Route(display_post)},
    "display/resolution": {"GET": Route(resolution_get), "PUT": Route(resolution_put)},
    "general/name": {"GET": Route(name_get), "PUT": Route(name_put)},
    "general/language": {"GET": Route(language_get), "PUT": Route(language_put)},
    "general/logincode": {"GET": Route(logincode_get), "PUT": Route(logincode_put)},
    "general/remoteview": {"GET": Route(remoteview_get), "PUT": Route(remoteview_put)},
    "general/wallpaper": {"GET": Route(wallpaper_get)},
    "general/wallpaper/{id}": {"PUT": Route(wallpaper_put), "DELETE": Route(wallpaper_delete)},
    "network/ethernet": {"GET": Route(ethernet_get), "PUT": Route(ethernet_put)},
    "network/ethernet/macaddress": {"GET": Route(eth_mac)},
    "network/wifi/macaddress": {"GET": Route(wifi_mac)},
    "network/wifi": {"GET": Route(wifi_get), "PUT": Route(wifi_put)},
    "power/mode": {"GET": Route(power_get), "PUT": Route(power_put)},
    "power/reboot": {"POST": Route(reboot_post)},
    "time/ntp": {"GET": Route(ntp_get), "PUT": Route(ntp_put)},
    "time/zone": {"GET": Route(zone_get), "PUT": Route(zone_put)},
    "time": {"GET": Route(time_get), "PUT": Route(time_put)},
}

SPEC = ApiSpec(PREFIX, _ROUTES)
