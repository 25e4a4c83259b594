"""Typed models of an ASTROS station, the same for both API generations.

A field is ``None`` when the station's generation does not report it or the
station left it out of an answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt
from enum import IntEnum, StrEnum

__all__ = [
    "ApiVersion",
    "AppByomInfo",
    "AppByomStatus",
    "Capability",
    "DisplaySettings",
    "EthernetSettings",
    "FirmwareInfo",
    "FirmwareProgress",
    "FirmwareUpdateState",
    "Gatekeeper",
    "GeneralSettings",
    "Language",
    "LoginCodeMode",
    "NetworkSettings",
    "NetworkingMode",
    "OnScreenOption",
    "PairingSettings",
    "PowerMode",
    "PowerSettings",
    "Receiver",
    "ReceiverSettings",
    "Resolution",
    "Section",
    "StationIdentity",
    "StationState",
    "StationStatus",
    "StatusInfo",
    "TimeSettings",
    "WifiBand",
    "WifiConnection",
    "WifiMode",
    "WifiSettings",
    "WifiUpdate",
]


class ApiVersion(StrEnum):
    """REST API generation a station speaks."""

    V1 = "v1"
    V2 = "v2"


class Capability(StrEnum):
    """Features that only some stations offer."""

    DISPLAY_POWER = "display_power"  # v1: write only, the state cannot be read
    UPTIME = "uptime"
    STATUS = "status"
    SERIAL_NUMBER = "serial_number"
    RECEIVERS = "receivers"  # AirPlay, Google Cast, Miracast switches (v2)
    AUDIO_FROM_HDMI = "audio_from_hdmi"
    ON_SCREEN_OPTIONS = "on_screen_options"  # device name/IP shown, Miracast PIN, image slider
    TIME_24H = "time_24h"
    DAILY_REBOOT = "daily_reboot"
    NTP_PORT = "ntp_port"
    WIFI_CHANNEL = "wifi_channel"
    POD_PAIRING = "pod_pairing"
    APP_BYOM = "app_byom"
    REBOOT_OPTIONS = "reboot_options"  # delay and reason (v1)
    DOWNLOAD_PROGRESS = "download_progress"  # firmware download percentage (v2)
    FACTORY_PASSWORD_CHECK = "factory_password_check"  # noqa: S105  # isAdminInit (v2)


class Section(StrEnum):
    """Groups of station state fetched together; the unit of polling."""

    STATUS = "status"
    GENERAL = "general"
    RECEIVERS = "receivers"
    DISPLAY = "display"
    POWER = "power"
    TIME = "time"
    NETWORK = "network"
    FIRMWARE = "firmware"
    PAIRING = "pairing"
    APP_BYOM = "app_byom"  # v2 conference/appBYOM: a licence feature some stations lack
    WIFI_CONNECTION = "wifi_connection"  # v2 wifi/connection: only in client mode


class StationStatus(StrEnum):
    """Documented v1 states; a station may report several at once."""

    OFFLINE = "offline"
    STANDBY = "standby"
    CONNECTED = "connected"
    SHARING = "sharing"
    SLEEPING = "sleeping"
    UPDATING = "updating"


class Language(IntEnum):
    """On-screen language."""

    ENGLISH = 0
    TRADITIONAL_CHINESE = 1
    SIMPLIFIED_CHINESE = 2


class LoginCodeMode(IntEnum):
    """How the code people type to share their screen is chosen."""

    RANDOM = 0
    NONE = 1
    FIXED = 2


class Resolution(IntEnum):
    """Output resolution ids shared by both generations."""

    UNKNOWN = -1  # not connected or undefined
    AUTO = 0
    UHD_3840X2160 = 1
    FHD_1920X1080 = 2
    HD_1280X720 = 3
    XGA_1024X768 = 4
    WUXGA_1920X1200 = 5


class PowerMode(IntEnum):
    """What the station does when idle or when its power button is pressed."""

    SLEEP = 0
    SUSPEND = 1


class WifiMode(StrEnum):
    """Wi-Fi radio role."""

    OFF = "off"
    ACCESS_POINT = "access_point"
    CLIENT = "client"  # v2 only ("Other AP")


class WifiBand(IntEnum):
    """802.11 frequency band."""

    GHZ_2_4 = 0
    GHZ_5 = 1


class NetworkingMode(IntEnum):
    """How Wi-Fi clients reach the wired network."""

    NAT = 0
    BRIDGE = 1


class Gatekeeper(IntEnum):
    """What Wi-Fi clients of the station's access point may reach."""

    ALLOW_ALL = 0
    INTERNET_ONLY = 1
    BLOCK_ALL = 2


