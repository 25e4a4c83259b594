"""The mutable state of one simulated station (shared by both API generations)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
import random
import time
from typing import Any

FACTORY_PASSWORD = "admin"

MODEL_V1 = "ASTROS S100"
MODEL_V2 = "ASTROS S200"
FIRMWARE_V1 = "1.2.0.10"
FIRMWARE_V2 = "2.1.0.5"

#: v1 ``PUT time/zone`` allowed values (from the vendor document, spaces of the
#: PDF line breaks removed). v2 ``timeZone`` uses the same list.
TIME_ZONES: tuple[str, ...] = (
    "Pacific/Midway",
    "Pacific/Honolulu",
    "America/Anchorage",
    "America/Los_Angeles",
    "America/Tijuana",
    "America/Phoenix",
    "America/Chihuahua",
    "America/Denver",
    "America/Costa_Rica",
    "America/Regina",
    "America/Chicago",
    "America/Mexico_City",
    "America/Bogota",
    "America/New_York",
    "America/Caracas",
    "America/Barbados",
    "America/Manaus",
    "America/Santiago",
    "America/Halifax",
    "America/Recife",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "America/Montevideo",
    "America/St_Johns",
    "Atlantic/South_Georgia",
    "Atlantic/Cape_Verde",
    "America/Godthab",
    "Atlantic/Azores",
    "Africa/Casablanca",
    "Europe/London",
    "Africa/Brazzaville",
    "Europe/Amsterdam",
    "Europe/Belgrade",
    "Europe/Brussels",
    "Europe/Madrid",
    "Europe/Sarajevo",
    "Africa/Windhoek",
    "Africa/Cairo",
    "Africa/Harare",
    "Asia/Amman",
    "Europe/Athens",
    "Europe/Istanbul",
    "Asia/Beirut",
    "Europe/Helsinki",
    "Asia/Jerusalem",
    "Europe/Minsk",
    "Asia/Baghdad",
    "Europe/Moscow",
    "Asia/Kuwait",
    "Africa/Nairobi",
    "Asia/Baku",
    "Asia/Tbilisi",
    "Asia/Yerevan",
    "Asia/Dubai",
    "Asia/Tehran",
    "Asia/Kabul",
    "Asia/Karachi",
    "Asia/Oral",
    "Asia/Yekaterinburg",
    "Asia/Kolkata",
    "Asia/Colombo",
    "Asia/Kathmandu",
    "Asia/Almaty",
    "Asia/Yangon",
    "Asia/Krasnoyarsk",
    "Asia/Bangkok",
    "Asia/Jakarta",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Irkutsk",
    "Asia/Kuala_Lumpur",
    "Australia/Perth",
    "Asia/Taipei",
    "Asia/Seoul",
    "Asia/Tokyo",
    "Asia/Yakutsk",
    "Australia/Adelaide",
    "Australia/Darwin",
    "Australia/Brisbane",
    "Australia/Hobart",
    "Australia/Sydney",
    "Asia/Vladivostok",
    "Pacific/Guam",
    "Asia/Magadan",
    "Pacific/Noumea",
    "Pacific/Majuro",
    "Pacific/Auckland",
    "Pacific/Fiji",
    "Pacific/Tongatapu",
)

#: Resolution ids shared by v1 and v2 (v1 document).
RESOLUTIONS: dict[int, str] = {
    0: "Auto",
    1: "3840x2160",
    2: "1920x1080",
    3: "1280x720",
    4: "1024x768",
    5: "1920x1200",
}

#: Order in which v1 ``status`` flags are reported.
STATUS_ORDER = ("offline", "standby", "connected", "sharing", "sleeping", "updating")

BUILTIN_WALLPAPERS: dict[int, tuple[str, bytes]] = {
    0: ("default-1.jpg", b""),
    1: ("default-2.jpg", b""),
}


def random_code() -> str:
    """A random 4-digit login code."""
    return f"{random.randrange(10000):04d}"


@dataclass
class EthernetState:
    """Wired network settings."""

    dhcp: bool = True
    ip: str = "192.168.10.20"
    mask: str = "255.255.255.0"
    gateway: str = "192.168.10.1"
    dns1: str = "192.168.10.1"
    dns2: str = "8.8.8.8"
    connected: bool = True


@dataclass
class WifiState:
    """Wi-Fi settings. ``mode`` is ``AP``, ``STA`` or ``OFF`` (v2 maps 0 OFF, 1 AP, 2 STA)."""

    mode: str = "AP"
    ssid: str = ""
    hide_ssid: bool = False
    security: int = 1
    password: str = "Astros2025wifi"
    band: int = 1
    channel: int = 36
    networking_mode: int = 0
    gatekeeper: int = 0
    wifi_dongle: bool = True
    #: v2 client ("Other AP") connection: ssid, security, ip ... or None.
    connection: dict[str, Any] | None = None


@dataclass
class PodState:
    """v2 pod pairing settings."""

    mode: int = 0
    ip: str = ""
    ssid: str = ""
    security: int = 0
    password: str = ""
    auto_projection: bool = False


@dataclass
class AppByomState:
    """v2 ``conference/appBYOM`` activation."""

    key: str = ""
    status: int = 0
    expired_date: str = ""


@dataclass
class StationState:
    """Everything a station knows. Tests read and may set these attributes directly."""

    # identity (kept across a factory reset)
    index: int = 0
    api: str = "v1"
    serial: str = "AST00000000"
    eth_mac: str = "02:a5:70:00:00:00"
    wifi_mac: str = "02:a5:71:00:00:00"
    model: str = MODEL_V1
    firmware_version: str = FIRMWARE_V1
    #: version offered by the (simulated) vendor OTA server; None = nothing offered
    available_firmware: str | None = None
    #: False: the vendor server cannot be reached (``hasNew`` checks and OTA answer 1100)
    vendor_reachable: bool = True
    boot_time: float = field(default_factory=time.monotonic)
    reboot_count: int = 0
    last_reboot_reason: str = ""
    factory_name: str = "ASTROS-1"

    # settings
    name: str = "ASTROS-1"
    status: set[str] = field(default_factory=lambda: {"standby"})
    display_on: bool = True
    language: int = 0
    login_code_type: int = 0
    login_code: str = field(default_factory=random_code)
    remote_view: bool = True
    #: Scope of the v1 API keys the station issues: ``full`` or ``view_only`` (reads only).
    key_scope: str = "full"
    wallpaper: int = 0
    wallpapers: dict[int, tuple[str, bytes]] = field(
        default_factory=lambda: dict(BUILTIN_WALLPAPERS)
    )
    hdmi_resolution: int = 0
    hdmi_cec: bool = True
    vga_resolution: int = -1
    vga_enabled: bool = False
    audio_from_hdmi: bool = True
    time_zone: str = "Asia/Taipei"
    auto_time: bool = True
    ntp_server: str = "pool.ntp.org"
    ntp_port: int = 123
    ntp_timeout: int = 30
    #: seconds added to the host clock (set by v1 ``PUT time`` / v2 ``curTimeMillis``)
    clock_offset: float = 0.0
    show_time_24h: bool = True
    daily_reboot: bool = False
    daily_reboot_time: str = "03:00"
    power_mode: int = 0
    power_timeout: int = 30
    ethernet: EthernetState = field(default_factory=EthernetState)
    wifi: WifiState = field(default_factory=WifiState)
    allow_airplay: bool = True
    allow_google_cast: bool = True
    allow_miracast: bool = True
    device_name_shown: bool = True
    ip_shown: bool = True
    miracast_pin: bool = False
    image_slider: bool = False
    image_slider_interval: int = 10
    pod: PodState = field(default_factory=PodState)
    app_byom: AppByomState = field(default_factory=AppByomState)
    ams_name: str = ""
    reboot_required: bool = False
    password: str = FACTORY_PASSWORD
    moderation_password: str = FACTORY_PASSWORD
    log_switch: bool = False
    log_status: int = 0
    log_path: str = ""

    # firmware update bookkeeping
    #: v2 OTA download: 0 idle, 1 downloading, 2 complete, -1 failed
    ota_status: int = 0
    ota_progress: int = 0
    #: version being / having been downloaded
    ota_version: str | None = None
    #: bytes of a firmware file uploaded (v2 ``upload?type=OTA``)
    uploaded_firmware: bytes | None = None
    #: version that the next reboot installs (set by an update)
    pending_firmware: str | None = None

    # configuration import / export
    last_config_export: str = ""
    last_config_import: dict[str, Any] | None = None

    @property
    def uptime(self) -> int:
        """Seconds since the last boot."""
        return int(time.monotonic() - self.boot_time)

    @property
    def is_admin_init(self) -> bool:
        """v2 ``isAdminInit``: the admin password is still the factory default."""
        return self.password == FACTORY_PASSWORD

    @property
    def is_moderation_init(self) -> bool:
        """v2 ``isModerationInit``."""
        return self.moderation_password == FACTORY_PASSWORD

    def status_text(self) -> str:
        """v1 ``status``: the flags, comma separated, in documented order."""
        flags = [s for s in STATUS_ORDER if s in self.status]
        flags += sorted(self.status - set(STATUS_ORDER))
        return ",".join(flags)

    def factory_reset(self) -> None:
        """Settings back to factory values; identity and firmware are kept."""
        keep = {
            "index",
            "api",
            "serial",
            "eth_mac",
            "wifi_mac",
            "model",
            "firmware_version",
            "available_firmware",
            "vendor_reachable",
            "boot_time",
            "reboot_count",
            "last_reboot_reason",
            "factory_name",
            "status",
            "reboot_required",
            "pending_firmware",
        }
        fresh = StationState(name=self.factory_name)
        fresh.wifi.ssid = self.factory_name
        for f in fields(self):
            if f.name not in keep:
                setattr(self, f.name, getattr(fresh, f.name))


def new_state(*, index: int, number: int, api: str, name: str, password: str) -> StationState:
    """The factory state of station ``index`` (``number`` is unique in the process)."""
    hi, mid, lo = (number >> 16) & 0xFF, (number >> 8) & 0xFF, number & 0xFF
    state = StationState(
        index=index,
        api=api,
        serial=f"AST{number:08d}",
        eth_mac=f"02:a5:70:{hi:02x}:{mid:02x}:{lo:02x}",
        wifi_mac=f"02:a5:71:{hi:02x}:{mid:02x}:{lo:02x}",
        model=MODEL_V1 if api == "v1" else MODEL_V2,
        firmware_version=FIRMWARE_V1 if api == "v1" else FIRMWARE_V2,
        factory_name=name,
        name=name,
        password=password,
        moderation_password=password,
    )
    state.wifi.ssid = name
    return state
