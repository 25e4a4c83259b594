"""Protocol constants and the validation tables of both API generations."""

from __future__ import annotations

import re
from typing import Final

from .models import Resolution

V1_BASE_PATH: Final = "/api/v1/device"
V2_BASE_PATH: Final = "/api/v2/station"

#: Where the API key travels by default (README decision 1); see KEY_HEADER_READINGS.
API_KEY_HEADER: Final = "X-API-Key"

#: The ways a station may expect the key, tried in this order until one is accepted.
KEY_HEADER_READINGS: Final[tuple[str, ...]] = ("x-api-key", "basic", "bearer", "bare")

DEFAULT_USERNAME: Final = "admin"
DEFAULT_REQUEST_TIMEOUT: Final = 10.0
#: At least every endpoint of a full read (v1 15, v2 13): a full read is one round trip.
DEFAULT_MAX_IN_FLIGHT: Final = 16

#: Largest answer read from a station; only the configuration download may be larger.
MAX_RESPONSE_BYTES: Final = 1024 * 1024
MAX_CONFIGURATION_BYTES: Final = 16 * 1024 * 1024

#: An endpoint the station answered as unknown is asked again after this long.
UNSUPPORTED_RETRY_SECONDS: Final = 24 * 3600.0
#: HTTP statuses (and equal errorCodes) that mean "this station has no such endpoint".
UNSUPPORTED_CODES: Final = frozenset({404, 405, 501})

# errorCode meanings (README decision 2)
ERROR_OK: Final = 0
ERROR_GENERAL: Final = 1000
ERROR_INVALID_PARAMETER: Final = 1001
ERROR_NOT_AUTHENTICATED: Final = 1002
ERROR_WRONG_CREDENTIALS: Final = 1003
ERROR_PERMISSION_DENIED: Final = 1004
ERROR_NOT_ALLOWED: Final = 1005
ERROR_FIRMWARE: Final = 1100
ERROR_INTERNAL: Final = 1200

#: HTTP statuses (and equal errorCodes) a station may use for a key it does not accept.
HTTP_AUTH_STATUSES: Final = frozenset({401, 403})
HTTP_FORBIDDEN: Final = 403

#: Renew a v1 API key this many seconds before its documented expiry.
KEY_RENEW_MARGIN: Final = 30.0

NAME_PATTERN: Final = re.compile(r"[A-Za-z\d\-]{1,16}")
LOGIN_CODE_PATTERN: Final = re.compile(r"[0-9]{4}")
VERSION_PATTERN: Final = re.compile(r"\d{1,2}\.\d{1,2}\.\d{1,3}\.\d{1,3}")
HOSTNAME_LABEL_PATTERN: Final = re.compile(r"[A-Za-z0-9]([A-Za-z0-9\-]{0,61}[A-Za-z0-9])?")
MAC_PATTERN: Final = re.compile(r"[0-9a-f]{2}(?:[:\-]?[0-9a-f]{2}){5}", re.IGNORECASE)
HOSTNAME_MAX_LENGTH: Final = 253

WALLPAPER_SLOTS: Final = range(6)  # 0 and 1 are built in
WALLPAPER_UPLOAD_SLOTS: Final = range(2, 6)
WALLPAPER_MAX_WIDTH: Final = 3940
WALLPAPER_MAX_HEIGHT: Final = 2500
WALLPAPER_MIN_RATIO: Final = 1.5
WALLPAPER_MAX_RATIO: Final = 2.0

IMAGE_SLIDER_MIN_SECONDS: Final = 5
IMAGE_SLIDER_MAX_SECONDS: Final = 300

#: Longest reboot reason we send (the v1 document gives no limit).
REBOOT_REASON_MAX_LENGTH: Final = 64

#: The HDMI resolutions both generations can set.
SETTABLE_RESOLUTIONS: Final[tuple[Resolution, ...]] = (
    Resolution.AUTO,
    Resolution.UHD_3840X2160,
    Resolution.FHD_1920X1080,
    Resolution.HD_1280X720,
    Resolution.XGA_1024X768,
    Resolution.WUXGA_1920X1200,
)

V1_POWER_TIMEOUTS: Final = (5, 15, 30, 60, -1)
V2_POWER_TIMEOUTS: Final = (-1, 1, 5, 15, 30, 60)

#: Resolutions allowed while VGA is on; FHD is used when VGA is switched on
#: while the HDMI resolution is another one.
VGA_RESOLUTION_IDS: Final = (2, 3, 4)
VGA_FALLBACK_RESOLUTION_ID: Final = 2

#: v1 ``PUT time/zone`` list (v2 ``timeZone`` uses the same), in document order.
TIME_ZONES: Final[tuple[str, ...]] = (
    "Pacific/Midway", "Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles",
    "America/Tijuana", "America/Phoenix", "America/Chihuahua", "America/Denver",
    "America/Costa_Rica", "America/Regina", "America/Chicago", "America/Mexico_City",
    "America/Bogota", "America/New_York", "America/Caracas", "America/Barbados",
    "America/Manaus", "America/Santiago", "America/Halifax", "America/Recife",
    "America/Sao_Paulo", "America/Argentina/Buenos_Aires", "America/Montevideo",
    "America/St_Johns", "Atlantic/South_Georgia", "Atlantic/Cape_Verde", "America/Godthab",
    "Atlantic/Azores", "Africa/Casablanca", "Europe/London", "Africa/Brazzaville",
    "Europe/Amsterdam", "Europe/Belgrade", "Europe/Brussels", "Europe/Madrid",
    "Europe/Sarajevo", "Africa/Windhoek", "Africa/Cairo", "Africa/Harare", "Asia/Amman",
    "Europe/Athens", "Europe/Istanbul", "Asia/Beirut", "Europe/Helsinki", "Asia/Jerusalem",
    "Europe/Minsk", "Asia/Baghdad", "Europe/Moscow", "Asia/Kuwait", "Africa/Nairobi",
    "Asia/Baku", "Asia/Tbilisi", "Asia/Yerevan", "Asia/Dubai", "Asia/Tehran", "Asia/Kabul",
    "Asia/Karachi", "Asia/Oral", "Asia/Yekaterinburg", "Asia/Kolkata", "Asia/Colombo",
    "Asia/Kathmandu", "Asia/Almaty", "Asia/Yangon", "Asia/Krasnoyarsk", "Asia/Bangkok",
    "Asia/Jakarta", "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Irkutsk", "Asia/Kuala_Lumpur",
    "Australia/Perth", "Asia/Taipei", "Asia/Seoul", "Asia/Tokyo", "Asia/Yakutsk",
    "Australia/Adelaide", "Australia/Darwin", "Australia/Brisbane", "Australia/Hobart",
    "Australia/Sydney", "Asia/Vladivostok", "Pacific/Guam", "Asia/Magadan", "Pacific/Noumea",
    "Pacific/Majuro", "Pacific/Auckland", "Pacific/Fiji", "Pacific/Tongatapu",
)  # fmt: skip

#: The station's rule for the admin password (both documents): 1 to 16 letters or digits.
ADMIN_PASSWORD_PATTERN: Final = re.compile(r"[A-Za-z0-9]{1,16}")
ADMIN_PASSWORD_RULE: Final = "1 to 16 letters (A-Z, a-z) or digits (0-9)"  # noqa: S105
#: v2 Wi-Fi channels; the documents allow a choice only on the 5 GHz band.
WIFI_CHANNELS: Final = (36, 44, 149, 157)
NTP_PORT_MIN: Final = 1
NTP_PORT_MAX: Final = 65535