class Receiver(StrEnum):
    """Screen-sharing receivers that can be switched on and off (v2)."""

    AIRPLAY = "airplay"
    GOOGLE_CAST = "google_cast"
    MIRACAST = "miracast"


class OnScreenOption(StrEnum):
    """On-screen options that can be switched on and off (v2)."""

    DEVICE_NAME = "device_name"
    IP_ADDRESS = "ip_address"
    MIRACAST_PIN = "miracast_pin"
    IMAGE_SLIDER = "image_slider"


class AppByomStatus(IntEnum):
    """Licence state of the appBYOM conferencing feature (v2)."""

    NOT_ACTIVATED = 0
    ACTIVATED = 1
    EXPIRED = 2


class FirmwareUpdateState(StrEnum):
    """Where an over-the-air update stands."""

    IDLE = "idle"
    DOWNLOADING = "downloading"
    DOWNLOADED = "downloaded"  # v2: waiting for the install call
    INSTALLING = "installing"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class StationIdentity:
    """What identifies a station; read once at setup."""

    api_version: ApiVersion
    mac: str  # Ethernet MAC, lower case, colon separated: the unique id
    model: str | None
    name: str | None
    serial_number: str | None = None
    firmware_version: str | None = None
    wifi_mac: str | None = None


@dataclass(frozen=True, slots=True)
class StatusInfo:
    """Live device state (v1 ``GET /api/v1/device``)."""

    name: str | None = None
    model: str | None = None
    serial_number: str | None = None
    mac: str | None = None
    firmware_version: str | None = None
    #: Seconds. Left out of comparisons: it changes at every read, and what it
    #: tells (when the station started) is watched by the coordinator.
    uptime: int | None = field(default=None, compare=False)
    statuses: frozenset[StationStatus] = frozenset()


@dataclass(frozen=True, slots=True)
class GeneralSettings:
    """Name, language, login code, remote view, wallpaper and on-screen options."""

    name: str | None = None
    language: Language | None = None
    login_code_mode: LoginCodeMode | None = None
    login_code: str | None = None
    remote_view: bool | None = None
    wallpaper: int | None = None
    wallpapers: tuple[int, ...] | None = None  # occupied slots, where the station lists them
    device_name_shown: bool | None = None
    ip_shown: bool | None = None
    miracast_pin: bool | None = None
    image_slider: bool | None = None
    image_slider_interval: int | None = None  # seconds


@dataclass(frozen=True, slots=True)
class ReceiverSettings:
    """Which screen-sharing receivers accept connections (v2)."""

    airplay: bool | None = None
    google_cast: bool | None = None
    miracast: bool | None = None


@dataclass(frozen=True, slots=True)
class DisplaySettings:
    """Video outputs."""

    hdmi_resolution: Resolution | None = None
    hdmi_cec: bool | None = None
    vga_enabled: bool | None = None
    vga_resolution: Resolution | None = None
    audio_from_hdmi: bool | None = None
    supported_resolutions: tuple[Resolution, ...] | None = None


@dataclass(frozen=True, slots=True)
class PowerSettings:
    """Power saving."""

    mode: PowerMode | None = None
    timeout: int | None = None  # minutes, -1 never


@dataclass(frozen=True, slots=True)
class TimeSettings:
    """Clock, time zone, NTP and daily reboot."""

    auto_time: bool | None = None
    ntp_server: str | None = None
    ntp_port: int | None = None
    time_zone: str | None = None
    time_24h: bool | None = None
    daily_reboot: bool | None = None
    daily_reboot_time: dt.time | None = None
    station_time: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class EthernetSettings:
    """Wired network."""

    dhcp: bool | None = None
    ip: str | None = None
    mask: str | None = None
    gateway: str | None = None
    dns1: str | None = None
    dns2: str | None = None
    mac: str | None = None
    connected: bool | None = None


