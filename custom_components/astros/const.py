"""Constants of the Astrogate ASTROS integration."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Final

from homeassistant.const import Platform

from .api.models import ApiVersion, Section

DOMAIN: Final = "astros"
LOGGER = logging.getLogger(__package__)

MANUFACTURER: Final = "Astrogate"

CONF_API_VERSION: Final = "api_version"
#: How the station reads the points its documents leave open (found by the client).
CONF_NEGOTIATED: Final = "negotiated"
#: SHA-256 of the station's certificate, pinned on first use.
CONF_CERTIFICATE_FINGERPRINT: Final = "certificate_fingerprint"
#: How HTTPS certificates are checked (a config flow field, stored as the two keys above).
CONF_CERTIFICATE: Final = "certificate"
CERTIFICATE_VERIFY: Final = "verify"
CERTIFICATE_PIN: Final = "pin"
CERTIFICATE_IGNORE: Final = "ignore"

DEFAULT_USERNAME: Final = "admin"

#: Platforms set up for every station, in alphabetical order. Add a platform
#: here when its module exists.
PLATFORMS: Final[list[Platform]] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
    Platform.TEXT,
    Platform.TIME,
    Platform.UPDATE,
]

#: How often the station is polled; each tick reads only the sections due.
SCAN_INTERVAL: Final = timedelta(seconds=30)

# Polling tiers: how old a section's data may get before a tick re-reads it.
# ``EVERY_TICK`` means every ``SCAN_INTERVAL``. A section is re-read on the
# first tick at which its age reaches the limit (minus ``TIER_SLACK`` so that
# timer jitter does not push it one tick later).
EVERY_TICK: Final = timedelta(0)
TIER_SLACK: Final = timedelta(seconds=5)

POLL_TIERS: Final[dict[ApiVersion, dict[Section, timedelta]]] = {
    ApiVersion.V1: {
        Section.STATUS: EVERY_TICK,
        Section.GENERAL: timedelta(minutes=2),
        Section.DISPLAY: timedelta(minutes=2),
        Section.POWER: timedelta(minutes=2),
        Section.TIME: timedelta(minutes=10),
        Section.NETWORK: timedelta(minutes=10),
        Section.PAIRING: timedelta(minutes=10),
        Section.FIRMWARE: timedelta(hours=1),
    },
    ApiVersion.V2: {
        Section.GENERAL: EVERY_TICK,
        Section.RECEIVERS: EVERY_TICK,
        Section.DISPLAY: timedelta(minutes=2),
        Section.POWER: timedelta(minutes=2),
        Section.TIME: timedelta(minutes=10),
        Section.NETWORK: timedelta(minutes=10),
        Section.PAIRING: timedelta(minutes=10),
        Section.FIRMWARE: timedelta(hours=1),
        Section.WIFI_CONNECTION: timedelta(minutes=2),
    },
}
#: Sections a generation might add later default to this age.
DEFAULT_SECTION_MAX_AGE: Final = timedelta(minutes=10)

#: The boot time only moves when now - uptime drifts further than this.
BOOT_TIME_TOLERANCE: Final = timedelta(minutes=1)

#: The slow checks: online firmware (the station asks its vendor) and factory password.
MAINTENANCE_INTERVAL: Final = timedelta(hours=6)
#: Seconds after setup within which the first maintenance checks run (spread at random).
MAINTENANCE_FIRST_CHECK_DELAY: Final = (60.0, 600.0)
FIRMWARE_FORCED_CHECK_MIN_INTERVAL: Final = timedelta(minutes=5)

# How long a station may stay silent after Home Assistant asked it to reboot
# or to install firmware before that counts as a failure.
REBOOT_OFFLINE_SECONDS: Final = 300.0
FIRMWARE_UPDATE_OFFLINE_SECONDS: Final = 1800.0

# Actions (services.py)
SERVICE_UPLOAD_WALLPAPER: Final = "upload_wallpaper"
SERVICE_DELETE_WALLPAPER: Final = "delete_wallpaper"
SERVICE_SET_LOGIN_CODE: Final = "set_login_code"
SERVICE_REBOOT: Final = "reboot"
SERVICE_EXPORT_CONFIGURATION: Final = "export_configuration"
SERVICE_IMPORT_CONFIGURATION: Final = "import_configuration"
ATTR_CONFIG_ENTRY_ID: Final = "config_entry_id"
ATTR_SLOT: Final = "slot"
ATTR_PATH: Final = "path"
ATTR_CODE: Final = "code"
ATTR_DELAY: Final = "delay"
ATTR_REASON: Final = "reason"
ATTR_OVERWRITE: Final = "overwrite"
#: Largest files the actions read: a wallpaper, a configuration to import.
MAX_WALLPAPER_BYTES: Final = 8 * 1024 * 1024
MAX_CONFIGURATION_BYTES: Final = 4 * 1024 * 1024

# Repair issues (repairs.py); the entry id is appended to each issue id.
ISSUE_FACTORY_PASSWORD: Final = "factory_password"  # noqa: S105
ISSUE_REBOOT_REQUIRED: Final = "reboot_required"
