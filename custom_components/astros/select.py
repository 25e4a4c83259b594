"""Selects of an ASTROS station: resolution, language, wallpaper and other choices.

Options are lower-case keys translated in ``translations/*.json`` (except the
time zones, whose names are their own options).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import AstrosClient
from .api.const import WIFI_CHANNELS
from .api.models import (
    Capability,
    Gatekeeper,
    Language,
    LoginCodeMode,
    NetworkingMode,
    PowerMode,
    Resolution,
    Section,
    StationState,
    WifiBand,
    WifiMode,
    WifiUpdate,
)
from .coordinator import AstrosConfigEntry
from .entity import AstrosEntity, AstrosEntityDescription, supported
from .options import (
    WALLPAPER_BY_KEY,
    current_power_timeout,
    current_resolution,
    current_wallpaper,
    current_wifi_channel,
    power_timeouts,
    resolutions,
    select_login_code,
    select_power_mode,
    select_power_timeout,
    time_zones,
    wallpapers,
    wifi_modes,
)

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class AstrosSelectEntityDescription(SelectEntityDescription, AstrosEntityDescription[str]):
    """A station setting with a fixed set of values; ``value_fn`` gives the current option."""

    writes: bool = True

    options_fn: Callable[[AstrosClient, StationState], list[str]]
    select_fn: Callable[[AstrosClient, StationState, str], Awaitable[frozenset[Section]]]


SELECTS: tuple[AstrosSelectEntityDescription, ...] = (
    AstrosSelectEntityDescription(
        key="hdmi_resolution",
        section=Section.DISPLAY,
        translation_key="hdmi_resolution",
        entity_category=EntityCategory.CONFIG,
        options_fn=resolutions,
        value_fn=current_resolution,
        select_fn=lambda client, _state, option: client.async_set_resolution(
            Resolution[option.upper()]
        ),
        exists_fn=lambda _client, state: (
            state.display is not None and state.display.hdmi_resolution is not None
        ),
    ),
    AstrosSelectEntityDescription(
        key="language",
        section=Section.GENERAL,
        translation_key="language",
        entity_category=EntityCategory.CONFIG,
        options_fn=lambda _client, _state: [language.name.lower() for language in Language],
        value_fn=lambda state: (
            state.general.language.name.lower()
            if state.general and state.general.language is not None
            else None
        ),
        select_fn=lambda client, _state, option: client.async_set_language(
            Language[option.upper()]
        ),
    ),
    AstrosSelectEntityDescription(
        key="wallpaper",
        section=Section.GENERAL,
        translation_key="wallpaper",
        entity_category=EntityCategory.CONFIG,
        options_fn=wallpapers,
        value_fn=current_wallpaper,
        select_fn=lambda client, _state, option: client.async_set_wallpaper(
            WALLPAPER_BY_KEY[option]
        ),
        exists_fn=lambda _client, state: (
            state.general is not None and state.general.wallpaper is not None
        ),
    ),
    AstrosSelectEntityDescription(
        key="time_zone",
        section=Section.TIME,
        translation_key="time_zone",
        entity_category=EntityCategory.CONFIG,
        options_fn=time_zones,
        value_fn=lambda state: state.time.time_zone if state.time else None,
        select_fn=lambda client, _state, option: client.async_set_time_zone(option),
    ),
    AstrosSelectEntityDescription(
        key="login_code_mode",
        section=Section.GENERAL,
        translation_key="login_code_mode",
        entity_category=EntityCategory.CONFIG,
        options_fn=lambda _client, _state: [mode.name.lower() for mode in LoginCodeMode],
        value_fn=lambda state: (
            state.general.login_code_mode.name.lower()
            if state.general and state.general.login_code_mode is not None
            else None
        ),
        select_fn=select_login_code,
    ),
    AstrosSelectEntityDescription(
        key="power_saving_mode",
        section=Section.POWER,
        translation_key="power_saving_mode",
        entity_category=EntityCategory.CONFIG,
        options_fn=lambda _client, _state: [mode.name.lower() for mode in PowerMode],
        value_fn=lambda state: (
            state.power.mode.name.lower() if state.power and state.power.mode is not None else None
        ),
        select_fn=select_power_mode,
    ),
    AstrosSelectEntityDescription(
        key="power_saving_timeout",
        section=Section.POWER,
        translation_key="power_saving_timeout",
        entity_category=EntityCategory.CONFIG,
        options_fn=power_timeouts,
        value_fn=current_power_timeout,
        select_fn=select_power_timeout,
        exists_fn=lambda client, state: bool(client.power_timeouts) and state.power is not None,
    ),
    AstrosSelectEntityDescription(
        key="wifi_mode",
        section=Section.NETWORK,
        translation_key="wifi_mode",
        entity_category=EntityCategory.CONFIG,
        options_fn=wifi_modes,
        value_fn=lambda state: (
            str(state.network.wifi.mode)
            if state.network and state.network.wifi.mode is not None
            else None
        ),
        select_fn=lambda client, _state, option: client.async_set_wifi(
            WifiUpdate(mode=WifiMode(option))
        ),
    ),
    AstrosSelectEntityDescription(
        key="wifi_band",
        section=Section.NETWORK,
        translation_key="wifi_band",
        entity_category=EntityCategory.CONFIG,
        options_fn=lambda _client, _state: [band.name.lower() for band in WifiBand],
        value_fn=lambda state: (
            state.network.wifi.band.name.lower()
            if state.network and state.network.wifi.band is not None
            else None
        ),
        select_fn=lambda client, _state, option: client.async_set_wifi(
            WifiUpdate(band=WifiBand[option.upper()])
        ),
    ),
    AstrosSelectEntityDescription(
        key="gatekeeper",
        section=Section.NETWORK,
        translation_key="gatekeeper",
        entity_category=EntityCategory.CONFIG,
        options_fn=lambda _client, _state: [gate.name.lower() for gate in Gatekeeper],
        value_fn=lambda state: (
            state.network.wifi.gatekeeper.name.lower()
            if state.network and state.network.wifi.gatekeeper is not None
            else None
        ),
        select_fn=lambda client, _state, option: client.async_set_wifi(
            WifiUpdate(gatekeeper=Gatekeeper[option.upper()])
        ),
    ),
    AstrosSelectEntityDescription(
        key="wifi_channel",
        section=Section.NETWORK,
        translation_key="wifi_channel",
        entity_category=EntityCategory.CONFIG,
        capability=Capability.WIFI_CHANNEL,
        options_fn=lambda _client, _state: [str(channel) for channel in WIFI_CHANNELS],
        value_fn=current_wifi_channel,
        exists_fn=lambda _client, state: (
            state.network is not None and state.network.wifi.channel is not None
        ),
        select_fn=lambda client, _state, option: client.async_set_wifi(
            WifiUpdate(channel=int(option))
        ),
    ),
    AstrosSelectEntityDescription(
        key="networking_mode",
        section=Section.NETWORK,
        translation_key="networking_mode",
        entity_category=EntityCategory.CONFIG,
        options_fn=lambda _client, _state: [mode.name.lower() for mode in NetworkingMode],
        value_fn=lambda state: (
            state.network.wifi.networking_mode.name.lower()
            if state.network and state.network.wifi.networking_mode is not None
            else None
        ),
        select_fn=lambda client, _state, option: client.async_set_wifi(
            WifiUpdate(networking_mode=NetworkingMode[option.upper()])
        ),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AstrosConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the selects the station supports."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        AstrosSelect(coordinator, description) for description in supported(entry, SELECTS)
    )


class AstrosSelect(AstrosEntity, SelectEntity):
    """A station setting chosen from a list."""

    entity_description: AstrosSelectEntityDescription

    @property
    def options(self) -> list[str]:
        """The values the station accepts."""
        return self.entity_description.options_fn(self.coordinator.client, self.coordinator.data)

    @property
    def current_option(self) -> str | None:
        """The value the station uses."""
        return self._value(self.entity_description)

    async def async_select_option(self, option: str) -> None:
        """Send the chosen value to the station."""
        client = self.coordinator.client
        state = self.coordinator.data
        await self._async_write(
            lambda: self.entity_description.select_fn(client, state, option), option
        )
