"""Generation 2 stations: ``/api/v2/station``, JSON bodies, ``username`` in the query."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
import datetime as dt
import time
from typing import Any, ClassVar

from .base import BaseClient, SectionReader
from .calls import REUSE_SECONDS
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
    AstrosRequestError,
    AstrosValidationError,
)
from .keys import KeyGrant
from .models import (
    ApiVersion,
    Capability,
    FirmwareInfo,
    FirmwareProgress,
    FirmwareUpdateState,
    Language,
    LoginCodeMode,
    OnScreenOption,
    PowerMode,
    Receiver,
    Resolution,
    Section,
    StationIdentity,
    WifiMode,
    WifiUpdate,
)
from .parse import (
    object_or_empty,
    parse_firmware,
    to_int,
    to_nonempty_str,
)
from .parse_v2 import (
    POWER_MODE_NUMBERS,
    config_export_shape,
    decode_configuration,
    list_shape,
    loads_json_or_none,
    ota_check_shape,
    parse_app_byom,
    parse_display,
    parse_download,
    parse_factory_password,
    parse_general,
    parse_identity,
    parse_login,
    parse_network,
    parse_ota_check,
    parse_pairing,
    parse_power,
    parse_receivers,
    parse_time,
    power_mode_reading,
    progress_shape,
    wallpaper_upload_name,
)
from .transport import Query, UploadFile
from .validate import (
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
#: GETs whose document lists no parameter at all (sections 13.3 and 2.1).
_NO_USERNAME_PATHS = frozenset({"remote/apikey", "conference/appBYOM"})
#: Repeats of the download start without progress after which it is taken to restart.
_STUCK_REPEATS = 3
_CONFIG_FILE_NAME = "AstrosProfile.json"


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
        first (0 for sleep, 2 for suspend), so that no station can take it for
        the other mode; a refusal (1001) means the other numbering, tried once.
        The numbering that was accepted is remembered.
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
        if await asyncio.to_thread(loads_json_or_none, data) is None:
            raise AstrosValidationError(
                "configuration file", "not JSON", "a configuration exported from a v2 station"
            )
        upload = UploadFile("fileName", _CONFIG_FILE_NAME, data, "application/json")
        await self._call("PUT", "system/config", files=(upload,))
        return self.sections
