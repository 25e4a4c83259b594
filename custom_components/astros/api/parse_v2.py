"""Pure parsers of the v2 API (``/api/v2/station``) answers: JSON in, models out."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
import json
import re
from typing import Any

from .exceptions import (
    AstrosNegotiationError,
    AstrosResponseError,
)
from .models import (
    ApiVersion,
    AppByomInfo,
    AppByomStatus,
    DisplaySettings,
    FirmwareProgress,
    FirmwareUpdateState,
    Gatekeeper,
    GeneralSettings,
    Language,
    LoginCodeMode,
    NetworkingMode,
    NetworkSettings,
    PairingSettings,
    PowerMode,
    PowerSettings,
    ReceiverSettings,
    Resolution,
    StationIdentity,
    TimeSettings,
    WifiBand,
    WifiConnection,
    WifiSettings,
)
from .parse import (
    as_list,
    as_object,
    decode_json_string,
    from_epoch_millis,
    object_or_empty,
    parse_ethernet,
    sub_object,
    to_bool,
    to_enum,
    to_int,
    to_mac,
    to_nonempty_str,
    to_resolution,
    to_str,
    to_time_of_day,
    to_utc_offset,
    to_version,
    to_wifi_mode,
)

_DOWNLOAD_STATES = {
    -1: FirmwareUpdateState.FAILED,
    0: FirmwareUpdateState.IDLE,
    1: FirmwareUpdateState.DOWNLOADING,
    2: FirmwareUpdateState.DOWNLOADED,
}
_UNSAFE_FILENAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
_IMAGE_EXTENSIONS = {"png": (".png",), "jpeg": (".jpg", ".jpeg")}
_FILE_NAME = re.compile(r"[\w .()-]{1,128}\.(?:json|cfg|conf|config|txt|bin|dat)", re.IGNORECASE)


def parse_login(data: Any) -> str:
    """``POST login``: ``data.token``."""
    token = to_nonempty_str(as_object(data, "login").get("token"))
    if token is None:
        raise AstrosResponseError("The station issued no token")
    return token


def parse_factory_password(data: Any) -> bool | None:
    """``GET model`` ``isAdminInit`` (the document spells it ``isAdminlInit``)."""
    model = object_or_empty(data)
    return to_bool(model.get("isAdminInit", model.get("isAdminlInit")))


def parse_identity(model: Any, ethernet: Any, firmware: Any, wifi: Any) -> StationIdentity:
    """The identity from ``model``, ``ethernet``, ``firmware`` and ``wifi``."""
    mac = to_mac(as_object(ethernet, "Ethernet").get("mac"))
    if mac is None:
        raise AstrosResponseError("The station did not report a usable Ethernet MAC address")
    about = object_or_empty(model)
    return StationIdentity(
        api_version=ApiVersion.V2,
        mac=mac,
        model=to_str(about.get("model")),
        name=to_str(about.get("devName")),
        firmware_version=to_version(object_or_empty(firmware).get("current")),
        wifi_mac=to_mac(object_or_empty(wifi).get("mac")),
    )


def unwrap_list(data: Any) -> list[Any] | None:
    """A list, or the list inside an object (``{"total": 3, "list": [...]}``)."""
    entries = as_list(data)
    if entries is None and isinstance(data := decode_json_string(data), Mapping):
        inner = [v for v in data.values() if isinstance(as_list(v), list)]
        entries = as_list(inner[0]) if len(inner) == 1 else None
    return entries


def list_shape(data: Any) -> tuple[str, str] | None:
    """Which ``list_shape`` reading a list answer has: objects, bare or wrapped."""
    entries = as_list(data)
    if entries is None:
        return ("list_shape", "wrapped") if unwrap_list(data) is not None else None
    if entries and not isinstance(decode_json_string(entries[0]), Mapping):
        return "list_shape", "bare"
    return "list_shape", "objects"


def parse_wallpaper_slots(data: Any) -> tuple[int, ...] | None:
    """``general/wallpaper/list``: the occupied slots (objects with ``id``, or bare ids)."""
    entries = unwrap_list(data)
    if entries is None:
        return None
    slots = {
        to_int(entry) if to_int(entry) is not None else to_int(object_or_empty(entry).get("id"))
        for entry in entries
    }
    return tuple(sorted(slot for slot in slots if slot is not None))


def parse_general(data: Any, wallpapers: Any) -> GeneralSettings:
    """``general`` and ``general/wallpaper/list``."""
    general = as_object(data, "general")
    interval = general.get("imageSliderinterval", general.get("imageSliderInterval"))
    return GeneralSettings(
        name=to_str(general.get("devName")),
        language=to_enum(Language, general.get("curLanguage")),
        login_code_mode=to_enum(LoginCodeMode, general.get("codeType")),
        login_code=to_nonempty_str(general.get("codeValue")),
        remote_view=to_bool(general.get("allowRemoteView")),
        wallpaper=to_int(general.get("curWallpaper")),
        wallpapers=parse_wallpaper_slots(wallpapers),
        device_name_shown=to_bool(general.get("deviceNameShow")),
        ip_shown=to_bool(general.get("ipShow")),
        miracast_pin=to_bool(general.get("miracastPinEnabled")),
        image_slider=to_bool(general.get("imageSliderEnabled")),
        image_slider_interval=to_int(interval),
    )


def parse_receivers(data: Any) -> ReceiverSettings:
    """``service``."""
    service = as_object(data, "service")
    return ReceiverSettings(
        airplay=to_bool(service.get("allowAirPlay")),
        google_cast=to_bool(service.get("allowGoogleCast")),
        miracast=to_bool(service.get("allowMiracast")),
    )


def parse_supported_resolutions(data: Any) -> tuple[Resolution, ...] | None:
    """``resolution/list``: ``[{id, name}]`` with the v1 ids, or bare names (position = id)."""
    entries = unwrap_list(data)
    if entries is None:
        return None
    found = (
        to_resolution(index)
        if isinstance(entry, str) and to_int(entry) is None
        else to_resolution(entry)
        if to_int(entry) is not None
        else to_resolution(object_or_empty(entry).get("id"))
        for index, entry in enumerate(entries)
    )
    return tuple(sorted({r for r in found if r is not None and r is not Resolution.UNKNOWN}))


def parse_display(data: Any, resolutions: Any) -> DisplaySettings:
    """``resolution`` and ``resolution/list``."""
    display = as_object(data, "resolution")
    hdmi, vga = sub_object(display, "hdmi"), sub_object(display, "vga")
    return DisplaySettings(
        hdmi_resolution=to_resolution(hdmi.get("resolution")),
        hdmi_cec=to_bool(hdmi.get("cec")),
        vga_enabled=to_bool(display.get("vgaEnable", vga.get("enable"))),
        vga_resolution=to_resolution(vga.get("resolution")),
        audio_from_hdmi=to_bool(display.get("isAudioFromHDMI")),
        supported_resolutions=parse_supported_resolutions(resolutions),
    )


#: ``power/setting`` mode numbers under each ``power_mode`` reading.
POWER_MODE_NUMBERS: dict[str, dict[PowerMode, int]] = {
    "0-1": {PowerMode.SLEEP: 0, PowerMode.SUSPEND: 1},
    "1-2": {PowerMode.SLEEP: 1, PowerMode.SUSPEND: 2},
}


def power_mode_reading(data: Any) -> tuple[str, str] | None:
    """A mode of 0 can only mean the 0-1 numbering, 2 only the 1-2 one; 1 tells nothing."""
    mode = to_int(object_or_empty(data).get("mode"))
    return (
        {0: ("power_mode", "0-1"), 2: ("power_mode", "1-2")}.get(mode) if mode is not None else None
    )


def parse_power(readings: Mapping[str, str], data: Any) -> PowerSettings:
    """``power/setting``: ``{mode, time}``, the mode read with the negotiated numbering.

    Until the numbering is settled (a 0 or a 2 seen, or the first power write),
    a 1 is read as the document's prose says: 0 sleep, 1 suspend.
    """
    power = as_object(data, "power")
    value = power.get("mode")
    mode: PowerMode | None = None
    if isinstance(value, str) and value.strip().lower() in ("sleep", "suspend"):
        mode = PowerMode[value.strip().upper()]
    elif (number := to_int(value)) is not None:
        reading = readings.get("power_mode") or ("1-2" if number == 2 else "0-1")
        numbers = POWER_MODE_NUMBERS[reading]
        mode = next((m for m, n in numbers.items() if n == number), None)
    return PowerSettings(mode=mode, timeout=to_int(power.get("time")))


def parse_time(data: Any) -> TimeSettings:
    """``time``."""
    clock = as_object(data, "time")
    return TimeSettings(
        auto_time=to_bool(clock.get("isAutoTime")),
        ntp_server=to_str(clock.get("ntpServer")),
        time_zone=to_nonempty_str(clock.get("timeZone")),
        time_24h=to_bool(clock.get("showTime24")),
        daily_reboot=to_bool(clock.get("isDailyReboot")),
        daily_reboot_time=to_time_of_day(clock.get("dailyRebootTime")),
        station_time=from_epoch_millis(clock.get("curTimeMillis"), to_utc_offset(clock.get("GMT"))),
    )


def parse_network(ethernet: Any, wifi: Any) -> NetworkSettings:
    """``ethernet`` and ``wifi``."""
    eth = as_object(ethernet, "Ethernet")
    radio = as_object(wifi, "Wi-Fi")
    return NetworkSettings(
        ethernet=parse_ethernet(eth, eth.get("mac")),
        wifi=WifiSettings(
            mode=to_wifi_mode(radio.get("mode")),
            ssid=to_str(radio.get("ssid")),
            hide_ssid=to_bool(radio.get("hideSSID")),
            security=to_int(radio.get("security")),
            band=to_enum(WifiBand, radio.get("band")),
            channel=to_int(radio.get("channel")),
            networking_mode=to_enum(
                NetworkingMode, radio.get("networkMode", radio.get("networking_mode"))
            ),
            gatekeeper=to_enum(Gatekeeper, radio.get("gatekeeper")),
            mac=to_mac(radio.get("mac")),
        ),
    )


def parse_pairing(pod: Any) -> PairingSettings:
    """``pod/pairing`` (the pairing password is not kept)."""
    pairing = as_object(pod, "pod pairing")
    return PairingSettings(
        auto_projection=to_bool(pairing.get("autoProjection")),
        pairing_mode=to_int(pairing.get("mode")),
        pairing_ssid=to_str(pairing.get("ssid")),
    )


def parse_app_byom(data: Any) -> AppByomInfo:
    """``conference/appBYOM`` (the licence key is not kept)."""
    licence = as_object(data, "appBYOM")
    return AppByomInfo(
        status=to_enum(AppByomStatus, licence.get("status")),
        expires=to_nonempty_str(licence.get("expiredDate")),
    )


def to_percent(value: Any) -> int | None:
    """A percentage from ``45``, ``"45"`` or ``"45%"``, clamped to 0..100."""
    if isinstance(value, str):
        value = value.strip().removesuffix("%").strip()
    percent = to_int(value)
    return None if percent is None else max(0, min(100, percent))


def progress_shape(data: Any) -> tuple[str, str] | None:
    """Which ``progress_shape`` reading a download answer has."""
    value = object_or_empty(data).get("process")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return "progress_shape", "int"
    return "progress_shape", "percent" if str(value).strip().endswith("%") else "string"


def parse_download(data: Any) -> FirmwareProgress:
    """``firmware/download/start``: ``{process: "0".."100", status}``."""
    download = as_object(data, "download")
    status = to_int(download.get("status"))
    state = FirmwareUpdateState.IDLE if status is None else _DOWNLOAD_STATES.get(status)
    state = state or FirmwareUpdateState.IDLE
    percent = to_percent(download.get("process"))
    if state is FirmwareUpdateState.DOWNLOADED:
        percent = 100
    elif state is not FirmwareUpdateState.DOWNLOADING:
        percent = None
    return FirmwareProgress(state, percent)


def ota_check_shape(data: Any) -> tuple[str, str] | None:
    """Which ``ota_check_shape`` reading an ``ota/check`` answer has."""
    if isinstance(decode_json_string(data), Mapping):
        return "ota_check_shape", "status"
    return ("ota_check_shape", "bool") if to_bool(data) is not None else None


def parse_ota_check(data: Any) -> FirmwareProgress:
    """``ota/check``: ``true`` when a download is ready, or a download status object."""
    if isinstance(decode_json_string(data), Mapping):
        return parse_download(data)
    ready = to_bool(data)
    return FirmwareProgress(
        FirmwareUpdateState.DOWNLOADED if ready else FirmwareUpdateState.IDLE,
        100 if ready else None,
    )


def config_export_shape(data: Any) -> tuple[str, str] | None:
    """``content`` when the file came, ``name`` when only its name did."""
    if isinstance(object_or_empty(data).get("content"), str):
        return "config_export", "content"
    return ("config_export", "name") if _FILE_NAME.fullmatch(str(data)) else None


def decode_configuration(data: Any) -> bytes:
    """``system/config``: ``{fileName, content}`` with the file base64 encoded.

    A station that answers only the file name (as the document's title says)
    offers no way to download the file: AstrosNegotiationError says so.
    """
    if isinstance(data, str) and _FILE_NAME.fullmatch(data.strip()):
        raise AstrosNegotiationError(
            "config_export",
            f"The station reports only the configuration file name ({data.strip()}) and "
            "offers no way to download the file",
        )
    content = object_or_empty(data).get("content", data)
    if not isinstance(content, str):
        raise AstrosResponseError("The station sent no configuration file")
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise AstrosResponseError("The configuration file is not valid base64") from None


def loads_json_or_none(data: bytes) -> Any:
    """The JSON object or list in ``data``, or None."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return None
    return document if isinstance(document, dict | list) else None


def wallpaper_upload_name(slot: int, filename: str, kind: str) -> str:
    """``{slot}-{file}`` with a safe file name whose extension matches the image."""
    base = _UNSAFE_FILENAME_CHARS.sub("_", filename.replace("\\", "/").rsplit("/", 1)[-1])
    base = base.strip("._") or "wallpaper"
    extensions = _IMAGE_EXTENSIONS[kind]
    if not base.lower().endswith(extensions):
        base = f"{base}{extensions[0]}"
    return f"{slot}-{base}"


# ---------------------------------------------------------------- client


def parse_wifi_connection(data: Any) -> WifiConnection:
    """``wifi/connection`` (client mode): ``ssid``, ``level``, ``freq``, ``speed``, ``ip``.

    The document lost the values of ``level``: a negative one is taken as dBm,
    any other as the station's signal level (bars). None (not in client mode,
    or not connected): nothing is connected.
    """
    connection = object_or_empty(data)
    level = to_int(connection.get("level"))
    return WifiConnection(
        connected=to_bool(connection.get("connected")),
        ssid=to_nonempty_str(connection.get("ssid")),
        signal_level=level if level is not None and level >= 0 else None,
        signal_dbm=level if level is not None and level < 0 else None,
        frequency=to_int(connection.get("freq")),
        speed=to_int(connection.get("speed")),
        ip=to_nonempty_str(connection.get("ip")),
    )