@dataclass(frozen=True, slots=True)
class WifiSettings:
    """Wi-Fi radio. The Wi-Fi password is deliberately not kept."""

    mode: WifiMode | None = None
    ssid: str | None = None
    hide_ssid: bool | None = None
    security: int | None = None  # 0 none, 1 WPA2-PSK
    band: WifiBand | None = None
    channel: int | None = None
    networking_mode: NetworkingMode | None = None
    gatekeeper: Gatekeeper | None = None
    mac: str | None = None


@dataclass(frozen=True, slots=True)
class NetworkSettings:
    """Wired and wireless network."""

    ethernet: EthernetSettings = field(default_factory=EthernetSettings)
    wifi: WifiSettings = field(default_factory=WifiSettings)


@dataclass(frozen=True, slots=True)
class FirmwareInfo:
    """Installed firmware and, after an online check, the newest available."""

    current: str | None = None
    latest: str | None = None  # None: not checked or nothing newer


@dataclass(frozen=True, slots=True)
class PairingSettings:
    """Pod pairing (v2). The pairing Wi-Fi password is not kept."""

    auto_projection: bool | None = None
    pairing_mode: int | None = None  # 0 this station, 1 another access point
    pairing_ssid: str | None = None


@dataclass(frozen=True, slots=True)
class AppByomInfo:
    """The appBYOM conferencing licence (v2). The licence key is not kept."""

    status: AppByomStatus | None = None
    expires: str | None = None


@dataclass(frozen=True, slots=True)
class FirmwareProgress:
    """Progress of an over-the-air update."""

    state: FirmwareUpdateState
    percent: int | None = None


@dataclass(frozen=True, slots=True)
class WifiUpdate:
    """Wi-Fi access point settings to change; ``None`` leaves a field as it is."""

    mode: WifiMode | None = None
    hide_ssid: bool | None = None
    band: WifiBand | None = None
    gatekeeper: Gatekeeper | None = None
    channel: int | None = None  # v2, 5 GHz only: one of WIFI_CHANNELS
    networking_mode: NetworkingMode | None = None


@dataclass(frozen=True, slots=True)
class WifiConnection:
    """The network a v2 station in client ("Other AP") mode is connected to."""

    connected: bool | None = None
    ssid: str | None = None
    #: ``level`` as a non-negative number (signal bars, as the station counts them).
    signal_level: int | None = None
    #: ``level`` when the station reports it in dBm (a negative number).
    signal_dbm: int | None = None
    frequency: int | None = None  # MHz
    speed: int | None = None  # Mbit/s
    ip: str | None = None


@dataclass(frozen=True, slots=True)
class StationState:
    """One snapshot of a station; sections not yet fetched (or unsupported) are ``None``."""

    api_version: ApiVersion
    capabilities: frozenset[Capability]
    status: StatusInfo | None = None
    general: GeneralSettings | None = None
    receivers: ReceiverSettings | None = None
    display: DisplaySettings | None = None
    power: PowerSettings | None = None
    time: TimeSettings | None = None
    network: NetworkSettings | None = None
    firmware: FirmwareInfo | None = None
    pairing: PairingSettings | None = None
    app_byom: AppByomInfo | None = None
    reboot_required: bool = False
    #: Sections whose last read failed (their data, if any, is from an earlier read).
    failed_sections: frozenset[Section] = frozenset()
    #: Sections the station answers as unknown (no such endpoint): asked again only rarely.
    unsupported_sections: frozenset[Section] = frozenset()
    wifi_connection: WifiConnection | None = None

    @property
    def name(self) -> str | None:
        """The station name, wherever this generation reports it."""
        if self.general is not None and self.general.name is not None:
            return self.general.name
        return self.status.name if self.status is not None else None

    @property
    def firmware_version(self) -> str | None:
        """The installed firmware version, from the freshest place this generation has.

        v1 reports it in the status read at every poll, fresher than the
        hourly firmware section.
        """
        if self.status is not None and self.status.firmware_version is not None:
            return self.status.firmware_version
        return self.firmware.current if self.firmware is not None else None
