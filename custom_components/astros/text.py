"""Text settings of an ASTROS station: its name and NTP server."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.text import TextEntity, TextEntityDescription, TextMode
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import AstrosClient
from .api.models import Section
from .coordinator import AstrosConfigEntry
from .entity import AstrosEntity, AstrosEntityDescription, always, supported

PARALLEL_UPDATES = 1

#: The station name the vendor documents accept.
NAME_PATTERN = r"^[A-Za-z0-9-]{1,16}$"
#: A host name or IPv4 address.
NTP_SERVER_PATTERN = r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$"


@dataclass(frozen=True, kw_only=True)
class AstrosTextEntityDescription(TextEntityDescription, AstrosEntityDescription[str]):
    """A station setting that is a short text."""

    set_fn: Callable[[AstrosClient, str], Awaitable[frozenset[Section]]]


TEXTS: tuple[AstrosTextEntityDescription, ...] = (
    AstrosTextEntityDescription(
        key="station_name",
        translation_key="station_name",
        entity_category=EntityCategory.CONFIG,
        mode=TextMode.TEXT,
        native_min=1,
        native_max=16,
        pattern=NAME_PATTERN,
        value_fn=lambda state: state.name,
        exists_fn=always,
        set_fn=lambda client, value: client.async_set_name(value),
    ),
    AstrosTextEntityDescription(
        key="ntp_server",
        translation_key="ntp_server",
        entity_category=EntityCategory.CONFIG,
        mode=TextMode.TEXT,
        native_min=1,
        native_max=253,
        pattern=NTP_SERVER_PATTERN,
        value_fn=lambda state: state.time.ntp_server if state.time else None,
        set_fn=lambda client, value: client.async_set_ntp_server(value),
        exists_fn=lambda _client, state: state.time is not None,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AstrosConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the text settings the station supports."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        AstrosText(coordinator, description) for description in supported(entry, TEXTS)
    )


class AstrosText(AstrosEntity, TextEntity):
    """A text setting read from and written to the station."""

    entity_description: AstrosTextEntityDescription

    @property
    def native_value(self) -> str | None:
        """The current value."""
        return self._value(self.entity_description)

    async def async_set_value(self, value: str) -> None:
        """Write a new value (Home Assistant checked length and pattern already)."""
        client = self.coordinator.client
        await self._async_write(lambda: self.entity_description.set_fn(client, value), value)
