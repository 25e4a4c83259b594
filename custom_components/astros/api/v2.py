"""Generation 2 stations: ``/api/v2/station``, JSON bodies, ``username`` in the query."""

from __future__ import annotations

import asyncio
import base64
import binascii
from collections.abc import Callable, Mapping
import datetime as dt
import json
import logging
import re
import time
from typing import Any, ClassVar

from .base import REUSE_SECONDS, BaseClient, KeyGrant, SectionReader
from .const import (
    ERROR_FIRMWARE,
    ERROR_INVALID_PARAMETER,
    MAX_CONFIGURATION_BYTES,
    SETTABLE_RESOLUTIONS,
    V2_BASE_PATH,
    V2_POWER_TIMEOUTS,
    VGA_FALLBACK_RESOLUTION_ID,
    VGA_RESOLUTION_IDS,
)
from .exceptions import (
    AstrosConnectionError,
    AstrosNegotiationError,
    AstrosPermissionError,
    AstrosRequestError,
    AstrosResponseError,
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
    TimeSettings,
    WifiBand,
    WifiConnection,
    WifiMode,
    WifiSettings,
    WifiUpdate,
)
from .parse import (
    as_list,
    as_object,
    decode_json_string,
    from_epoch_millis,
    object_or_empty,
    parse_firmware,
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
from .transport import Query, UploadFile
from .validate import (
    validate_admin_password,
    validate_choice,
    validate_configuration,
    validate_image_slider_interval,
    validate_login_code,
    validate_name,
    validate_ntp_server,
    validate_power,
    validate_reboot_options,
    validate_resolution,
    validate_time_zone,
    validate_wallpaper_image,
    validate_wallpaper_slot,
    validate_wifi_update,
)

_WIFI_MODE_IDS = {WifiMode.OFF: 0, WifiMode.ACCESS_POINT: 1, WifiMode.CLIENT: 2}
_RECEIVER_FIELDS = {
    Receiver.AIRPLAY: "allowAirPlay",
    Receiver.GOOGLE_CAST: "allowGoogleCast",
    Receiver.MIRACAST: "allowMiracast",
}
_ON_SCREEN_FIELDS = {
    OnScreenOption.DEVICE_NAME: "deviceNameShow",
    OnScreenOption.IP_ADDRESS: "ipShow",
    OnScreenOption.MIRACAST_PIN: "miracastPinEnabled",
    OnScreenOption.IMAGE_SLIDER: "imageSliderEnabled",
}
_DOWNLOAD_STATES = {
    -1: FirmwareUpdateState.FAILED,
    0: FirmwareUpdateState.IDLE,
    1: FirmwareUpdateState.DOWNLOADING,
    2: FirmwareUpdateState.DOWNLOADED,
}
#: GETs whose document lists no parameter at all (sections 13.3 and 2.1).
_NO_USERNAME_PATHS = frozenset({"remote/apikey", "conference/appBYOM"})
#: Repeats of the download start without progress after which it is taken to restart.
_STUCK_REPEATS = 3
_CONFIG_FILE_NAME = "AstrosProfile.json"
_LOGGER = logging.getLogger(__name__)
_UNSAFE_FILENAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
_IMAGE_EXTENSIONS = {"png": (".png",), "jpeg": (".jpg", ".jpeg")}
_FILE_NAME = re.compile(r"[\w .()-]{1,128}\.(?:json|cfg|conf|config|txt|bin|dat)", re.IGNORECASE)

# ---------------------------------------------------------------- parsers (pure)


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
    """``power/setting``: ``{mode, time}``, the mode read with the negotiated numbering."""
    power = as_object(data, "power")
    value = power.get("mode")
    mode: PowerMode | None = None
    if isinstance(value, str) and value.strip().lower() in ("sleep", "suspend"):
        mode = PowerMode[value.strip().upper()]
    elif (number := to_int(value)) is not None and (
        (reading := readings.get("power_mode")) is not None or number != 1
    ):
        numbers = POWER_MODE_NUMBERS[reading or ("0-1" if number == 0 else "1-2")]
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
    setting = sub_object(eth, "setting") or eth
    radio = as_object(wifi, "Wi-Fi")
    return NetworkSettings(
        ethernet=EthernetSettings(
            dhcp=to_bool(eth.get("enableDHCP")),
            ip=to_str(setting.get("ip")),
            mask=to_str(setting.get("mask")),
            gateway=to_str(setting.get("gateway")),
            dns1=to_str(setting.get("dns1")),
            dns2=to_str(setting.get("dns2")),
            mac=to_mac(eth.get("mac")),
            connected=to_bool(eth.get("connected")),
        ),
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


def _loads_or_none(data: bytes) -> Any:
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


class AstrosV2Client(BaseClient):
    """A generation 2 station."""

    api_version: ClassVar[ApiVersion] = ApiVersion.V2
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {
            Capability.RECEIVERS,
            Capability.AUDIO_FROM_HDMI,
            Capability.ON_SCREEN_OPTIONS,
            Capability.TIME_24H,
            Capability.DAILY_REBOOT,
            Capability.WIFI_CHANNEL,
            Capability.POD_PAIRING,
            Capability.APP_BYOM,
            Capability.DOWNLOAD_PROGRESS,
            Capability.FACTORY_PASSWORD_CHECK,
        }
    )
    sections: ClassVar[frozenset[Section]] = frozenset(
        {
            Section.GENERAL,
            Section.RECEIVERS,
            Section.DISPLAY,
            Section.POWER,
            Section.TIME,
            Section.NETWORK,
            Section.FIRMWARE,
            Section.PAIRING,
            Section.APP_BYOM,
            Section.WIFI_CONNECTION,
        }
    )
    power_timeouts: ClassVar[tuple[int, ...]] = V2_POWER_TIMEOUTS
    resolutions: ClassVar[tuple[Resolution, ...]] = SETTABLE_RESOLUTIONS
    base_path: ClassVar[str] = V2_BASE_PATH
    core_section: ClassVar[Section] = Section.GENERAL
    key_probe_paths: ClassVar[tuple[str, ...]] = ("remote/apikey", "time")
    key_info_path: ClassVar[str | None] = "remote/apikey"
    unrecorded_paths: ClassVar[frozenset[str]] = frozenset({"system/config"})
    observers: ClassVar[Mapping[str, Callable[[Any], tuple[str, str] | None]]] = {
        "general/wallpaper/list": list_shape,
        "resolution/list": list_shape,
        "power/setting": power_mode_reading,
        "ota/check": ota_check_shape,
        "firmware/download/start": progress_shape,
        "system/config": config_export_shape,
    }
    readers: ClassVar[Mapping[Section, SectionReader]] = {
        Section.GENERAL: SectionReader(("general", "general/wallpaper/list"), parse_general),
        Section.RECEIVERS: SectionReader(("service",), parse_receivers),
        Section.DISPLAY: SectionReader(("resolution", "resolution/list"), parse_display),
        Section.POWER: SectionReader(("power/setting",), parse_power, uses_readings=True),
        Section.TIME: SectionReader(("time",), parse_time),
        Section.NETWORK: SectionReader(("ethernet", "wifi"), parse_network),
        Section.FIRMWARE: SectionReader(("firmware",), parse_firmware),
        Section.PAIRING: SectionReader(("pod/pairing",), parse_pairing),
        Section.APP_BYOM: SectionReader(("conference/appBYOM",), parse_app_byom),
        Section.WIFI_CONNECTION: SectionReader(("wifi/connection",), parse_wifi_connection),
    }

    _download_started = False  # this client started a download that may still run
    _install_started = False  # an install reboots the station: unreachable means installing
    _last_progress: FirmwareProgress | None = None
    _stuck = 0  # repeats of the download start that showed no progress

    def _query(self, path: str, query: Query | None) -> dict[str, Any]:
        """``username`` travels on every call whose document lists it (not these two)."""
        if path in _NO_USERNAME_PATHS:
            return dict(query or {})
        return super()._query(path, query)

    async def _request_key(self) -> KeyGrant:
        envelope = await self._transport.request(
            "POST",
            "login",
            json_body={"account": self.username, "password": self.settings.password},
        )
        # The token's lifetime is read from remote/apikey after the login.
        return KeyGrant(parse_login(self._login_checked(envelope).data))

    def _parse_key_info(self, data: Any, grant: KeyGrant) -> KeyGrant:
        info = object_or_empty(data)
        expires = to_int(info.get("expiredTime"))
        return KeyGrant(
            grant.key,
            float(expires) if expires is not None and expires >= 0 else None,
            to_nonempty_str(info.get("scope")) or grant.scope,
        )

    async def _station_clock(self, key: str) -> float | None:
        millis = to_int(
            object_or_empty(await self._read_with_key(key, "time")).get("curTimeMillis")
        )
        return None if millis is None else millis / 1000

    async def _settle_readings(self, answers: Mapping[str, Any]) -> None:
        """A power mode of 1 is suspend (0-1) or sleep (1-2): ask the station once.

        PATCH mode 2: a 0-1 station refuses it (1001) and nothing changes; a 1-2
        station accepts it, and the mode it had (1, sleep) is put back at once.
        """
        power = answers.get("power/setting")
        if "power_mode" in self._negotiated or to_int(object_or_empty(power).get("mode")) != 1:
            return
        try:
            await self._patch("power/setting", {"mode": 2})
        except AstrosRequestError as err:
            if err.error_code == ERROR_INVALID_PARAMETER:
                self._negotiated["power_mode"] = "0-1"
            return  # anything else (a view-only key): the mode stays unknown for now
        except (AstrosUnsupportedError, AstrosResponseError):
            return
        await self._patch("power/setting", {"mode": 1})
        self._negotiated["power_mode"] = "1-2"

    async def _anonymous_get(self, path: str) -> Any:
        """A GET that works before login (``model``): no key, no ``username``."""
        reused = self._reused.pop(path, None)
        if reused is not None and time.monotonic() - reused[0] < REUSE_SECONDS:
            return reused[1]  # what detection read moments ago
        envelope = self._checked(await self._transport.request("GET", path), "GET", path)
        return self._recorded("GET", path, envelope).data

    async def async_get_identity(self) -> StationIdentity:
        """The Ethernet MAC, model, name, firmware and Wi-Fi MAC."""
        model = await self._anonymous_get("model")
        answers = await self._gather("ethernet", "firmware", "wifi")
        return parse_identity(model, answers["ethernet"], answers["firmware"], answers["wifi"])

    async def async_uses_factory_password(self) -> bool | None:
        """``GET model`` ``isAdminInit``: the admin password is still the default."""
        return parse_factory_password(await self._anonymous_get("model"))

    # ------------------------------------------------------------ firmware

    async def async_check_firmware(self) -> FirmwareInfo:
        """Ask the vendor server (through the station) for newer firmware."""
        return parse_firmware(await self._get("firmware", {"hasNew": True}))

    async def async_start_firmware_update(self) -> None:
        """``PUT firmware/download/start``: download; install with the install call."""
        data = (await self._call("PUT", "firmware/download/start")).data
        self._observe_progress(data)
        self._last_progress = parse_download(data)
        self._stuck = 0
        self._download_started = True

    def _observe_progress(self, data: Any) -> None:
        if (found := progress_shape(data)) is not None:
            self._negotiated[found[0]] = found[1]

    async def async_firmware_progress(self) -> FirmwareProgress:
        """Where the download (or the install) stands, without starting anything.

        ``PUT firmware/download/start`` reports progress, but a station may
        restart the download when it is repeated (``download_restart``): it is
        repeated only for a download this client started, and only once the
        station showed it continues. Otherwise ``GET ota/check`` tells.
        """
        try:
            if self._download_started and self._negotiated.get("download_restart") != "restart":
                progress = await self._repeat_download_start()
            else:
                progress = parse_ota_check(await self._get("ota/check"))
                if progress.state is FirmwareUpdateState.DOWNLOADED and self._install_started:
                    return FirmwareProgress(FirmwareUpdateState.INSTALLING)  # reboot pending
                self._install_started = False
                if self._download_started and progress.state is FirmwareUpdateState.IDLE:
                    progress = FirmwareProgress(FirmwareUpdateState.DOWNLOADING)
        except AstrosConnectionError:
            if self._install_started:
                return FirmwareProgress(FirmwareUpdateState.INSTALLING)
            raise
        except AstrosRequestError as err:
            if err.error_code != ERROR_FIRMWARE:
                raise
            # The download can no longer run (nothing newer, vendor unreachable).
            self._download_started = False
            return FirmwareProgress(FirmwareUpdateState.FAILED)
        if progress.state is not FirmwareUpdateState.DOWNLOADING:
            self._download_started = False
        return progress

    async def _repeat_download_start(self) -> FirmwareProgress:
        """Repeat the start for its progress, and learn whether that restarts the download."""
        data = (await self._call("PUT", "firmware/download/start")).data
        self._observe_progress(data)
        progress = parse_download(data)
        last, self._last_progress = self._last_progress, progress
        if self._negotiated.get("download_restart") is None and last is not None:
            now, before = progress.percent or 0, last.percent or 0
            downloading = progress.state is FirmwareUpdateState.DOWNLOADING
            if downloading and (last.state is FirmwareUpdateState.DOWNLOADED or now < before):
                self._negotiated["download_restart"] = "restart"  # it went back
            elif downloading and now > before:
                self._negotiated["download_restart"] = "continue"
            elif downloading:
                self._stuck += 1
                if self._stuck >= _STUCK_REPEATS:
                    # Never past the start: each repeat restarts it. Ask ota/check instead.
                    self._negotiated["download_restart"] = "restart"
        return progress

    async def async_install_downloaded_firmware(self) -> None:
        """``POST firmware?isManual=false`` (section 15.2): install the download and reboot.

        A station that wants ``isManual`` in the JSON body refuses the query
        with 1001: the body is tried then, and the reading kept.
        """
        known = self._negotiated.get("firmware_manual", "query")
        order = [known, *(r for r in ("query", "body") if r != known)]
        for index, reading in enumerate(order):
            try:
                if reading == "query":
                    await self._call("POST", "firmware", query={"isManual": False})
                else:
                    await self._call("POST", "firmware", json_body={"isManual": False})
            except AstrosRequestError as err:
                if err.error_code != ERROR_INVALID_PARAMETER or index + 1 == len(order):
                    raise
                continue
            self._negotiated["firmware_manual"] = reading
            break
        self._download_started = False
        self._install_started = True

    # ------------------------------------------------------------ writes

    async def _patch(self, path: str, body: Mapping[str, Any]) -> None:
        await self._call("PATCH", path, json_body=dict(body))

    async def async_set_name(self, name: str) -> frozenset[Section]:
        """PATCH ``general`` ``devName``."""
        await self._patch("general", {"devName": validate_name(name)})
        return frozenset({Section.GENERAL})

    async def async_set_language(self, language: Language) -> frozenset[Section]:
        """PATCH ``general`` ``curLanguage``."""
        value = validate_choice(
            "language",
            language,
            tuple(Language),
            "ENGLISH, TRADITIONAL_CHINESE or SIMPLIFIED_CHINESE",
        )
        await self._patch("general", {"curLanguage": int(value)})
        return frozenset({Section.GENERAL})

    async def async_set_login_code(
        self, mode: LoginCodeMode, code: str | None = None
    ) -> frozenset[Section]:
        """PATCH ``general`` ``codeType`` (and ``codeValue``)."""
        code = validate_login_code(mode, code)
        body: dict[str, Any] = {"codeType": int(mode)}
        if code is not None:
            body["codeValue"] = code
        await self._patch("general", body)
        return frozenset({Section.GENERAL})

    async def async_set_remote_view(self, enabled: bool) -> frozenset[Section]:
        """PATCH ``general`` ``allowRemoteView``."""
        await self._patch("general", {"allowRemoteView": bool(enabled)})
        return frozenset({Section.GENERAL})

    async def async_set_wallpaper(self, slot: int) -> frozenset[Section]:
        """PATCH ``general`` ``curWallpaper``."""
        await self._patch("general", {"curWallpaper": validate_wallpaper_slot(slot)})
        return frozenset({Section.GENERAL})

    async def async_upload_wallpaper(
        self, slot: int, image: bytes, filename: str
    ) -> frozenset[Section]:
        """``POST upload?type=BG&name={slot}-{file}`` with the multipart ``file``."""
        slot = validate_wallpaper_slot(slot, upload=True)
        kind = validate_wallpaper_image(image)
        name = wallpaper_upload_name(slot, filename if isinstance(filename, str) else "", kind)
        upload = UploadFile("file", name, bytes(image), f"image/{kind}")
        await self._call("POST", "upload", query={"type": "BG", "name": name}, files=(upload,))
        return frozenset({Section.GENERAL})

    async def async_delete_wallpaper(self, slot: int) -> frozenset[Section]:
        """``DELETE general/wallpaper/{slot}``."""
        slot = validate_wallpaper_slot(slot, upload=True)
        await self._call("DELETE", f"general/wallpaper/{slot}")
        return frozenset({Section.GENERAL})

    async def _put_resolution(self, **change: Any) -> None:
        """PUT ``resolution`` with every field: the current values plus ``change``."""
        display = parse_display(await self._get_fresh("resolution"), None)
        body: dict[str, Any] = {
            "enableVGA": display.vga_enabled,
            "resolution": None if display.hdmi_resolution is None else int(display.hdmi_resolution),
            "isAudioFromHDMI": display.audio_from_hdmi,
            **change,
        }
        if change.get("enableVGA") and body["resolution"] not in VGA_RESOLUTION_IDS:
            body["resolution"] = VGA_FALLBACK_RESOLUTION_ID  # VGA allows only some resolutions
        if body["resolution"] is not None and body["resolution"] < 0:
            body["resolution"] = Resolution.AUTO.value
        await self._call(
            "PUT", "resolution", json_body={k: v for k, v in body.items() if v is not None}
        )

    async def async_set_resolution(self, resolution: Resolution) -> frozenset[Section]:
        """PUT ``resolution`` ``resolution`` (with the current VGA and audio settings)."""
        value = validate_resolution(resolution, self.resolutions)
        await self._put_resolution(resolution=int(value))
        return frozenset({Section.DISPLAY})

    async def async_set_vga(self, enabled: bool) -> frozenset[Section]:
        """PUT ``resolution`` ``enableVGA``; VGA allows only some resolutions (FHD is chosen)."""
        await self._put_resolution(enableVGA=bool(enabled))
        return frozenset({Section.DISPLAY})

    async def async_set_audio_from_hdmi(self, enabled: bool) -> frozenset[Section]:
        """PUT ``resolution`` ``isAudioFromHDMI`` (with the current resolution and VGA)."""
        await self._put_resolution(isAudioFromHDMI=bool(enabled))
        return frozenset({Section.DISPLAY})

    async def async_set_power(self, mode: PowerMode, timeout_minutes: int) -> frozenset[Section]:
        """PATCH ``power/setting`` ``mode`` and ``time``, in this station's mode numbering.

        Until the numbering is known, the number only one reading allows is sent
        first (0 for sleep, 2 for suspend); a refusal (1001) means the other one.
        """
        validate_power(mode, timeout_minutes, self.power_timeouts)
        known = self._negotiated.get("power_mode")
        first = known or ("0-1" if mode is PowerMode.SLEEP else "1-2")
        order = [first, *(r for r in POWER_MODE_NUMBERS if r != first)]
        for index, reading in enumerate(order):
            number = POWER_MODE_NUMBERS[reading][mode]
            try:
                await self._patch("power/setting", {"mode": number, "time": timeout_minutes})
            except AstrosRequestError as err:
                if err.error_code != ERROR_INVALID_PARAMETER or index + 1 == len(order):
                    raise
                continue
            self._negotiated["power_mode"] = reading
            break
        return frozenset({Section.POWER})

    async def async_set_time_zone(self, time_zone: str) -> frozenset[Section]:
        """PATCH ``time`` ``timeZone``."""
        await self._patch("time", {"timeZone": validate_time_zone(time_zone)})
        return frozenset({Section.TIME})

    async def async_set_auto_time(self, enabled: bool) -> frozenset[Section]:
        """PATCH ``time`` ``isAutoTime``."""
        await self._patch("time", {"isAutoTime": bool(enabled)})
        return frozenset({Section.TIME})

    async def async_set_ntp_server(self, server: str) -> frozenset[Section]:
        """PATCH ``time`` ``ntpServer``."""
        await self._patch("time", {"ntpServer": validate_ntp_server(server)})
        return frozenset({Section.TIME})

    async def async_set_time_24h(self, enabled: bool) -> frozenset[Section]:
        """PATCH ``time`` ``showTime24``."""
        await self._patch("time", {"showTime24": bool(enabled)})
        return frozenset({Section.TIME})

    async def async_set_daily_reboot(
        self, enabled: bool | None = None, at: dt.time | None = None
    ) -> frozenset[Section]:
        """PATCH ``time`` ``isDailyReboot`` and ``dailyRebootTime`` (HH:MM)."""
        body: dict[str, Any] = {}
        if enabled is not None:
            body["isDailyReboot"] = bool(enabled)
        if at is not None:
            if not isinstance(at, dt.time):
                raise AstrosValidationError(
                    "daily reboot time", at, "a time of day (hours, minutes)"
                )
            body["dailyRebootTime"] = f"{at.hour:02d}:{at.minute:02d}"
        if not body:
            return frozenset()
        await self._patch("time", body)
        return frozenset({Section.TIME})

    async def async_set_wifi(self, update: WifiUpdate) -> frozenset[Section]:
        """PATCH ``wifi`` with the fields that are set."""
        validate_wifi_update(update, tuple(_WIFI_MODE_IDS))
        body: dict[str, Any] = {}
        if update.mode is not None:
            body["mode"] = _WIFI_MODE_IDS[update.mode]
        if update.hide_ssid is not None:
            body["hideSSID"] = update.hide_ssid
        if update.band is not None:
            body["band"] = int(update.band)
        if update.gatekeeper is not None:
            body["gatekeeper"] = int(update.gatekeeper)
        if update.networking_mode is not None:
            body["networkMode"] = int(update.networking_mode)
        if update.channel is not None:
            band = update.band
            if band is None:
                band = parse_network({}, await self._get_fresh("wifi")).wifi.band
            if band is not WifiBand.GHZ_5:
                raise AstrosValidationError(
                    "Wi-Fi channel", update.channel, "a channel only with the 5 GHz band"
                )
            body["channel"] = int(update.channel)
        if not body:
            return frozenset()
        await self._patch("wifi", body)
        return frozenset({Section.NETWORK})

    async def async_set_receiver(self, receiver: Receiver, enabled: bool) -> frozenset[Section]:
        """PATCH ``service`` ``allowAirPlay``, ``allowGoogleCast`` or ``allowMiracast``."""
        validate_choice(
            "receiver", receiver, tuple(_RECEIVER_FIELDS), "AIRPLAY, GOOGLE_CAST or MIRACAST"
        )
        await self._patch("service", {_RECEIVER_FIELDS[receiver]: bool(enabled)})
        return frozenset({Section.RECEIVERS})

    async def async_set_on_screen_option(
        self, option: OnScreenOption, enabled: bool
    ) -> frozenset[Section]:
        """PATCH ``general`` with the option's switch (``deviceNameShow``, ``ipShow``...)."""
        validate_choice(
            "on-screen option",
            option,
            tuple(_ON_SCREEN_FIELDS),
            "DEVICE_NAME, IP_ADDRESS, MIRACAST_PIN or IMAGE_SLIDER",
        )
        await self._patch("general", {_ON_SCREEN_FIELDS[option]: bool(enabled)})
        return frozenset({Section.GENERAL})

    async def async_set_image_slider_interval(self, seconds: int) -> frozenset[Section]:
        """PATCH ``general`` ``imageSliderinterval`` (seconds)."""
        await self._patch(
            "general", {"imageSliderinterval": validate_image_slider_interval(seconds)}
        )
        return frozenset({Section.GENERAL})

    async def async_set_auto_projection(self, enabled: bool) -> frozenset[Section]:
        """PATCH ``pod/pairing`` ``autoProjection``."""
        await self._patch("pod/pairing", {"autoProjection": bool(enabled)})
        return frozenset({Section.PAIRING})

    async def async_reboot(self, delay: int | None = None, reason: str | None = None) -> None:
        """``POST reboot {setDhcp: false}``; v2 has no delay or reason."""
        if delay is not None or reason is not None:
            validate_reboot_options(delay, reason)
            raise self._unsupported("a reboot delay or reason")
        await self._call("POST", "reboot", json_body={"setDhcp": False})

    async def async_export_configuration(self) -> bytes:
        """``GET system/config``: ``{fileName, content}`` (base64)."""
        envelope = await self._call("GET", "system/config", max_bytes=MAX_CONFIGURATION_BYTES)
        if (found := config_export_shape(envelope.data)) is not None:
            self._negotiated[found[0]] = found[1]
        return decode_configuration(envelope.data)

    async def async_import_configuration(self, data: bytes) -> frozenset[Section]:
        """``PUT system/config`` with the multipart file ``fileName`` (a JSON document)."""
        data = validate_configuration(data)
        if await asyncio.to_thread(_loads_or_none, data) is None:
            raise AstrosValidationError(
                "configuration file", "not JSON", "a configuration exported from a v2 station"
            )
        upload = UploadFile("fileName", _CONFIG_FILE_NAME, data, "application/json")
        await self._call("PUT", "system/config", files=(upload,))
        return self.sections

    async def async_set_admin_password(self, new: str) -> frozenset[Section]:
        """``PUT admin/password`` ``{old, new}``; later logins use the new password."""
        password = validate_admin_password(new)
        try:
            await self._call(
                "PUT", "admin/password", json_body={"old": self.settings.password, "new": password}
            )
        except AstrosRequestError as err:
            raise self._without_password(err, password) from None
        self._password_changed(password)
        return frozenset()

    async def async_cancel_firmware_download(self) -> None:
        """``PUT firmware/download/stop``: stop the OTA download."""
        await self._call("PUT", "firmware/download/stop")
        self._download_started = False
        self._last_progress = None

    async def _get(self, path: str, query: Query | None = None) -> Any:
        """``wifi/connection`` answers only in client mode while connected: else None."""
        if path != "wifi/connection":
            return await super()._get(path, query)
        try:
            return await super()._get(path, query)
        except AstrosPermissionError:
            raise
        except AstrosRequestError as err:
            _LOGGER.debug("%s reports no Wi-Fi client connection: %s", self.host, err)
            return None
