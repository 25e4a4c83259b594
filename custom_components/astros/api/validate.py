"""Checks of values before they are sent, so the person learns what is allowed."""

from __future__ import annotations

from collections.abc import Collection
import ipaddress
import struct

from .const import (
    ADMIN_PASSWORD_PATTERN,
    ADMIN_PASSWORD_RULE,
    HOSTNAME_LABEL_PATTERN,
    HOSTNAME_MAX_LENGTH,
    IMAGE_SLIDER_MAX_SECONDS,
    IMAGE_SLIDER_MIN_SECONDS,
    LOGIN_CODE_PATTERN,
    MAX_CONFIGURATION_BYTES,
    NAME_PATTERN,
    NTP_PORT_MAX,
    NTP_PORT_MIN,
    REBOOT_REASON_MAX_LENGTH,
    TIME_ZONES,
    WALLPAPER_MAX_HEIGHT,
    WALLPAPER_MAX_RATIO,
    WALLPAPER_MAX_WIDTH,
    WALLPAPER_MIN_RATIO,
    WALLPAPER_SLOTS,
    WALLPAPER_UPLOAD_SLOTS,
    WIFI_CHANNELS,
)
from .exceptions import AstrosValidationError
from .models import (
    Gatekeeper,
    LoginCodeMode,
    NetworkingMode,
    PowerMode,
    Resolution,
    WifiBand,
    WifiMode,
    WifiUpdate,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8"
# SOFn markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) are not frames.
_JPEG_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# Markers that stand alone, without a length field.
_JPEG_STANDALONE_MARKERS = frozenset({0x01, *range(0xD0, 0xD9)})
_JPEG_START_OF_SCAN = 0xDA


def validate_name(name: object) -> str:
    """A station name: 1 to 16 letters, digits or hyphens."""
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise AstrosValidationError("name", name, "1 to 16 letters (A-Z, a-z), digits or '-'")
    return name


def validate_login_code(mode: object, code: object) -> str | None:
    """The code to send: four digits, required for a fixed code."""
    if not isinstance(mode, LoginCodeMode):
        raise AstrosValidationError(
            "login code mode", mode, "one of " + ", ".join(m.name for m in LoginCodeMode)
        )
    if code is None:
        if mode is LoginCodeMode.FIXED:
            raise AstrosValidationError("login code", code, "exactly 4 digits for a fixed code")
        return None
    if not isinstance(code, str) or not LOGIN_CODE_PATTERN.fullmatch(code):
        # The refused code is not repeated: it may be one digit away from a room's code.
        raise AstrosValidationError("login code", "(hidden)", "exactly 4 digits (0-9)")
    return code


def validate_choice[T](field: str, value: T, allowed: Collection[T], sentence: str) -> T:
    """``value`` if it is one of ``allowed``."""
    if isinstance(value, bool) or value not in allowed:
        raise AstrosValidationError(field, value, sentence)
    return value


def validate_wallpaper_slot(slot: object, *, upload: bool = False) -> int:
    """0..5 to select, 2..5 to upload or delete (0 and 1 are built in)."""
    slots = WALLPAPER_UPLOAD_SLOTS if upload else WALLPAPER_SLOTS
    if isinstance(slot, bool) or not isinstance(slot, int) or slot not in slots:
        raise AstrosValidationError(
            "wallpaper slot", slot, f"a whole number from {slots[0]} to {slots[-1]}"
        )
    return slot


def validate_resolution(resolution: object, allowed: Collection[Resolution]) -> Resolution:
    """One of the settable HDMI resolutions."""
    if not isinstance(resolution, Resolution) or resolution not in allowed:
        names = ", ".join(r.name for r in allowed)
        raise AstrosValidationError("resolution", resolution, f"one of {names}")
    return resolution


def validate_power(mode: object, timeout: object, timeouts: Collection[int]) -> PowerMode:
    """A power mode and one of this generation's timeouts (minutes, -1 never)."""
    if not isinstance(mode, PowerMode):
        raise AstrosValidationError("power mode", mode, "SLEEP or SUSPEND")
    minutes = ", ".join(str(t) for t in timeouts)
    validate_choice("power timeout", timeout, timeouts, f"one of {minutes} minutes (-1 never)")
    return mode


def validate_time_zone(zone: object) -> str:
    """One of the documented time zone names."""
    if not isinstance(zone, str) or zone not in TIME_ZONES:
        raise AstrosValidationError(
            "time zone", zone, "one of the station's time zone names, like Europe/London"
        )
    return zone


def validate_ntp_server(server: object) -> str:
    """A host name or an IPv4 address."""
    allowed = "a host name (like pool.ntp.org) or an IPv4 address"
    if not isinstance(server, str) or not server or len(server) > HOSTNAME_MAX_LENGTH:
        raise AstrosValidationError("NTP server", server, allowed)
    if all(part.isdigit() for part in server.split(".")):
        try:
            ipaddress.IPv4Address(server)
        except ValueError:
            raise AstrosValidationError("NTP server", server, allowed) from None
        return server
    labels = server.removesuffix(".").split(".")
    if not all(HOSTNAME_LABEL_PATTERN.fullmatch(label) for label in labels):
        raise AstrosValidationError("NTP server", server, allowed)
    return server


def validate_image_slider_interval(seconds: object) -> int:
    """Seconds between slider images, 5..300."""
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, int)
        or not IMAGE_SLIDER_MIN_SECONDS <= seconds <= IMAGE_SLIDER_MAX_SECONDS
    ):
        raise AstrosValidationError(
            "image slider interval",
            seconds,
            f"a whole number of seconds from {IMAGE_SLIDER_MIN_SECONDS} "
            f"to {IMAGE_SLIDER_MAX_SECONDS}",
        )
    return seconds


