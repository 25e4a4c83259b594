"""Diagnostics of an ASTROS station, with secrets and identifiers redacted.

Besides the state, a download holds what the client found out about the
station (``api_version``, ``negotiated``) and the last raw answer of every
endpoint (``raw_answers``): ``python -m simulator --replay`` serves such a
download as a station, so a user's report becomes a test fixture. In the raw
answers the client has already blanked keys, passwords and login codes; here
serial numbers and Wi-Fi names are redacted too, and each MAC address is
replaced by a stand-in (``02:00:00:00:00:01``, ...) used consistently, so
that a replayed station still has an identity.
"""

from __future__ import annotations

from dataclasses import asdict
import re
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .coordinator import AstrosConfigEntry

#: Keys redacted wherever they appear: credentials, keys and tokens,
#: identifiers of the hardware (MAC addresses, serial number), and the login
#: code and Wi-Fi name, which let someone near the room join the station.
TO_REDACT = {
    CONF_PASSWORD,
    CONF_USERNAME,
    "api_key",
    "token",
    "key",
    "wifi_password",
    "mac",
    "wifi_mac",
    "serial_number",
    "unique_id",
    "login_code",
    "ssid",
    "pairing_ssid",
}


#: Keys of the stations' own answers that identify a device or a network.
RAW_TO_REDACT = {"sn", "ssid", "SSID", "pairing_ssid", "serialNumber"}

_MAC = re.compile(r"[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}", re.IGNORECASE)


def _stand_in_macs(value: Any, seen: dict[str, str]) -> Any:
    """Every MAC address replaced by the same stand-in wherever it appears."""
    if isinstance(value, dict):
        return {key: _stand_in_macs(item, seen) for key, item in value.items()}
    if isinstance(value, list):
        return [_stand_in_macs(item, seen) for item in value]
    if isinstance(value, str) and _MAC.fullmatch(value):
        real = value.lower().replace("-", ":")
        return seen.setdefault(real, f"02:00:00:00:00:{len(seen) + 1:02x}")
    return value


def _plain(value: Any) -> Any:
    """Sets become sorted lists, so that the output is stable."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(str(item) for item in value)
    return value


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: AstrosConfigEntry
) -> dict[str, Any]:
    """Return what helps to understand a problem report."""
    client = entry.runtime_data.client
    raw = _stand_in_macs(async_redact_data(client.raw_answers, RAW_TO_REDACT), {})
    return {
        "api_version": str(client.api_version),
        "negotiated": dict(client.negotiated),
        "raw_answers": raw,
        **_described(entry),
    }


def _described(entry: AstrosConfigEntry) -> dict[str, Any]:
    coordinator = entry.runtime_data.coordinator
    client = entry.runtime_data.client
    return async_redact_data(
        {
            "entry": {
                "title": entry.title,
                "unique_id": entry.unique_id,
                "data": dict(entry.data),
                "options": dict(entry.options),
            },
            "client": {
                "api_version": str(client.api_version),
                "capabilities": sorted(str(c) for c in client.capabilities),
                "sections": sorted(str(s) for s in client.sections),
                "read_only": client.read_only,
            },
            "coordinator": {
                "last_update_success": coordinator.last_update_success,
                "update_interval": coordinator.update_interval.total_seconds()
                if coordinator.update_interval
                else None,
                "section_max_age": {
                    str(section): age.total_seconds()
                    for section, age in coordinator.section_max_age.items()
                },
                "install_running": coordinator.install_progress is not None,
                "offline_expected": coordinator.offline_expected(),
            },
            "maintenance": {
                "latest_firmware": entry.runtime_data.maintenance.data.latest_firmware,
                "factory_password": entry.runtime_data.maintenance.data.factory_password,
            },
            "identity": _plain(asdict(coordinator.identity)),
            "state": _plain(asdict(coordinator.data)),
        },
        TO_REDACT,
    )
