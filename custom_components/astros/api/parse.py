"""Tolerant readers of what a station answers.

Stations (and the vendor documents) disagree on types: numbers arrive as
strings, booleans as "true" or 1, objects inside JSON strings. Every reader
here answers ``None`` for a value it cannot use instead of raising, so one odd
field never hides the rest of an answer. Only the envelope itself, a payload
of the wrong shape, and the identity MAC raise :class:`AstrosResponseError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import datetime as dt
from enum import IntEnum
import json
import re
from typing import Any

from .const import MAC_PATTERN, VERSION_PATTERN
from .exceptions import AstrosResponseError
from .models import EthernetSettings, FirmwareInfo, PowerMode, Resolution, WifiMode

_INT_PATTERN = re.compile(r"[+-]?\d{1,18}")
_HHMM_PATTERN = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_GMT_PATTERN = re.compile(r"(?:GMT|UTC)?\s*([+-])(\d{1,2}):?(\d{2})?")
_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})
_WIFI_MODES = {
    "ap": WifiMode.ACCESS_POINT,
    "off": WifiMode.OFF,
    "sta": WifiMode.CLIENT,
    "client": WifiMode.CLIENT,
}
_WIFI_MODE_IDS = {0: WifiMode.OFF, 1: WifiMode.ACCESS_POINT, 2: WifiMode.CLIENT}
# README v2 decision 4: 0 sleep, 1 suspend; the document's "ALLOWED: 1, 2" makes 2 suspend too.
_POWER_MODES = {0: PowerMode.SLEEP, 1: PowerMode.SUSPEND, 2: PowerMode.SUSPEND}


@dataclass(frozen=True, slots=True)
class Envelope:
    """The documented answer around every payload."""

    error_code: int
    message: str
    data: Any
    reboot_required: bool | None = None
    model: str | None = None
    success: bool | None = None  # isSuccess
    http_status: int = 200
    body: Any = None  # the decoded JSON answer as it came


def parse_envelope(body: Any, http_status: int = 200) -> Envelope:
    """Read the envelope of a decoded JSON answer; raise if it is not one."""
    if not isinstance(body, Mapping):
        raise AstrosResponseError("The answer is not an ASTROS envelope (not a JSON object)")
    code = to_int(body.get("errorCode"))
    if code is None:
        raise AstrosResponseError("The answer is not an ASTROS envelope (no errorCode)")
    message = body.get("errorMsg")
    return Envelope(
        error_code=code,
        message=message if isinstance(message, str) else "",
        data=decode_json_string(body.get("data")),
        reboot_required=to_bool(body.get("rebootRequired")),
        model=to_str(body.get("model")),
        success=to_bool(body.get("isSuccess")),
        http_status=http_status,
        body=body,
    )


def decode_json_string(value: Any) -> Any:
    """``data`` "can be a JSON-style string": decode strings holding an object or a list.

    Other strings stay strings, so a name like "123" is not turned into a number.
    """
    if isinstance(value, str) and value.strip()[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def as_object(data: Any, what: str) -> Mapping[str, Any]:
    """The payload as an object; raise when it has another shape."""
    data = decode_json_string(data)
    if not isinstance(data, Mapping):
        raise AstrosResponseError(f"The station's {what} answer is not an object")
    return data


def as_list(data: Any) -> list[Any] | None:
    """The payload as a list, or None."""
    data = decode_json_string(data)
    return data if isinstance(data, list) else None


def object_or_empty(data: Any) -> Mapping[str, Any]:
    """The payload as an object, or an empty one when it has another shape."""
    data = decode_json_string(data)
    return data if isinstance(data, Mapping) else {}


def sub_object(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """A nested object, or an empty one when it is missing or not an object."""
    return object_or_empty(data.get(key))


def to_bool(value: Any) -> bool | None:
    """A boolean from true/false, 0/1 or their strings."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    return None


