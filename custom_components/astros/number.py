"""Number settings of an ASTROS station: image slider interval (v2), NTP port (v1)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.number import (
    NumberDeviceClass,
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.const import EntityCategory, UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import AstrosClient
from .api.const import NTP_PORT_MAX, NTP_PORT_MIN
from .api.models import Capability, Section
from .coordinator import AstrosConfigEntry
from .entity import AstrosEntity, AstrosEntityDescription, supported

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class AstrosNumberEntityDescription(NumberEntityDescription, AstrosEntityDescription[int]):
    """A station setting that is a number."""

    writes: bool = True

    set_fn: Callable[[AstrosClient, int], Awaitable[frozenset[Section]]]


NUMBERS: tuple[AstrosNumberEntityDescription, ...] = (
    AstrosNumberEntityDescription(
        key="image_slider_interval",
        section=Section.GENERAL,
        translation_key="image_slider_interval",
        entity_category=EntityCategory.CONFIG,
        device_class=NumberDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        native_min_value=5,
        native_max_value=300,
        native_step=1,
        mode=NumberMode.BOX,
        capability=Capability.ON_SCREEN_OPTIONS,
        value_fn=lambda state: state.general.image_slider_interval if state.general else None,
        set_fn=lambda client, value: client.async_set_image_slider_interval(value),
    ),
    AstrosNumberEntityDescription(
        key="ntp_port",
        section=Section.TIME,
        translation_key="ntp_port",
        entity_category=EntityCategory.CONFIG,
        native_min_value=NTP_PORT_MIN,
        native_max_value=NTP_PORT_MAX,
        native_step=1,
        mode=NumberMode.BOX,
        capability=Capability.NTP_PORT,
        value_fn=lambda state: state.time.ntp_port if state.time else None,
        set_fn=lambda client, value: client.async_set_ntp_port(value),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AstrosConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the number settings the station supports."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        AstrosNumber(coordinator, description) for description in supported(entry, NUMBERS)
    )


class AstrosNumber(AstrosEntity, NumberEntity):
    """A number read from and written to the station."""

    entity_description: AstrosNumberEntityDescription

    @property
    def native_value(self) -> int | None:
        """The current value."""
        return self._value(self.entity_description)

    async def async_set_native_value(self, value: float) -> None:
        """Write a new value (Home Assistant checked the range already)."""
        client = self.coordinator.client
        await self._async_write(
            lambda: self.entity_description.set_fn(client, round(value)), round(value)
        )
