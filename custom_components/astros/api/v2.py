"""Generation 2 stations: ``/api/v2/station``, JSON bodies, ``username`` in the query."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
import datetime as dt
import re
from typing import Any, ClassVar

from .base import BaseClient
from .const import (
    ERROR_FIRMWARE,
    V2_BASE_PATH,
    V2_POWER_TIMEOUTS,
    VGA_FALLBACK_RESOLUTION_ID,
    VGA_RESOLUTION_IDS,
)
from .exceptions import (
    AstrosConnectionError,
    AstrosRequestError,
    AstrosResponseError,
    AstrosValidationError,
)
from .models import (
    ApiVersion,
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
    WifiMode,
    WifiSettings,
    WifiUpdate,
)
from .parse import (
    as_list,
    as_object,
    from_epoch_millis,
    object_or_empty,
    parse_firmware,
    sub_object,
    to_bool,
    to_enum,
    to_int,
    to_mac,
    to_nonempty_str,
    to_power_mode,
    to_resolution,
    to_str,
    to_time_of_day,
    to_utc_offset,
    to_version,
    to_wifi_mode,
)
from .transport import UploadFile
from .v1 import SETTABLE_RESOLUTIONS
from .validate import (
    validate_choice,
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
_CONFIG_FILE_NAME = "AstrosProfile.json"
_UNSAFE_FILENAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
_IMAGE_EXTENSIONS = {"png": (".png",), "jpeg": (".jpg", ".jpeg")}

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


def parse_wallpaper_slots(data: Any) -> tuple[int, ...] | None:
    """``general/wallpaper/list``: the occupied slots."""
    entries = as_list(data)
    if entries is None:
        return None
    slots = {to_int(object_or_empty(entry).get("id")) for entry in entries}
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
    """``resolution/list``: ``[{id, name}]`` with the v1 ids."""
    entries = as_list(data)
    if entries is None:
        return None
    found = (to_resolution(object_or_empty(entry).get("id")) for entry in entries)
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


def parse_power(data: Any) -> PowerSettings:
    """``power/setting``: ``{mode, time}``."""
    power = as_object(data, "power")
    return PowerSettings(mode=to_power_mode(power.get("mode")), timeout=to_int(power.get("time")))


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


def parse_pairing(pod: Any, app_byom: Any) -> PairingSettings:
    """``pod/pairing`` and ``conference/appBYOM`` (passwords and keys are not kept)."""
    pairing = as_object(pod, "pod pairing")
    licence = object_or_empty(app_byom)
    return PairingSettings(
        auto_projection=to_bool(pairing.get("autoProjection")),
        pairing_mode=to_int(pairing.get("mode")),
        pairing_ssid=to_str(pairing.get("ssid")),
        app_byom_status=to_enum(AppByomStatus, licence.get("status")),
        app_byom_expires=to_nonempty_str(licence.get("expiredDate")),
    )


def parse_download(data: Any) -> FirmwareProgress:
    """``firmware/download/start``: ``{process: "0".."100", status}``."""
    download = as_object(data, "download")
    status = to_int(download.get("status"))
    state = FirmwareUpdateState.IDLE if status is None else _DOWNLOAD_STATES.get(status)
    state = state or FirmwareUpdateState.IDLE
    percent = to_int(download.get("process"))
    if percent is not None:
        percent = max(0, min(100, percent))
    if state is FirmwareUpdateState.DOWNLOADED:
        percent = 100
    elif state is not FirmwareUpdateState.DOWNLOADING:
        percent = None
    return FirmwareProgress(state, percent)


def decode_configuration(data: Any) -> bytes:
    """``system/config``: ``{fileName, content}`` with the file base64 encoded."""
    content = object_or_empty(data).get("content", data)
    if not isinstance(content, str):
        raise AstrosResponseError("The station sent no configuration file")
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise AstrosResponseError("The configuration file is not valid base64") from None


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
        }
    )
    power_timeouts: ClassVar[tuple[int, ...]] = V2_POWER_TIMEOUTS
    resolutions: ClassVar[tuple[Resolution, ...]] = SETTABLE_RESOLUTIONS
    base_path: ClassVar[str] = V2_BASE_PATH
    section_endpoints: ClassVar[Mapping[Section, tuple[str, ...]]] = {
        Section.GENERAL: ("general", "general/wallpaper/list"),
        Section.RECEIVERS: ("service",),
        Section.DISPLAY: ("resolution", "resolution/list"),
        Section.POWER: ("power/setting",),
        Section.TIME: ("time",),
        Section.NETWORK: ("ethernet", "wifi"),
        Section.FIRMWARE: ("firmware",),
        Section.PAIRING: ("pod/pairing", "conference/appBYOM"),
    }

    _download_started = False  # this client started a download that may still run
    _install_started = False  # an install reboots the station: unreachable means installing

    async def _request_key(self) -> tuple[str, float | None]:
        envelope = await self._transport.request(
            "POST", "login", json_body={"account": self.username, "password": self._password}
        )
        # The token's lifetime is not announced: it is renewed when refused.
        return parse_login(self._checked(envelope).data), None

    async def _anonymous_get(self, path: str) -> Any:
        """A GET that works before login (``model``): no key, no ``username``."""
        return self._checked(await self._transport.request("GET", path)).data

    def _build_section(self, section: Section, answers: Mapping[str, Any]) -> object:
        a = answers
        match section:
            case Section.GENERAL:
                return parse_general(a["general"], a["general/wallpaper/list"])
            case Section.RECEIVERS:
                return parse_receivers(a["service"])
            case Section.DISPLAY:
                return parse_display(a["resolution"], a["resolution/list"])
            case Section.POWER:
                return parse_power(a["power/setting"])
            case Section.TIME:
                return parse_time(a["time"])
            case Section.NETWORK:
                return parse_network(a["ethernet"], a["wifi"])
            case Section.PAIRING:
                return parse_pairing(a["pod/pairing"], a["conference/appBYOM"])
            case _:
                return parse_firmware(a["firmware"])

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
        await self._call("PUT", "firmware/download/start")
        self._download_started = True

    async def async_firmware_progress(self) -> FirmwareProgress:
        """Where the download (or the install) stands, without starting anything.

        ``PUT firmware/download/start`` reports progress, but it also starts a
        download when none runs: it is only repeated for a download this client
        started. Otherwise ``GET ota/check`` tells whether one is waiting.
        """
        try:
            if not self._download_started:
                downloaded = to_bool(await self._get("ota/check"))
                if downloaded and self._install_started:
                    return FirmwareProgress(FirmwareUpdateState.INSTALLING)  # reboot pending
                self._install_started = False
                return FirmwareProgress(
                    FirmwareUpdateState.DOWNLOADED if downloaded else FirmwareUpdateState.IDLE,
                    100 if downloaded else None,
                )
            data = (await self._call("PUT", "firmware/download/start")).data
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
        progress = parse_download(data)
        if progress.state is not FirmwareUpdateState.DOWNLOADING:
            self._download_started = False
        return progress

    async def async_install_downloaded_firmware(self) -> None:
        """``POST firmware {isManual: false}``: install the download and reboot."""
        await self._call("POST", "firmware", json_body={"isManual": False})
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

    async def async_set_resolution(self, resolution: Resolution) -> frozenset[Section]:
        """PUT ``resolution`` ``resolution``."""
        value = validate_resolution(resolution, self.resolutions)
        await self._call("PUT", "resolution", json_body={"resolution": int(value)})
        return frozenset({Section.DISPLAY})

    async def async_set_vga(self, enabled: bool) -> frozenset[Section]:
        """PUT ``resolution`` ``enableVGA``; VGA allows only some resolutions (FHD is chosen)."""
        body: dict[str, Any] = {"enableVGA": bool(enabled)}
        if enabled:
            display = as_object(await self._get("resolution"), "resolution")
            current = to_resolution(sub_object(display, "hdmi").get("resolution"))
            if current is None or current.value not in VGA_RESOLUTION_IDS:
                body["resolution"] = VGA_FALLBACK_RESOLUTION_ID
        await self._call("PUT", "resolution", json_body=body)
        return frozenset({Section.DISPLAY})

    async def async_set_audio_from_hdmi(self, enabled: bool) -> frozenset[Section]:
        """PUT ``resolution`` ``isAudioFromHDMI``."""
        await self._call("PUT", "resolution", json_body={"isAudioFromHDMI": bool(enabled)})
        return frozenset({Section.DISPLAY})

    async def async_set_power(self, mode: PowerMode, timeout_minutes: int) -> frozenset[Section]:
        """PATCH ``power/setting`` ``mode`` and ``time``."""
        validate_power(mode, timeout_minutes, self.power_timeouts)
        await self._patch("power/setting", {"mode": int(mode), "time": timeout_minutes})
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
        return decode_configuration(await self._get("system/config"))

    async def async_import_configuration(self, data: bytes) -> frozenset[Section]:
        """``PUT system/config`` with the multipart file ``fileName``."""
        upload = UploadFile("fileName", _CONFIG_FILE_NAME, bytes(data), "application/json")
        await self._call("PUT", "system/config", files=(upload,))
        return self.sections