def to_int(value: Any) -> int | None:
    """An integer from a number or a numeric string (booleans are not numbers)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and _INT_PATTERN.fullmatch(value.strip()):
        return int(value.strip())
    return None


def to_str(value: Any) -> str | None:
    """A string, or None for any other type."""
    return value if isinstance(value, str) else None


def to_nonempty_str(value: Any) -> str | None:
    """A string with something in it, or None."""
    text = to_str(value)
    return text if text else None


def to_enum[E: IntEnum](enum: type[E], value: Any) -> E | None:
    """The member of an integer enum, or None when unknown."""
    number = to_int(value)
    if number is None:
        return None
    try:
        return enum(number)
    except ValueError:
        return None


def to_resolution(value: Any) -> Resolution | None:
    """A resolution id (-1 is a valid answer: not connected)."""
    return to_enum(Resolution, value)


def to_power_mode(value: Any) -> PowerMode | None:
    """0 sleep, 1 or 2 suspend, or the words."""
    if isinstance(value, str) and value.strip().lower() in ("sleep", "suspend"):
        return PowerMode[value.strip().upper()]
    number = to_int(value)
    return _POWER_MODES.get(number) if number is not None else None


def to_wifi_mode(value: Any) -> WifiMode | None:
    """v1 "AP"/"OFF" or v2 0 off / 1 AP / 2 STA, whichever arrives."""
    number = to_int(value)
    if number is not None:
        return _WIFI_MODE_IDS.get(number)
    if isinstance(value, str):
        return _WIFI_MODES.get(value.strip().lower())
    return None


def to_mac(value: Any) -> str | None:
    """A MAC address in lower-case colon form, from any usual spelling."""
    if not isinstance(value, str) or not MAC_PATTERN.fullmatch(value.strip()):
        return None
    digits = re.sub(r"[:\-]", "", value.strip()).lower()
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def to_version(value: Any) -> str | None:
    """A firmware version string (any non-empty text is kept)."""
    return to_nonempty_str(value.strip() if isinstance(value, str) else value)


def version_key(version: str) -> tuple[int, ...] | None:
    """The numbers of a major.minor.patch.build version, for comparison."""
    if not VERSION_PATTERN.fullmatch(version):
        return None
    return tuple(int(part) for part in version.split("."))


def is_newer(candidate: str | None, current: str | None) -> bool:
    """Whether ``candidate`` is a newer version than ``current``."""
    if candidate is None:
        return False
    if current is None:
        return True
    new_key, old_key = version_key(candidate), version_key(current)
    if new_key is None or old_key is None:
        return candidate != current
    return new_key > old_key


def to_time_of_day(value: Any) -> dt.time | None:
    """``HH:MM`` (or ``HH:MM:SS``) as a time."""
    if not isinstance(value, str):
        return None
    match = _HHMM_PATTERN.fullmatch(value.strip())
    if match is None:
        return None
    hour, minute, second = (int(part or 0) for part in match.groups())
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.time(hour, minute, second)


def to_datetime(value: Any) -> dt.datetime | None:
    """An RFC 3339 / ISO 8601 timestamp."""
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def to_utc_offset(value: Any) -> dt.timezone | None:
    """``GMT+08:00`` (or ``+0800``) as a fixed offset."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.upper() in ("GMT", "UTC"):
        return dt.UTC
    match = _GMT_PATTERN.fullmatch(text)
    if match is None:
        return None
    sign, hours, minutes = match.groups()
    delta = dt.timedelta(hours=int(hours), minutes=int(minutes or 0))
    if delta >= dt.timedelta(hours=24):
        return None
    return dt.timezone(-delta if sign == "-" else delta)


def from_epoch_millis(value: Any, tz: dt.tzinfo | None) -> dt.datetime | None:
    """Epoch milliseconds as an aware datetime (in ``tz`` when known)."""
    millis = to_int(value)
    if millis is None:
        return None
    try:
        return dt.datetime.fromtimestamp(millis / 1000, tz=tz or dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None


def parse_firmware(data: Any) -> FirmwareInfo:
    """v1 ``admin/firmware`` / v2 ``firmware``: ``{current, new}``; ``latest`` only when newer."""
    firmware = as_object(data, "firmware")
    current = to_version(firmware.get("current"))
    new = to_version(firmware.get("new"))
    return FirmwareInfo(current=current, latest=new if is_newer(new, current) else None)


def parse_ethernet(eth: Mapping[str, Any], mac: Any) -> EthernetSettings:
    """The Ethernet object both generations answer: ``{enableDHCP, setting: {ip, ...}}``."""
    setting = sub_object(eth, "setting") or eth
    return EthernetSettings(
        dhcp=to_bool(eth.get("enableDHCP")),
        ip=to_str(setting.get("ip")),
        mask=to_str(setting.get("mask")),
        gateway=to_str(setting.get("gateway")),
        dns1=to_str(setting.get("dns1")),
        dns2=to_str(setting.get("dns2")),
        mac=to_mac(mac),
        connected=to_bool(eth.get("connected")),
    )
