"""Option keys and choices of the select entities: station values to translated keys and back.

Options are lower-case keys translated in ``translations/*.json`` (except the
time zones, whose names are their own options).
"""

from __future__ import annotations

from collections.abc import Awaitable

from homeassistant.exceptions import ServiceValidationError

from .api import AstrosClient
from .api.const import TIME_ZONES, WIFI_CHANNELS
from .api.models import (
    LoginCodeMode,
    PowerMode,
    Resolution,
    Section,
    StationState,
    WifiBand,
    WifiMode,
)
from .const import DOMAIN

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


def resolutions(client: AstrosClient, state: StationState) -> list[str]:
    supported = (state.display.supported_resolutions if state.display else None) or (
        client.resolutions
    )
    return [resolution_key(r) for r in supported if r is not Resolution.UNKNOWN]


def current_resolution(state: StationState) -> str | None:
    if state.display is None or state.display.hdmi_resolution is None:
        return None
    if state.display.hdmi_resolution is Resolution.UNKNOWN:
        return None
    return resolution_key(state.display.hdmi_resolution)


def wallpapers(_client: AstrosClient, state: StationState) -> list[str]:
    slots = (state.general.wallpapers if state.general else None) or WALLPAPER_SLOTS
    # A slot the documents do not know has no name to offer.
    return [wallpaper_key(slot) for slot in sorted(slots) if slot in WALLPAPER_SLOTS]


def current_wallpaper(state: StationState) -> str | None:
    slot = state.general.wallpaper if state.general else None
    if slot is None or slot not in WALLPAPER_SLOTS:
        return None
    return wallpaper_key(slot)


async def select_login_code(
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


def power_timeouts(client: AstrosClient, state: StationState) -> list[str]:
    timeouts = list(client.power_timeouts)
    current = state.power.timeout if state.power else None
    if current is not None and current not in timeouts:
        timeouts.append(current)
    return [power_timeout_key(m) for m in timeouts]


def current_power_timeout(state: StationState) -> str | None:
    if state.power is None or state.power.timeout is None:
        return None
    return power_timeout_key(state.power.timeout)


def select_power_mode(
    client: AstrosClient, state: StationState, option: str
) -> Awaitable[frozenset[Section]]:
    timeout = state.power.timeout if state.power else None
    if timeout is None:
        timeout = DEFAULT_POWER_TIMEOUT  # offered by both generations
    return client.async_set_power(PowerMode[option.upper()], timeout)


def select_power_timeout(
    client: AstrosClient, state: StationState, option: str
) -> Awaitable[frozenset[Section]]:
    current = state.power.timeout if state.power else None
    offered = (*client.power_timeouts, *(() if current is None else (current,)))
    by_key = {power_timeout_key(m): m for m in offered}
    mode = state.power.mode if state.power and state.power.mode is not None else PowerMode.SLEEP
    return client.async_set_power(mode, by_key[option])


def time_zones(_client: AstrosClient, state: StationState) -> list[str]:
    current = state.time.time_zone if state.time else None
    if current is None or current in TIME_ZONES:
        return list(TIME_ZONES)
    return [*TIME_ZONES, current]  # an undocumented zone the station uses


def wifi_modes(_client: AstrosClient, state: StationState) -> list[str]:
    modes = [str(mode) for mode in SETTABLE_WIFI_MODES]
    current = state.network.wifi.mode if state.network else None
    if current is not None and current not in SETTABLE_WIFI_MODES:
        modes.append(str(current))
    return modes


def current_wifi_channel(state: StationState) -> str | None:
    """The 5 GHz channel; none on 2.4 GHz (where the station chooses)."""
    if state.network is None or state.network.wifi.band is not WifiBand.GHZ_5:
        return None
    channel = state.network.wifi.channel
    return str(channel) if channel in WIFI_CHANNELS else None