def validate_reboot_options(delay: object, reason: object) -> None:
    """A delay of zero or more minutes and a reason of at most 64 characters."""
    if delay is not None and (isinstance(delay, bool) or not isinstance(delay, int) or delay < 0):
        raise AstrosValidationError("reboot delay", delay, "a whole number of minutes, 0 or more")
    if reason is not None and (
        not isinstance(reason, str) or len(reason) > REBOOT_REASON_MAX_LENGTH
    ):
        raise AstrosValidationError(
            "reboot reason", reason, f"a text of at most {REBOOT_REASON_MAX_LENGTH} characters"
        )


#: How much of a JPEG is searched for its frame header (SOFn).
JPEG_HEADER_LIMIT = 64 * 1024


def image_format_and_size(image: bytes) -> tuple[str, int, int] | None:
    """("png" or "jpeg", width, height) read from the file header, or None."""
    if image.startswith(PNG_SIGNATURE):
        # The first chunk must be IHDR: length, type, width, height.
        if len(image) < 24 or image[12:16] != b"IHDR":
            return None
        width, height = struct.unpack(">II", image[16:24])
        return "png", width, height
    if image.startswith(JPEG_SIGNATURE):
        size = _jpeg_size(image[:JPEG_HEADER_LIMIT])
        return None if size is None else ("jpeg", *size)
    return None


