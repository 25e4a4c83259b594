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
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import AstrosClient
from .api.const import TIME_ZONES, WIFI_CHANNELS
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
from .const import DOMAIN
from .coordinator import AstrosConfigEntry
from .entity import AstrosEntity, AstrosEntityDescription, supported

PARALLEL_UPDATES = 1

WALLPAPER_SLOTS = range(6)
BUILTIN_WALLPAPERS = (0, 1)
DEFAULT_POWER_TIMEOUT = 30


def resolution_key(resolution: Resolution) -> str:
    """``auto``, ``uhd_3840x2160``, ..."""
    return resolution.name.lower()


def wallpaper_key(slot: int) -> str:
    """``builtin_1``, ``builtin_2``, ``custom_3`` .. ``custom_6`` (slots 0..5)."""
    return f"{'builtin' if slot in BUILTIN_WALLPAPERS else 'custom'}_{slot + 1}"


def power_timeout_key(minutes: int) -> str:
    """``never``, ``1_minute``, ``5_minutes``, ..."""
    if minutes < 0:
        return "never"
    return f"{minutes}_minute" if minutes == 1 else f"{minutes}_minutes"


WALLPAPER_BY_KEY = {wallpaper_key(slot): slot for slot in WALLPAPER_SLOTS}
SETTABLE_WIFI_MODES = (WifiMode.OFF, WifiMode.ACCESS_POINT)


@dataclass(frozen=True, kw_only=True)
class AstrosSelectEntityDescription(SelectEntityDescription, AstrosEntityDescription[str]):
    """A station setting with a fixed set of values; ``value_fn`` gives the current option."""

    writes: bool = True

    options_fn: Callable[[AstrosClient, StationState], list[str]]
    select_fn: Callable[[AstrosClient, StationState, str], Awaitable[frozenset[Section]]]


def _resolutions(client: AstrosClient, state: StationState) -> list[str]:
    supported = (state.display.supported_resolutions if state.display else None) or (
        client.resolutions
    )
    return [resolution_key(r) for r in supported if r is not Resolution.UNKNOWN]


def _current_resolution(state: StationState) -> str | None:
    if state.display is None or state.display.hdmi_resolution is None:
        return None
    if state.display.hdmi_resolution is Resolution.UNKNOWN:
        return None
    return resolution_key(state.display.hdmi_resolution)


def _wallpapers(_client: AstrosClient, state: StationState) -> list[str]:
    slots = (state.general.wallpapers if state.general else None) or WALLPAPER_SLOTS
    # A slot the documents do not know has no name to offer.
    return [wallpaper_key(slot) for slot in sorted(slots) if slot in WALLPAPER_SLOTS]


def _current_wallpaper(state: StationState) -> str | None:
    slot = state.general.wallpaper if state.general else None
    if slot is None or slot not in WALLPAPER_SLOTS:
        return None
    return wallpaper_key(slot)


async def _select_login_code(
    client: AstrosClient, state: StationState, option: str
) -> frozenset[Section]:
    mode = LoginCodeMode[option.upper()]
    if mode is not LoginCodeMode.FIXED:
        return await client.async_set_login_code(mode)
    code = state.general.login_code if state.general else None
    if not code:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="login_code_required"
        )
    # Keep the code on screen now as the fixed code.
    return await client.async_set_login_code(mode, code)


def _power_timeouts(client: AstrosClient, state: StationState) -> list[str]:
    timeouts = list(client.power_timeouts)
    current = state.power.timeout if state.power else None
    if current is not None and current not in timeouts:
        timeouts.append(current)
    return [power_timeout_key(m) for m in timeouts]


def _current_power_timeout(state: StationState) -> str | None:
    if state.power is None or state.power.timeout is None:
        return None
    return power_timeout_key(state.power.timeout)


def _select_power_mode(
    client: AstrosClient, state: StationState, option: str
) -> Awaitable[frozenset[Section]]:
    timeout = state.power.timeout if state.power else None
    if timeout is None:
        timeout = DEFAULT_POWER_TIMEOUT  # offered by both generations
    return client.async_set_power(PowerMode[option.upper()], timeout)


def _select_power_timeout(
    client: AstrosClient, state: StationState, option: str
) -> Awaitable[frozenset[Section]]:
    current = state.power.timeout if state.power else None
    offered = (*client.power_timeouts, *(() if current is None else (current,)))
    by_key = {power_timeout_key(m): m for m in offered}
    mode = state.power.mode if state.power and state.power.mode is not None else PowerMode.SLEEP
    return client.async_set_power(mode, by_key[option])


def _time_zones(_client: AstrosClient, state: StationState) -> list[str]:
    current = state.time.time_zone if state.time else None
    if current is None or current in TIME_ZONES:
        return list(TIME_ZONES)
    return [*TIME_ZONES, current]  # an undocumented zone the station uses


def _wifi_modes(_client: AstrosClient, state: StationState) -> list[str]:
    modes = [str(mode) for mode in SETTABLE_WIFI_MODES]
    current = state.network.wifi.mode if state.network else None
    if current is not None and current not in SETTABLE_WIFI_MODES:
        modes.append(str(current))
    return modes


def _current_wifi_channel(state: StationState) -> str | None:
    """The 5 GHz channel; none on 2.4 GHz (where the station chooses)."""
    if state.network is None or state.network.wifi.band is not WifiBand.GHZ_5:
        return None
    channel = state.network.wifi.channel
    return str(channel) if channel in WIFI_CHANNELS else None


SELECTS: tuple[AstrosSelectEntityDescription, ...] = (
    AstrosSelectEntityDescription(
        key="hdmi_resolution",
        section=Section.DISPLAY,
        translation_key="hdmi_resolution",
        entity_category=EntityCategory.CONFIG,
        options_fn=_resolutions,
        value_fn=_current_resolution,
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
        options_fn=_wallpapers,
        value_fn=_current_wallpaper,
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
        options_fn=_time_zones,
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
        select_fn=_select_login_code,
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
        select_fn=_select_power_mode,
    ),
    AstrosSelectEntityDescription(
        key="power_saving_timeout",
        section=Section.POWER,
        translation_key="power_saving_timeout",
        entity_category=EntityCategory.CONFIG,
        options_fn=_power_timeouts,
        value_fn=_current_power_timeout,
        select_fn=_select_power_timeout,
        exists_fn=lambda client, state: bool(client.power_timeouts) and state.power is not None,
    ),
    AstrosSelectEntityDescription(
        key="wifi_mode",
        section=Section.NETWORK,
        translation_key="wifi_mode",
        entity_category=EntityCategory.CONFIG,
        options_fn=_wifi_modes,
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
        value_fn=_current_wifi_channel,
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
