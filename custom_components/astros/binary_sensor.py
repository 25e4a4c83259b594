"""Binary sensors of an ASTROS station."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .compat import BinarySensorDeviceClass
from .coordinator import AstrosConfigEntry
from .entity import AstrosEntity, AstrosEntityDescription, supported

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class AstrosBinarySensorEntityDescription(
    BinarySensorEntityDescription, AstrosEntityDescription[bool]
):
    """A yes/no fact the station reports."""


BINARY_SENSORS: tuple[AstrosBinarySensorEntityDescription, ...] = (
    AstrosBinarySensorEntityDescription(
        # Not a fault: settings were changed that take effect after a reboot.
        key="reboot_required",
        translation_key="reboot_required",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda state: state.reboot_required,
    ),
    AstrosBinarySensorEntityDescription(
        key="hdmi_cec",
        translation_key="hdmi_cec",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda state: state.display.hdmi_cec if state.display else None,
    ),
    AstrosBinarySensorEntityDescription(
        key="ethernet_connected",
        translation_key="ethernet_connected",
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda state: state.network.ethernet.connected if state.network else None,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AstrosConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the binary sensors the station supports."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        AstrosBinarySensor(coordinator, description)
        for description in supported(entry, BINARY_SENSORS)
    )


class AstrosBinarySensor(AstrosEntity, BinarySensorEntity):
    """A yes/no fact read from the station."""

    entity_description: AstrosBinarySensorEntityDescription

    @property
    def is_on(self) -> bool | None:
        """The reported fact."""
        return self._value(self.entity_description)
