"""Pure parsers of the v1 API (``/api/v1/device``) answers: JSON in, models out."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from .exceptions import (
    AstrosResponseError,
)
from .keys import KeyGrant
from .models import (
    ApiVersion,
    DisplaySettings,
    Gatekeeper,
    GeneralSettings,
    Language,
    LoginCodeMode,
    NetworkingMode,
    NetworkSettings,
    PowerMode,
    PowerSettings,
    StationIdentity,
    StationStatus,
    StatusInfo,
    TimeSettings,
    WifiBand,
    WifiSettings,
)
from .parse import (
    as_object,
    object_or_empty,
    parse_ethernet,
    sub_object,
    to_bool,
    to_datetime,
    to_enum,
    to_int,
    to_mac,
    to_nonempty_str,
    to_resolution,
    to_str,
    to_version,
    to_wifi_mode,
)


def parse_api_key(data: Any) -> KeyGrant:
    """``PUT admin/apikey``: the key, its expiry (station epoch seconds; None never), scope."""
    answer = as_object(data, "API key")
    token = to_nonempty_str(answer.get("token"))
    if token is None:
        raise AstrosResponseError("The station issued no API key")
    expires = to_int(answer.get("expiredTime"))
    return KeyGrant(
        token,
        float(expires) if expires is not None and expires >= 0 else None,
        to_nonempty_str(answer.get("scope")),
    )


def parse_statuses(value: Any) -> frozenset[StationStatus]:
    """The comma-separated ``status``; unknown words are left out."""
    text = to_str(value) or ""
    known = {s.value: s for s in StationStatus}
    return frozenset(known[w] for w in (p.strip().lower() for p in text.split(",")) if w in known)


def parse_device(data: Any) -> StatusInfo:
    """``GET /api/v1/device``."""
    device = as_object(data, "device")
    return StatusInfo(
        name=to_str(device.get("name")),
        model=to_str(device.get("model")),
        serial_number=to_nonempty_str(device.get("sn")),
        mac=to_mac(device.get("ethMacAddress")),
        firmware_version=to_version(device.get("fwVersion")),
        uptime=to_int(device.get("uptime")),
        statuses=parse_statuses(device.get("status")),
    )


def parse_identity(device: Any, wifi_mac: Any) -> StationIdentity:
    """The identity from ``GET /api/v1/device`` and ``network/wifi/macaddress``."""
    status = parse_device(device)
    if status.mac is None:
        raise AstrosResponseError("The station did not report a usable Ethernet MAC address")
    return StationIdentity(
        api_version=ApiVersion.V1,
        mac=status.mac,
        model=status.model,
        name=status.name,
        serial_number=status.serial_number,
        firmware_version=status.firmware_version,
        wifi_mac=to_mac(wifi_mac),
    )


def parse_general(
    language: Any, login_code: Any, remote_view: Any, wallpaper: Any
) -> GeneralSettings:
    """``general/language``, ``logincode``, ``remoteview`` and ``wallpaper``."""
    code = object_or_empty(login_code)
    return GeneralSettings(
        language=to_enum(Language, language),
        login_code_mode=to_enum(LoginCodeMode, code.get("type")),
        login_code=to_nonempty_str(code.get("code")),
        remote_view=to_bool(remote_view),
        wallpaper=to_int(wallpaper),
    )


def parse_display(data: Any) -> DisplaySettings:
    """``display/resolution``: ``{hdmi: {resolution, cec}, vga: {resolution, enable}}``."""
    display = as_object(data, "resolution")
    hdmi, vga = sub_object(display, "hdmi"), sub_object(display, "vga")
    return DisplaySettings(
        hdmi_resolution=to_resolution(hdmi.get("resolution")),
        hdmi_cec=to_bool(hdmi.get("cec")),
        vga_enabled=to_bool(vga.get("enable")),
        vga_resolution=to_resolution(vga.get("resolution")),
    )


def parse_power(data: Any) -> PowerSettings:
    """``power/mode``: ``{mode, timeout}``."""
    power = as_object(data, "power")
    return PowerSettings(
        mode=to_enum(PowerMode, power.get("mode")), timeout=to_int(power.get("timeout"))
    )


def parse_time(ntp: Any, zone: Any, now: Any) -> TimeSettings:
    """``time/ntp`` ``{auto, ip, port}``, ``time/zone`` and ``time`` (RFC 3339)."""
    settings = as_object(ntp, "NTP")
    return TimeSettings(
        auto_time=to_bool(settings.get("auto")),
        ntp_server=to_str(settings.get("ip")),
        ntp_port=to_int(settings.get("port")),
        time_zone=to_nonempty_str(zone),
        station_time=to_datetime(now),
    )


def parse_network(ethernet: Any, wifi: Any, ethernet_mac: Any, wifi_mac: Any) -> NetworkSettings:
    """``network/ethernet``, ``network/wifi`` and their MAC addresses."""
    eth = as_object(ethernet, "Ethernet")
    radio = as_object(wifi, "Wi-Fi")
    networking = radio.get("networking_mode", radio.get("networkMode"))
    return NetworkSettings(
        ethernet=parse_ethernet(eth, ethernet_mac),
        wifi=WifiSettings(
            mode=to_wifi_mode(radio.get("mode")),
            ssid=to_str(radio.get("ssid")),
            hide_ssid=to_bool(radio.get("hideSSID")),
            security=to_int(radio.get("security")),
            band=to_enum(WifiBand, radio.get("band")),
            networking_mode=to_enum(NetworkingMode, networking),
            gatekeeper=to_enum(Gatekeeper, radio.get("gatekeeper")),
            mac=to_mac(wifi_mac),
        ),
    )


def decode_configuration(data: Any) -> bytes:
    """The configuration file, base64 in ``data``."""
    text = to_str(data)
    if text is None:
        raise AstrosResponseError("The station sent no configuration file")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise AstrosResponseError("The configuration file is not valid base64") from None


# ---------------------------------------------------------------- client