def _jpeg_size(image: bytes) -> tuple[int, int] | None:
    """Walk the JPEG segments up to the frame header (SOFn) and read its size.

    The caller passes only the first :data:`JPEG_HEADER_LIMIT` bytes: a frame
    header later than that is refused as unreadable, so a crafted file cannot
    make the walk long.
    """
    pos = 2
    while pos + 4 <= len(image):
        if image[pos] != 0xFF:
            return None
        marker = image[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in _JPEG_STANDALONE_MARKERS:
            pos += 2
            continue
        if marker == _JPEG_START_OF_SCAN:
            return None
        (length,) = struct.unpack(">H", image[pos + 2 : pos + 4])
        if marker in _JPEG_SOF_MARKERS:
            if length < 7 or pos + 9 > len(image):
                return None
            height, width = struct.unpack(">HH", image[pos + 5 : pos + 9])
            return width, height
        if length < 2:
            return None
        pos += 2 + length
    return None


def validate_wallpaper_image(image: object) -> str:
    """A PNG or JPEG of at most 3940x2500 with a width/height ratio of 1.5 to 2.0.

    Answers "png" or "jpeg".
    """
    rules = (
        f"a PNG or JPEG image of at most {WALLPAPER_MAX_WIDTH}x{WALLPAPER_MAX_HEIGHT} pixels "
        f"whose width is {WALLPAPER_MIN_RATIO} to {WALLPAPER_MAX_RATIO} times its height"
    )
    if not isinstance(image, bytes | bytearray):
        raise AstrosValidationError("wallpaper image", type(image).__name__, rules)
    info = image_format_and_size(bytes(image))
    if info is None:
        raise AstrosValidationError("wallpaper image", "not a readable PNG or JPEG", rules)
    kind, width, height = info
    size = f"{width}x{height}"
    if (
        width <= 0
        or height <= 0
        or width > WALLPAPER_MAX_WIDTH
        or height > WALLPAPER_MAX_HEIGHT
        or not WALLPAPER_MIN_RATIO <= width / height <= WALLPAPER_MAX_RATIO
    ):
        raise AstrosValidationError("wallpaper image", f"{kind} {size}", rules)
    return kind


def validate_configuration(data: object) -> bytes:
    """A configuration file to upload: some bytes, at most MAX_CONFIGURATION_BYTES."""
    allowed = f"a configuration file of at most {MAX_CONFIGURATION_BYTES // (1024 * 1024)} MiB"
    if not isinstance(data, bytes | bytearray) or not data:
        raise AstrosValidationError("configuration file", type(data).__name__, allowed)
    if len(data) > MAX_CONFIGURATION_BYTES:
        raise AstrosValidationError("configuration file", f"{len(data)} bytes", allowed)
    return bytes(data)


def validate_wifi_update(update: WifiUpdate, modes: Collection[WifiMode]) -> None:
    """The fields of a Wi-Fi update that are set; ``modes`` are this generation's."""
    if update.mode is not None:
        names = " or ".join(m.name for m in modes)
        validate_choice("Wi-Fi mode", update.mode, modes, names)
    if update.hide_ssid is not None and not isinstance(update.hide_ssid, bool):
        raise AstrosValidationError("hide SSID", update.hide_ssid, "true or false")
    if update.band is not None:
        validate_choice("Wi-Fi band", update.band, tuple(WifiBand), "GHZ_2_4 or GHZ_5")
    if update.gatekeeper is not None:
        validate_choice(
            "gatekeeper",
            update.gatekeeper,
            tuple(Gatekeeper),
            "ALLOW_ALL, INTERNET_ONLY or BLOCK_ALL",
        )
    if update.channel is not None:
        channel = update.channel
        if isinstance(channel, bool) or channel not in WIFI_CHANNELS:
            raise AstrosValidationError(
                "Wi-Fi channel", channel, ", ".join(str(c) for c in WIFI_CHANNELS) + " (5 GHz)"
            )
        if update.band is WifiBand.GHZ_2_4:
            raise AstrosValidationError(
                "Wi-Fi channel", channel, "a channel only with the 5 GHz band"
            )
    if update.networking_mode is not None:
        validate_choice(
            "networking mode", update.networking_mode, tuple(NetworkingMode), "NAT or BRIDGE"
        )


def validate_admin_password(password: str) -> str:
    """A new admin password: 1 to 16 letters or digits (never shown in the error)."""
    if not isinstance(password, str) or not ADMIN_PASSWORD_PATTERN.fullmatch(password):
        raise AstrosValidationError("admin password", "(hidden)", ADMIN_PASSWORD_RULE)
    return password


def validate_ntp_port(port: int) -> int:
    """An NTP server port, 1..65535."""
    if isinstance(port, bool) or not isinstance(port, int):
        raise AstrosValidationError("NTP port", port, f"{NTP_PORT_MIN} to {NTP_PORT_MAX}")
    if not NTP_PORT_MIN <= port <= NTP_PORT_MAX:
        raise AstrosValidationError("NTP port", port, f"{NTP_PORT_MIN} to {NTP_PORT_MAX}")
    return port
