"""Errors, parameter validation, image inspection and the configuration document."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
import ipaddress
import json
import re
import struct
from typing import Any

from .state import RESOLUTIONS, TIME_ZONES, StationState

OK = 0
GENERAL_FAILURE = 1000
INVALID_PARAMETER = 1001
NOT_AUTHENTICATED = 1002
WRONG_CREDENTIALS = 1003
PERMISSION_DENIED = 1004
NOT_ALLOWED = 1005
FIRMWARE_FAILURE = 1100
INTERNAL_ERROR = 1200

NAME_RE = re.compile(r"^[A-Za-z\d\-]{1,16}$")
PASSWORD_RE = re.compile(r"^[A-Za-z0-9]{1,16}$")
WIFI_PASSWORD_RE = re.compile(r"^[A-Za-z0-9]{8,16}$")
CODE_RE = re.compile(r"^[0-9]{4}$")
TIME_VALUE_RE = re.compile(
    r"^([2][0]\d{2}-([0]\d|[1][0-2])-([0-2]\d|[3][0-1])T([0-1]\d|[2][0-3]):[0-5]\d:[0-5]\d)$"
)
HHMM_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
HOST_RE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9\-.]{0,251}[A-Za-z0-9])?$")
BYOM_KEY_RE = re.compile(r"^[A-Za-z0-9=/+]{1,69}$")
VERSION_RE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,3}\.\d{1,3}$")
INT_RE = re.compile(r"^-?\d{1,9}$")

WALLPAPER_MAX_WIDTH = 3940
WALLPAPER_MAX_HEIGHT = 2500
CONFIG_FORMAT = "astros-configuration"


class ApiError(Exception):
    """An answer with a non-zero ``errorCode``."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def invalid(message: str) -> ApiError:
    """A 1001 error."""
    return ApiError(INVALID_PARAMETER, message)


# ---------------------------------------------------------------- scalar checks


def check_bool(name: str, value: Any) -> bool:
    """A JSON boolean."""
    if not isinstance(value, bool):
        raise invalid(f"{name} must be a boolean")
    return value


