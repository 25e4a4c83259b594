"""Firmware of an ASTROS station as an update entity.

The installed version comes from the station's polling, the offered one from
the slow maintenance checks; installing runs the coordinator's one install
routine (``firmware.py``), which the *Start firmware update* button shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.components.update import (
    UpdateDeviceClass,
    UpdateEntity,
    UpdateEntityDescription,
    UpdateEntityFeature,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import AstrosConfigEntry, AstrosCoordinator
from .entity import AstrosEntity, AstrosEntityDescription, always, supported
from .maintenance import AstrosMaintenanceCoordinator

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class AstrosUpdateEntityDescription(UpdateEntityDescription, AstrosEntityDescription[str]):
    """The station's firmware."""


FIRMWARE_UPDATE = AstrosUpdateEntityDescription(
    key="firmware",
    device_class=UpdateDeviceClass.FIRMWARE,
    exists_fn=always,
    value_fn=lambda state: state.firmware_version,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AstrosConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the firmware update entity."""
    data = entry.runtime_data
    async_add_entities(
        AstrosFirmwareUpdate(data.coordinator, data.maintenance, description)
        for description in supported(entry, [FIRMWARE_UPDATE])
    )


class AstrosFirmwareUpdate(AstrosEntity, UpdateEntity):
    """The station's firmware: installed, offered by the vendor, installable."""

    _attr_supported_features = UpdateEntityFeature.INSTALL | UpdateEntityFeature.PROGRESS
    _attr_release_url = None
    entity_description: AstrosUpdateEntityDescription

    def __init__(
        self,
        coordinator: AstrosCoordinator,
        maintenance: AstrosMaintenanceCoordinator,
        description: AstrosUpdateEntityDescription,
    ) -> None:
        """Follow both the station's polling and its maintenance checks."""
        super().__init__(coordinator, description)
        self.maintenance = maintenance

    async def async_added_to_hass(self) -> None:
        """Also show what the maintenance checks find."""
        await super().async_added_to_hass()
        self.async_on_remove(self.maintenance.async_add_listener(self._handle_coordinator_update))

    @property
    def installed_version(self) -> str | None:
        """The version the station runs."""
        return self._value(self.entity_description)

    @property
    def latest_version(self) -> str | None:
        """The newest version the vendor offers (the installed one until a check finds more)."""
        return self.maintenance.data.latest_firmware or self.installed_version

    @property
    def in_progress(self) -> bool:
        """Whether an install runs now."""
        return self.coordinator.install_progress is not None

    @property
    def update_percentage(self) -> int | None:
        """How far the download is, where the station says."""
        progress = self.coordinator.install_progress
        return progress.percentage if progress is not None else None

    async def async_update(self) -> None:
        """Ask the station for newer firmware now ("check for updates"), rate-limited."""
        await self.maintenance.async_check_firmware_now()

    async def async_install(self, version: str | None, backup: bool, **kwargs: Any) -> None:
        """Download and install the offered firmware, then wait for the station to return."""
        await self.coordinator.async_install_firmware()
