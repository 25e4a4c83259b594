"""Time settings of an ASTROS station: when the daily reboot happens (v2)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
import datetime as dt

from homeassistant.components.time import TimeEntity, TimeEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import AstrosClient
from .api.models import Capability, Section
from .coordinator import AstrosConfigEntry
from .entity import AstrosEntity, AstrosEntityDescription, always, supported

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class AstrosTimeEntityDescription(TimeEntityDescription, AstrosEntityDescription[dt.time]):
    """A station setting that is a time of day."""

    set_fn: Callable[[AstrosClient, dt.time], Awaitable[frozenset[Section]]]


TIMES: tuple[AstrosTimeEntityDescription, ...] = (
    AstrosTimeEntityDescription(
        key="daily_reboot_time",
        translation_key="daily_reboot_time",
        entity_category=EntityCategory.CONFIG,
        capability=Capability.DAILY_REBOOT,
        exists_fn=always,
        value_fn=lambda state: state.time.daily_reboot_time if state.time else None,
        # The station keeps hours and minutes only.
        set_fn=lambda client, value: client.async_set_daily_reboot(
            at=value.replace(second=0, microsecond=0)
        ),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AstrosConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the time settings the station supports."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        AstrosTime(coordinator, description) for description in supported(entry, TIMES)
    )


class AstrosTime(AstrosEntity, TimeEntity):
    """A time of day read from and written to the station."""

    entity_description: AstrosTimeEntityDescription

    @property
    def native_value(self) -> dt.time | None:
        """The current value."""
        return self._value(self.entity_description)

    async def async_set_value(self, value: dt.time) -> None:
        """Write a new time of day."""
        client = self.coordinator.client
        await self._async_write(lambda: self.entity_description.set_fn(client, value), value)
