"""Values a station may report that the documents do not list: shown or ignored, never a crash."""

from __future__ import annotations

import logging
import time

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.select import ATTR_OPTION, ATTR_OPTIONS, SERVICE_SELECT_OPTION
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator import SimulatedStation

from .common import async_tick

POWER_TIMEOUT = "select.astros_1_power_saving_after"
WALLPAPER = "select.astros_1_wallpaper"
BOOT_TIME = "sensor.astros_1_boot_time"


@pytest.mark.usefixtures("init_integration")
async def test_power_timeout_outside_the_list(
    hass: HomeAssistant, station: SimulatedStation, freezer: FrozenDateTimeFactory
) -> None:
    """An undocumented timeout is offered as it is; choosing it goes to the station."""
    station.state.power_timeout = 45
    await async_tick(hass, freezer, 150)
    state = hass.states.get(POWER_TIMEOUT)
    assert state is not None
    assert state.state == "45_minutes"
    assert "45_minutes" in state.attributes[ATTR_OPTIONS]
    # Choosing it (again) is the station's decision, not a KeyError.
    try:
        await hass.services.async_call(
            "select",
            SERVICE_SELECT_OPTION,
            {ATTR_ENTITY_ID: POWER_TIMEOUT, ATTR_OPTION: "45_minutes"},
            blocking=True,
        )
    except HomeAssistantError as err:
        assert err.translation_domain == "astros"
    await hass.services.async_call(
        "select",
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: POWER_TIMEOUT, ATTR_OPTION: "5_minutes"},
        blocking=True,
    )
    assert station.state.power_timeout == 5


@pytest.mark.parametrize("api_version", ["v2"])
@pytest.mark.usefixtures("init_integration")
async def test_wallpaper_slot_outside_the_documents(
    hass: HomeAssistant, station: SimulatedStation, freezer: FrozenDateTimeFactory
) -> None:
    """A slot beyond 0-5 in the station's list is not offered (it has no name)."""
    station.state.wallpapers[7] = ("odd.png", b"\x89PNG")
    await async_tick(hass, freezer, 30)
    state = hass.states.get(WALLPAPER)
    assert state is not None
    assert state.attributes[ATTR_OPTIONS]
    assert all(option.rsplit("_", 1)[1] in "123456" for option in state.attributes[ATTR_OPTIONS])


async def test_absurd_uptime_keeps_the_boot_time(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An uptime no clock can go back keeps the last boot time and logs no error."""
    state = hass.states.get(BOOT_TIME)
    assert state is not None
    boot = state.state
    station.state.boot_time = time.monotonic() - 1e15
    await async_tick(hass, freezer, 30)
    state = hass.states.get(BOOT_TIME)
    assert state is not None
    assert state.state == boot
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
