"""Base entity of the Astrogate ASTROS integration."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from homeassistant.const import CONF_HOST, CONF_PORT, CONF_SSL
from homeassistant.core import callback
from homeassistant.helpers.device_registry import (
    CONNECTION_NETWORK_MAC,
    DeviceInfo,
    format_mac,
)
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .api.models import Section, StationState
from .const import DOMAIN, MANUFACTURER
from .coordinator import AstrosCoordinator

#: No write awaits its confirming re-read.
_NOTHING_PENDING = object()


def configuration_url(host: str, port: int | None, use_https: bool) -> str:
    """The station's own web page."""
    scheme = "https" if use_https else "http"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # IPv6 literal
    return f"{scheme}://{host}" + (f":{port}" if port else "")


class AstrosEntity(CoordinatorEntity[AstrosCoordinator]):
    """An entity of one station; its unique id is ``<mac>_<description key>``."""

    _attr_has_entity_name = True
    _acknowledged: Any = _NOTHING_PENDING

    def __init__(self, coordinator: AstrosCoordinator, description: EntityDescription) -> None:
        """Attach the entity to the station's device."""
        super().__init__(coordinator)
        self.entity_description = description
        entry = coordinator.config_entry
        identity = coordinator.identity
        mac = entry.unique_id or format_mac(identity.mac)
        self._attr_unique_id = f"{mac}_{description.key}"

        connections = {(CONNECTION_NETWORK_MAC, format_mac(identity.mac))}
        if identity.wifi_mac:
            connections.add((CONNECTION_NETWORK_MAC, format_mac(identity.wifi_mac)))
        data = coordinator.data
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, mac)},
            connections=connections,
            manufacturer=MANUFACTURER,
            model=identity.model or (data.status.model if data and data.status else None),
            name=(data.name if data else None) or identity.name or entry.title,
            sw_version=(data.firmware_version if data else None) or identity.firmware_version,
            serial_number=identity.serial_number,
            configuration_url=configuration_url(
                entry.data[CONF_HOST], entry.data.get(CONF_PORT), entry.data.get(CONF_SSL, False)
            ),
        )

    def _value(self, value_fn: Callable[[StationState], Any]) -> Any:
        """The value a write just set, until the next data replaces it; else the polled one."""
        if self._acknowledged is not _NOTHING_PENDING:
            return self._acknowledged
        return value_fn(self.coordinator.data)

    async def _async_write(
        self, call: Callable[[], Awaitable[frozenset[Section] | None]], value: Any
    ) -> None:
        """Write ``value``; show it as soon as the station accepts it."""

        @callback
        def _acknowledged() -> None:
            self._acknowledged = value
            self.async_write_ha_state()

        await self.coordinator.async_execute(call, _acknowledged)

    @callback
    def _handle_coordinator_update(self) -> None:
        """Fresh data from the station supersedes an acknowledged value."""
        self._acknowledged = _NOTHING_PENDING
        super()._handle_coordinator_update()
