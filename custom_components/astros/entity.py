"""Base entity of the Astrogate ASTROS integration."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from homeassistant.const import CONF_HOST, CONF_PORT, CONF_SSL
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import (
    CONNECTION_NETWORK_MAC,
    DeviceInfo,
    format_mac,
)
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .api import AstrosClient
from .api.models import Capability, Section, StationState
from .const import DOMAIN, MANUFACTURER
from .coordinator import AstrosConfigEntry, AstrosCoordinator

#: No write awaits its confirming re-read.
_NOTHING_PENDING = object()


def always(_client: AstrosClient, _state: StationState) -> bool:
    """An entity every station of its capability has."""
    return True


@dataclass(frozen=True, kw_only=True)
class AstrosEntityDescription[T]:
    """What every description of this integration says, whatever its platform.

    An entity exists when the station has its ``capability`` (if any) and
    answers its ``section``, and ``exists_fn`` says so; without ``exists_fn``,
    when ``value_fn`` finds a value in the first data read from the station.
    One that ``writes`` does not exist for a view-only account. It is
    available while its ``section`` reads.
    """

    value_fn: Callable[[StationState], T | None] = lambda _state: None
    capability: Capability | None = None
    exists_fn: Callable[[AstrosClient, StationState], bool] | None = None
    section: Section | None = None
    writes: bool = False

    def exists(self, client: AstrosClient, state: StationState) -> bool:
        """Whether the station has this entity."""
        if self.capability is not None and self.capability not in client.capabilities:
            return False
        if self.section is not None and self.section in state.unsupported_sections:
            return False
        if self.writes and client.read_only:
            return False
        if self.exists_fn is not None:
            return self.exists_fn(client, state)
        return self.value_fn(state) is not None


def supported[D: AstrosEntityDescription[Any]](
    entry: AstrosConfigEntry, descriptions: Iterable[D]
) -> list[D]:
    """The descriptions of the entities the entry's station has."""
    data = entry.runtime_data
    return [d for d in descriptions if d.exists(data.client, data.coordinator.data)]


def configuration_url(host: str, port: int | None, use_https: bool) -> str:
    """The station's own web page."""
    scheme = "https" if use_https else "http"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # IPv6 literal
    return f"{scheme}://{host}" + (f":{port}" if port else "")


_DEVICE_INFOS: WeakKeyDictionary[AstrosCoordinator, DeviceInfo] = WeakKeyDictionary()


def _station_device_info(coordinator: AstrosCoordinator, mac: str) -> DeviceInfo:
    """The station's device, as its entities register it (built once per coordinator)."""
    if (known := _DEVICE_INFOS.get(coordinator)) is not None:
        return known
    entry = coordinator.config_entry
    identity = coordinator.identity
    connections = {(CONNECTION_NETWORK_MAC, format_mac(identity.mac))}
    if identity.wifi_mac:
        connections.add((CONNECTION_NETWORK_MAC, format_mac(identity.wifi_mac)))
    data = coordinator.data
    info = DeviceInfo(
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
    _DEVICE_INFOS[coordinator] = info
    return info


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

        # One DeviceInfo for all of a station's entities (a district has thousands).
        self._attr_device_info = _station_device_info(coordinator, mac)

    @property
    def available(self) -> bool:
        """Available while the station answers and the entity's section reads."""
        section: Section | None = getattr(self.entity_description, "section", None)
        data = self.coordinator.data
        return super().available and (
            section is None
            or (section not in data.failed_sections and section not in data.unsupported_sections)
        )

    def _value[T](self, description: AstrosEntityDescription[T]) -> T | None:
        """The value a write just set, until the next data replaces it; else the polled one."""
        if self._acknowledged is not _NOTHING_PENDING:
            acknowledged: T = self._acknowledged
            return acknowledged
        return description.value_fn(self.coordinator.data)

    async def _async_write(
        self, call: Callable[[], Awaitable[frozenset[Section] | None]], value: Any
    ) -> None:
        """Write ``value``; show it as soon as the station accepts it."""

        @callback
        def _acknowledged() -> None:
            self._acknowledged = value
            self.async_write_ha_state()

        try:
            await self.coordinator.async_execute(call, _acknowledged)
        finally:
            # Shown until fresh data arrives; a read-back that failed brings none.
            if self._acknowledged is not _NOTHING_PENDING:
                self._acknowledged = _NOTHING_PENDING
                self.async_write_ha_state()

    @callback
    def _handle_coordinator_update(self) -> None:
        """Fresh data from the station supersedes an acknowledged value."""
        self._acknowledged = _NOTHING_PENDING
        super()._handle_coordinator_update()


@callback
def station_device(hass: HomeAssistant, entry: AstrosConfigEntry) -> dr.DeviceEntry | None:
    """The station's device, if it was registered."""
    # Looked up through the entry: the identifier lookup changed name in 2026.
    return next(
        (
            device
            for device in dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
            if (DOMAIN, entry.unique_id) in device.identifiers
        ),
        None,
    )


@callback
def async_update_device(coordinator: AstrosCoordinator) -> None:
    """Keep the station's device name and firmware version in step with the station."""
    registry = dr.async_get(coordinator.hass)
    if (device := station_device(coordinator.hass, coordinator.config_entry)) is None:
        return
    changes: dict[str, Any] = {}
    if (version := coordinator.data.firmware_version) and version != device.sw_version:
        changes["sw_version"] = version
    if (name := coordinator.data.name) and name != device.name:
        changes["name"] = name
    if changes:
        registry.async_update_device(device.id, **changes)
