"""Number settings of an ASTROS station: the image slider interval (v2)."""

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

from . import AstrosConfigEntry
from .api import AstrosClient
from .api.models import Capability, Section, StationState
from .entity import AstrosEntity

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class AstrosNumberEntityDescription(NumberEntityDescription):
    """A station setting that is a number."""

    value_fn: Callable[[StationState], int | None]
    set_fn: Callable[[AstrosClient, int], Awaitable[frozenset[Section]]]
    capability: Capability | None = None
    exists_fn: Callable[[AstrosClient, StationState], bool] = lambda _client, _state: True


NUMBERS: tuple[AstrosNumberEntityDescription, ...] = (
    AstrosNumberEntityDescription(
        key="image_slider_interval",
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
        exists_fn=lambda _client, state: (
            state.general is not None and state.general.image_slider_interval is not None
        ),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AstrosConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the number settings the station supports."""
    coordinator = entry.runtime_data.coordinator
    client = entry.runtime_data.client
    async_add_entities(
        AstrosNumber(coordinator, description)
        for description in NUMBERS
        if (description.capability is None or description.capability in client.capabilities)
        and description.exists_fn(client, coordinator.data)
    )


class AstrosNumber(AstrosEntity, NumberEntity):
    """A number read from and written to the station."""

    entity_description: AstrosNumberEntityDescription

    @property
    def native_value(self) -> int | None:
        """The current value."""
        value: int | None = self._value(self.entity_description.value_fn)
        return value

    async def async_set_native_value(self, value: float) -> None:
        """Write a new value (Home Assistant checked the range already)."""
        client = self.coordinator.client
        await self._async_write(
            lambda: self.entity_description.set_fn(client, round(value)), round(value)
        )