def check_int(
    name: str,
    value: Any,
    *,
    allowed: tuple[int, ...] | None = None,
    lo: int | None = None,
    hi: int | None = None,
) -> int:
    """A JSON integer (not a boolean) within ``allowed`` or ``lo..hi``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(f"{name} must be an integer")
    if allowed is not None and value not in allowed:
        raise invalid(f"{name} must be one of {', '.join(str(a) for a in allowed)}")
    if lo is not None and value < lo:
        raise invalid(f"{name} must be at least {lo}")
    if hi is not None and value > hi:
        raise invalid(f"{name} must be at most {hi}")
    return value


def check_str(
    name: str, value: Any, *, pattern: re.Pattern[str] | None = None, max_len: int | None = None
) -> str:
    """A JSON string matching ``pattern``."""
    if not isinstance(value, str):
        raise invalid(f"{name} must be a string")
    if max_len is not None and len(value) > max_len:
        raise invalid(f"{name} must be at most {max_len} characters")
    if pattern is not None and not pattern.fullmatch(value):
        raise invalid(f"{name} must match {pattern.pattern}")
    return value


def check_choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    """One of the strings ``choices``."""
    if value not in choices:
        raise invalid(f"{name} must be one of {', '.join(choices)}")
    return str(value)


def check_ipv4(name: str, value: Any) -> str:
    """A dotted-quad IPv4 address."""
    text = check_str(name, value)
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        raise invalid(f"{name} must be an IPv4 address") from None
    return text


def check_mask(name: str, value: Any) -> str:
    """An IPv4 netmask (contiguous ones)."""
    text = check_ipv4(name, value)
    bits = int(ipaddress.IPv4Address(text))
    inverted = (~bits) & 0xFFFFFFFF
    if bits == 0 or inverted & (inverted + 1):
        raise invalid(f"{name} must be a netmask like 255.255.255.0")
    return text


def check_host(name: str, value: Any) -> str:
    """A host name or IPv4 address."""
    return check_str(name, value, pattern=HOST_RE, max_len=253)


def check_zone(name: str, value: Any) -> str:
    """A zone name from the documented list."""
    text = check_str(name, value)
    if text not in TIME_ZONES:
        raise invalid(f"{name} must be one of the documented time zones")
    return text


def check_wallpaper_slot(state: StationState, name: str, value: Any) -> int:
    """A wallpaper id 0..5 that holds an image."""
    slot = check_int(name, value, lo=0, hi=5)
    if slot not in state.wallpapers:
        raise invalid(f"{name}: wallpaper slot {slot} is empty")
    return slot


def newer(candidate: str | None, current: str) -> bool:
    """Whether version ``candidate`` is newer than ``current``."""
    if candidate is None:
        return False
    try:
        return tuple(int(p) for p in candidate.split(".")) > tuple(
            int(p) for p in current.split(".")
        )
    except ValueError:
        return False


# ---------------------------------------------------------------- query parameters


def q_str(query: Mapping[str, str], name: str, *, required: bool = True) -> str | None:
    """A query parameter (1001 when required and missing)."""
    value = query.get(name)
    if value is None and required:
        raise invalid(f"missing parameter {name}")
    return value


def q_int(
    query: Mapping[str, str],
    name: str,
    *,
    required: bool = True,
    allowed: tuple[int, ...] | None = None,
    lo: int | None = None,
    hi: int | None = None,
) -> int | None:
    """An integer query parameter."""
    text = q_str(query, name, required=required)
    if text is None:
        return None
    if not INT_RE.fullmatch(text.strip()):
        raise invalid(f"{name} must be an integer")
    return check_int(name, int(text), allowed=allowed, lo=lo, hi=hi)


def q_bool(query: Mapping[str, str], name: str, *, required: bool = True) -> bool | None:
    """A boolean query parameter: ``true`` or ``false``."""
    text = q_str(query, name, required=required)
    if text is None:
        return None
    lowered = text.strip().lower()
    if lowered not in ("true", "false"):
        raise invalid(f"{name} must be true or false")
    return lowered == "true"


# ---------------------------------------------------------------- images

_SOF_MARKERS = frozenset(
    (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF)
)


def image_size(data: bytes) -> tuple[str, int, int]:
    """``(kind, width, height)`` of a PNG or JPEG image; 1001 otherwise."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        if len(data) >= 24 and data[12:16] == b"IHDR":
            width, height = struct.unpack(">II", data[16:24])
            return "png", width, height
        raise invalid("corrupt PNG image")
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 4 <= len(data):
            if data[i] != 0xFF:
                break
            marker = data[i + 1]
            if marker == 0xFF:
                i += 1
                continue
            if marker == 0x01 or 0xD0 <= marker <= 0xD7:
                i += 2
                continue
            (length,) = struct.unpack(">H", data[i + 2 : i + 4])
            if marker in _SOF_MARKERS and i + 9 <= len(data):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return "jpeg", width, height
            if marker in (0xD9, 0xDA):
                break
            i += 2 + length
        raise invalid("corrupt JPEG image: no frame header")
    raise invalid("the image must be PNG or JPEG")


def check_wallpaper_image(data: bytes) -> str:
    """Validate a wallpaper image; answers its kind (``png``/``jpeg``)."""
    if not data:
        raise invalid("the image file is empty")
    kind, width, height = image_size(data)
    if width <= 0 or height <= 0:
        raise invalid("the image has no size")
    if width > WALLPAPER_MAX_WIDTH or height > WALLPAPER_MAX_HEIGHT:
        raise invalid(
            f"the image is {width}x{height}; at most "
            f"{WALLPAPER_MAX_WIDTH}x{WALLPAPER_MAX_HEIGHT} is accepted"
        )
    ratio = width / height
    if not 1.5 <= ratio <= 2.0:
        raise invalid(f"the image ratio {ratio:.2f} is outside 1.5..2.0")
    return kind


# ---------------------------------------------------------------- configuration document

Validator = Callable[[StationState, str, Any], Any]


def _v(fn: Callable[[str, Any], Any]) -> Validator:
    return lambda _state, name, value: fn(name, value)


def _enum(*allowed: int) -> Validator:
    return lambda _state, name, value: check_int(name, value, allowed=allowed)


