"""Binary sensors: each follows what the station reports."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
import pytest

from simulator import SimulatedStation

from ..helpers import async_tick, state_of


@pytest.mark.parametrize(
    ("api_version", "key", "path"),
    [
        ("v1", "hdmi_cec", "hdmi_cec"),
        ("v1", "reboot_required", "reboot_required"),
        ("v2", "ethernet", "ethernet.connected"),
        ("v2", "reboot_required", "reboot_required"),
    ],
)
@pytest.mark.usefixtures("entity_registry_enabled_by_default", "init_integration")
async def test_binary_sensor_follows_the_station(
    hass: HomeAssistant,
    station: SimulatedStation,
    freezer: FrozenDateTimeFactory,
    key: str,
    path: str,
) -> None:
    """A change on the station shows once its section is polled again (at most 10 minutes)."""
    entity_id = f"binary_sensor.astros_1_{key}"
    *parents, name = path.split(".")
    holder = station.state
    for part in parents:
        holder = getattr(holder, part)
    for value in (not getattr(holder, name), getattr(holder, name)):
        setattr(holder, name, value)
        await async_tick(hass, freezer, 600)  # the slowest tier of these sections
        assert state_of(hass, entity_id).state == (STATE_ON if value else STATE_OFF)
