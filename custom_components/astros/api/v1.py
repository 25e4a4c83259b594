"""Generation 1 stations: ``/api/v1/device``, every parameter in the query."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from .base import BaseClient, KeyGrant, SectionReader
from .const import (
    LOGIN_CODE_PATTERN,
    MAX_CONFIGURATION_BYTES,
    SETTABLE_RESOLUTIONS,
    V1_BASE_PATH,
    V1_POWER_TIMEOUTS,
    VGA_FALLBACK_RESOLUTION_ID,
    VGA_RESOLUTION_IDS,
)
from .exceptions import (
    AstrosConnectionError,
    AstrosRequestError,
    AstrosResponseError,
)
from .models import (
    ApiVersion,
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
    PowerMode,
    PowerSettings,
    Resolution,
    Section,
    StationIdentity,
    StationStatus,
    StatusInfo,
    TimeSettings,
    WifiBand,
    WifiMode,
    WifiSettings,
    WifiUpdate,
)
from .parse import (
    as_object,
    object_or_empty,
    parse_firmware,
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
from .transport import UploadFile
from .validate import (
    validate_admin_password,
    validate_choice,
    validate_configuration,
    validate_login_code,
    validate_name,
    validate_ntp_port,
    validate_ntp_server,
    validate_power,
    validate_reboot_options,
    validate_resolution,
    validate_time_zone,
    validate_wallpaper_image,
    validate_wallpaper_slot,
    validate_wifi_update,
)

_WIFI_MODE_VALUES = {WifiMode.ACCESS_POINT: "AP", WifiMode.OFF: "OFF"}
_CONFIG_FILE_NAME = "astros.config"

# ---------------------------------------------------------------- parsers (pure)


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
    setting = sub_object(eth, "setting") or eth
    radio = as_object(wifi, "Wi-Fi")
    networking = radio.get("networking_mode", radio.get("networkMode"))
    return NetworkSettings(
        ethernet=EthernetSettings(
            dhcp=to_bool(eth.get("enableDHCP")),
            ip=to_str(setting.get("ip")),
            mask=to_str(setting.get("mask")),
            gateway=to_str(setting.get("gateway")),
            dns1=to_str(setting.get("dns1")),
            dns2=to_str(setting.get("dns2")),
            mac=to_mac(ethernet_mac),
            connected=to_bool(eth.get("connected")),
        ),
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


@dataclass(slots=True)
class _RunningUpdate:
    """What the station looked like when this client started an update."""

    firmware_version: str | None
    uptime: int | None
    rebooted: bool = False  # it was unreachable since

    def finished(self, now: StatusInfo) -> bool:
        """Whether the station has come back from the update's reboot."""
        if self.rebooted or now.firmware_version != self.firmware_version:
            return True
        if now.uptime is None or self.uptime is None:
            return True  # cannot tell: do not report an update forever
        return now.uptime < self.uptime