_CONFIG_TOP: dict[str, Validator] = {
    "name": _v(lambda n, v: check_str(n, v, pattern=NAME_RE)),
    "language": _enum(0, 1, 2),
    "login_code_type": _enum(0, 1, 2),
    "login_code": _v(lambda n, v: check_str(n, v, pattern=CODE_RE)),
    "remote_view": _v(check_bool),
    "wallpaper": check_wallpaper_slot,
    "hdmi_resolution": _enum(*RESOLUTIONS),
    "hdmi_cec": _v(check_bool),
    "vga_enabled": _v(check_bool),
    "vga_resolution": _enum(-1, 2, 3, 4),
    "audio_from_hdmi": _v(check_bool),
    "time_zone": _v(check_zone),
    "auto_time": _v(check_bool),
    "ntp_server": _v(check_host),
    "ntp_port": _v(lambda n, v: check_int(n, v, lo=1, hi=65535)),
    "show_time_24h": _v(check_bool),
    "daily_reboot": _v(check_bool),
    "daily_reboot_time": _v(lambda n, v: check_str(n, v, pattern=HHMM_RE)),
    "power_mode": _enum(0, 1),
    "power_timeout": _enum(-1, 1, 5, 15, 30, 60),
    "allow_airplay": _v(check_bool),
    "allow_google_cast": _v(check_bool),
    "allow_miracast": _v(check_bool),
    "device_name_shown": _v(check_bool),
    "ip_shown": _v(check_bool),
    "miracast_pin": _v(check_bool),
    "image_slider": _v(check_bool),
    "image_slider_interval": _v(lambda n, v: check_int(n, v, lo=5, hi=300)),
    "ams_name": _v(lambda n, v: check_str(n, v, max_len=253)),
}
_CONFIG_ETHERNET: dict[str, Validator] = {
    "dhcp": _v(check_bool),
    "ip": _v(check_ipv4),
    "mask": _v(check_mask),
    "gateway": _v(check_ipv4),
    "dns1": _v(check_ipv4),
    "dns2": _v(check_ipv4),
}
_CONFIG_WIFI: dict[str, Validator] = {
    "mode": _v(lambda n, v: check_choice(n, v, ("AP", "STA", "OFF"))),
    "hide_ssid": _v(check_bool),
    "security": _enum(0, 1),
    "band": _enum(0, 1),
    "channel": _enum(36, 44, 149, 157),
    "networking_mode": _enum(0, 1),
    "gatekeeper": _enum(0, 1, 2),
}


def export_config(state: StationState) -> dict[str, Any]:
    """The configuration document (no secrets)."""
    settings: dict[str, Any] = {key: getattr(state, key) for key in _CONFIG_TOP}
    settings["ethernet"] = {key: getattr(state.ethernet, key) for key in _CONFIG_ETHERNET}
    settings["wifi"] = {key: getattr(state.wifi, key) for key in _CONFIG_WIFI}
    return {
        "format": CONFIG_FORMAT,
        "version": 1,
        "model": state.model,
        "firmware": state.firmware_version,
        "settings": settings,
    }


def export_config_bytes(state: StationState) -> bytes:
    """The configuration file as written to disk."""
    text = json.dumps(export_config(state), indent=2, sort_keys=True)
    state.last_config_export = text
    return text.encode()


def _section(
    state: StationState, prefix: str, raw: Any, table: dict[str, Validator]
) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise invalid(f"configuration: {prefix or 'settings'} must be an object")
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in table:
            raise invalid(f"configuration: unknown setting {prefix}{key}")
        out[key] = table[key](state, f"{prefix}{key}", value)
    return out


def parse_config(state: StationState, data: bytes) -> dict[str, Any]:
    """Validate a configuration file (JSON, or base64 of it): the settings to apply."""
    text = data.strip()
    if not text.startswith(b"{"):
        try:
            text = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise invalid("the configuration file is not a configuration document") from None
    try:
        doc = json.loads(text)
    except (UnicodeDecodeError, ValueError):
        raise invalid("the configuration file is not a configuration document") from None
    if not isinstance(doc, dict) or doc.get("format") != CONFIG_FORMAT:
        raise invalid("the configuration file is not a configuration document")
    raw = doc.get("settings")
    if not isinstance(raw, dict):
        raise invalid("configuration: settings must be an object")
    top = {k: v for k, v in raw.items() if k not in ("ethernet", "wifi")}
    settings = _section(state, "", top, _CONFIG_TOP)
    if "ethernet" in raw:
        settings["ethernet"] = _section(state, "ethernet.", raw["ethernet"], _CONFIG_ETHERNET)
    if "wifi" in raw:
        settings["wifi"] = _section(state, "wifi.", raw["wifi"], _CONFIG_WIFI)
    return settings


def apply_config(state: StationState, settings: dict[str, Any]) -> None:
    """Apply validated settings (see :func:`parse_config`)."""
    for key, value in settings.items():
        if key == "ethernet":
            for sub, sub_value in value.items():
                setattr(state.ethernet, sub, sub_value)
        elif key == "wifi":
            for sub, sub_value in value.items():
                setattr(state.wifi, sub, sub_value)
        else:
            setattr(state, key, value)
    if "name" in settings:
        state.wifi.ssid = settings["name"]
    state.last_config_import = settings
    state.reboot_required = True
