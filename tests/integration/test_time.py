"""Time entities: the daily reboot time."""

from __future__ import annotations

import datetime as dt

from homeassistant.components.time import ATTR_TIME
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
import pytest

from simulator import SimulatedStation


@pytest.mark.parametrize("api_version", ["v2"])
@pytest.mark.usefixtures("init_integration")
async def test_set_daily_reboot_time(hass: HomeAssistant, station: SimulatedStation) -> None:
    """The daily reboot time is written as HH:MM."""
    assert hass.states.get("time.astros_1_daily_reboot_time").state == "03:00:00"
    await hass.services.async_call(
        "time",
        "set_value",
        {ATTR_ENTITY_ID: "time.astros_1_daily_reboot_time", ATTR_TIME: dt.time(4, 35, 12)},
        blocking=True,
    )
    assert station.state.daily_reboot_time == "04:35"
    assert hass.states.get("time.astros_1_daily_reboot_time").state == "04:35:00"
