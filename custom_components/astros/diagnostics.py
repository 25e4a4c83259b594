"""Diagnostics of an ASTROS station, with secrets and identifiers redacted."""

from __future__ import annotations

from dataclasses import asdict
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