class AstrosV1Client(BaseClient):
    """A generation 1 station."""

    api_version: ClassVar[ApiVersion] = ApiVersion.V1
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {
            Capability.DISPLAY_POWER,
            Capability.UPTIME,
            Capability.STATUS,
            Capability.SERIAL_NUMBER,
            Capability.NTP_PORT,
            Capability.REBOOT_OPTIONS,
        }
    )
    sections: ClassVar[frozenset[Section]] = frozenset(
        {
            Section.STATUS,
            Section.GENERAL,
            Section.DISPLAY,
            Section.POWER,
            Section.TIME,
            Section.NETWORK,
            Section.FIRMWARE,
        }
    )
    power_timeouts: ClassVar[tuple[int, ...]] = V1_POWER_TIMEOUTS
    resolutions: ClassVar[tuple[Resolution, ...]] = SETTABLE_RESOLUTIONS
    base_path: ClassVar[str] = V1_BASE_PATH
    core_section: ClassVar[Section] = Section.STATUS
    key_probe_paths: ClassVar[tuple[str, ...]] = ("time", "")
    unrecorded_paths: ClassVar[frozenset[str]] = frozenset({"admin/configuration"})
    readers: ClassVar[Mapping[Section, SectionReader]] = {
        Section.STATUS: SectionReader(("",), parse_device),
        Section.GENERAL: SectionReader(
            (
                "general/language",
                "general/logincode",
                "general/remoteview",
                "general/wallpaper",
            ),
            parse_general,
        ),
        Section.DISPLAY: SectionReader(("display/resolution",), parse_display),
        Section.POWER: SectionReader(("power/mode",), parse_power),
        Section.TIME: SectionReader(("time/ntp", "time/zone", "time"), parse_time),
        Section.NETWORK: SectionReader(
            (
                "network/ethernet",
                "network/wifi",
                "network/ethernet/macaddress",
                "network/wifi/macaddress",
            ),
            parse_network,
        ),
        Section.FIRMWARE: SectionReader(("admin/firmware",), parse_firmware),
    }

    _update: _RunningUpdate | None = None  # an update this client started

    async def _request_key(self) -> KeyGrant:
        if ":" in self.username:  # HTTP Basic cannot carry it
            raise self._auth_refused()
        # Built by hand: aiohttp's BasicAuth helper is deprecated from aiohttp 3.12 on.
        credentials = base64.b64encode(
            f"{self.username}:{self.settings.password}".encode()
        ).decode()
        envelope = await self._transport.request(
            "PUT",
            "admin/apikey",
            query={"username": self.username},
            headers={"Authorization": f"Basic {credentials}"},
        )
        return parse_api_key(self._login_checked(envelope).data)

    async def _station_clock(self, key: str) -> float | None:
        now = to_datetime(await self._read_with_key(key, "time"))
        return None if now is None or now.tzinfo is None else now.timestamp()

    async def async_get_identity(self) -> StationIdentity:
        """The Ethernet MAC, serial number, model, name and firmware."""
        answers = await self._gather("", "network/wifi/macaddress")
        return parse_identity(answers[""], answers["network/wifi/macaddress"])

    # ------------------------------------------------------------ firmware

    async def async_check_firmware(self) -> FirmwareInfo:
        """Ask the vendor server (through the station) for newer firmware."""
        return parse_firmware(await self._get("admin/firmware", {"hasNew": True}))

    async def async_start_firmware_update(self) -> None:
        """Start the OTA update: the station downloads, installs and reboots by itself."""
        before = parse_device(await self._get(""))
        await self._call("POST", "admin/firmware")
        self._update = _RunningUpdate(before.firmware_version, before.uptime)

    async def async_firmware_progress(self) -> FirmwareProgress:
        """INSTALLING from the start of an update until the station has rebooted."""
        update = self._update
        try:
            status = parse_device(await self._get(""))
        except AstrosConnectionError:
            if update is None:
                raise
            update.rebooted = True
            return FirmwareProgress(FirmwareUpdateState.INSTALLING)
        if StationStatus.UPDATING in status.statuses:
            return FirmwareProgress(FirmwareUpdateState.INSTALLING)
        if update is not None and not update.finished(status):
            # Between "updating" and the reboot the station looks idle.
            return FirmwareProgress(FirmwareUpdateState.INSTALLING)
        self._update = None
        return FirmwareProgress(FirmwareUpdateState.IDLE)

    # ------------------------------------------------------------ writes

    async def _put(self, path: str, **query: str | int | bool | None) -> None:
        await self._call("PUT", path, query=query)

    async def async_set_name(self, name: str) -> frozenset[Section]:
        """``PUT general/name``; the name is read in STATUS."""
        await self._put("general/name", value=validate_name(name))
        return frozenset({Section.STATUS})

    async def async_set_language(self, language: Language) -> frozenset[Section]:
        """``PUT general/language``."""
        value = validate_choice(
            "language",
            language,
            tuple(Language),
            "ENGLISH, TRADITIONAL_CHINESE or SIMPLIFIED_CHINESE",
        )
        await self._put("general/language", value=int(value))
        return frozenset({Section.GENERAL})

    async def async_set_login_code(
        self, mode: LoginCodeMode, code: str | None = None
    ) -> frozenset[Section]:
        """``PUT general/logincode`` ``type`` and ``code``."""
        code = validate_login_code(mode, code)
        if code is None and mode is not LoginCodeMode.RANDOM:
            # Read-modify-write: a station that replaces the object would reset the code.
            current = to_nonempty_str(
                object_or_empty(await self._get_fresh("general/logincode")).get("code")
            )
            code = (
                current if current is not None and LOGIN_CODE_PATTERN.fullmatch(current) else None
            )
        await self._put("general/logincode", type=int(mode), code=code)
        return frozenset({Section.GENERAL})

    async def async_set_remote_view(self, enabled: bool) -> frozenset[Section]:
        """``PUT general/remoteview``."""
        await self._put("general/remoteview", value=bool(enabled))
        return frozenset({Section.GENERAL})

    async def async_set_wallpaper(self, slot: int) -> frozenset[Section]:
        """``PUT general/wallpaper/{slot}`` without a file selects it."""
        await self._put(f"general/wallpaper/{validate_wallpaper_slot(slot)}")
        return frozenset({Section.GENERAL})

    async def async_upload_wallpaper(
        self, slot: int, image: bytes, filename: str
    ) -> frozenset[Section]:
        """``PUT general/wallpaper/{slot}`` with the multipart file ``wallpaperImage``."""
        slot = validate_wallpaper_slot(slot, upload=True)
        kind = validate_wallpaper_image(image)
        upload = UploadFile(
            "wallpaperImage", filename or f"wallpaper.{kind}", bytes(image), f"image/{kind}"
        )
        await self._call("PUT", f"general/wallpaper/{slot}", files=(upload,))
        return frozenset({Section.GENERAL})

    async def async_delete_wallpaper(self, slot: int) -> frozenset[Section]:
        """``DELETE general/wallpaper/{slot}``."""
        await self._call(
            "DELETE", f"general/wallpaper/{validate_wallpaper_slot(slot, upload=True)}"
        )
        return frozenset({Section.GENERAL})

    async def async_set_resolution(self, resolution: Resolution) -> frozenset[Section]:
        """``PUT display/resolution`` ``value`` with the current ``enableVGA``."""
        value = validate_resolution(resolution, self.resolutions)
        vga = parse_display(await self._get_fresh("display/resolution")).vga_enabled
        await self._put("display/resolution", value=int(value), enableVGA=vga)
        return frozenset({Section.DISPLAY})

    async def async_set_vga(self, enabled: bool) -> frozenset[Section]:
        """``PUT display/resolution`` needs ``value``: keep the current one when VGA allows it."""
        current = parse_display(await self._get_fresh("display/resolution")).hdmi_resolution
        value = int(current) if current is not None and current >= 0 else Resolution.AUTO.value
        if enabled and value not in VGA_RESOLUTION_IDS:
            value = VGA_FALLBACK_RESOLUTION_ID
        await self._put("display/resolution", value=value, enableVGA=bool(enabled))
        return frozenset({Section.DISPLAY})

    async def async_set_power(self, mode: PowerMode, timeout_minutes: int) -> frozenset[Section]:
        """``PUT power/mode`` ``mode`` and ``timeout``."""
        validate_power(mode, timeout_minutes, self.power_timeouts)
        await self._put("power/mode", mode=int(mode), timeout=timeout_minutes)
        return frozenset({Section.POWER})

    async def async_set_time_zone(self, time_zone: str) -> frozenset[Section]:
        """``PUT time/zone``."""
        await self._put("time/zone", value=validate_time_zone(time_zone))
        return frozenset({Section.TIME})

    async def _put_ntp(self, auto: bool | None = None, ip: str | None = None) -> None:
        """``PUT time/ntp`` with every field: the current values plus the change."""
        current = as_object(await self._get_fresh("time/ntp"), "NTP")
        auto = to_bool(current.get("auto")) if auto is None else auto
        ip = to_nonempty_str(current.get("ip")) if ip is None else ip
        await self._put("time/ntp", auto=auto, ip=ip, port=to_int(current.get("port")))

    async def async_set_auto_time(self, enabled: bool) -> frozenset[Section]:
        """``PUT time/ntp`` ``auto`` (with the current ``ip`` and ``port``)."""
        await self._put_ntp(auto=bool(enabled))
        return frozenset({Section.TIME})

    async def async_set_ntp_server(self, server: str) -> frozenset[Section]:
        """``PUT time/ntp`` ``ip`` (with the current ``auto`` and ``port``)."""
        await self._put_ntp(ip=validate_ntp_server(server))
        return frozenset({Section.TIME})

    async def async_set_wifi(self, update: WifiUpdate) -> frozenset[Section]:
        """``PUT network/wifi`` with every field: the current values plus the change."""
        validate_wifi_update(update, tuple(_WIFI_MODE_VALUES))
        if update.channel is not None:
            raise self._unsupported("a Wi-Fi channel")
        current = as_object(await self._get_fresh("network/wifi"), "Wi-Fi")
        mode = update.mode
        if mode is None:
            mode = to_wifi_mode(current.get("mode"))
            if mode not in _WIFI_MODE_VALUES:
                raise AstrosResponseError("The station did not report its current Wi-Fi mode")

        def choose(new: int | bool | None, key: str, *, flag: bool = False) -> int | bool | None:
            if new is not None:
                return new if isinstance(new, bool) else int(new)
            return to_bool(current.get(key)) if flag else to_int(current.get(key))

        networking = current.get("networking_mode", current.get("networkMode"))
        await self._put(
            "network/wifi",
            mode=_WIFI_MODE_VALUES[mode],
            hideSSID=choose(update.hide_ssid, "hideSSID", flag=True),
            security=to_int(current.get("security")),
            password=to_nonempty_str(current.get("password")),
            band=choose(update.band, "band"),
            networking_mode=(
                to_int(networking)
                if update.networking_mode is None
                else int(update.networking_mode)
            ),
            gatekeeper=choose(update.gatekeeper, "gatekeeper"),
        )
        return frozenset({Section.NETWORK})

    async def async_set_display(self, on: bool) -> frozenset[Section]:
        """``POST display``; the state cannot be read back."""
        await self._call("POST", "display", query={"value": bool(on)})
        return frozenset()

    async def async_reboot(self, delay: int | None = None, reason: str | None = None) -> None:
        """``POST power/reboot`` with an optional ``delay`` (minutes) and ``reason``."""
        validate_reboot_options(delay, reason)
        await self._call("POST", "power/reboot", query={"delay": delay, "reason": reason})

    async def async_export_configuration(self) -> bytes:
        """``GET admin/configuration``: the file, base64 in ``data``."""
        envelope = await self._call("GET", "admin/configuration", max_bytes=MAX_CONFIGURATION_BYTES)
        return decode_configuration(envelope.data)

    async def async_import_configuration(self, data: bytes) -> frozenset[Section]:
        """``POST admin/configuration`` with the multipart file ``fileName``."""
        upload = UploadFile("fileName", _CONFIG_FILE_NAME, validate_configuration(data))
        await self._call("POST", "admin/configuration", files=(upload,))
        return self.sections

    async def async_set_admin_password(self, new: str) -> frozenset[Section]:
        """``PUT admin/password`` ``value``; later logins use the new password."""
        password = validate_admin_password(new)
        try:
            await self._put("admin/password", value=password)
        except AstrosRequestError as err:
            raise self._without_password(err, password) from None
        self._password_changed(password)
        return frozenset()

    async def async_set_ntp_port(self, port: int) -> frozenset[Section]:
        """``PUT time/ntp`` ``port`` (with the current ``auto`` and ``ip``)."""
        port = validate_ntp_port(port)
        current = as_object(await self._get_fresh("time/ntp"), "NTP")
        await self._put(
            "time/ntp",
            auto=to_bool(current.get("auto")),
            ip=to_nonempty_str(current.get("ip")),
            port=port,
        )
        return frozenset({Section.TIME})
