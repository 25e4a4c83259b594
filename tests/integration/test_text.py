"""Text entities: station name and NTP server."""

from __future__ import annotations

from homeassistant.components.text import ATTR_VALUE as TEXT_VALUE
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
import pytest

from simulator import SimulatedStation


@pytest.mark.parametrize("api_version", ["v1", "v2"])
@pytest.mark.usefixtures("init_integration")
async def test_set_name_and_ntp_server(hass: HomeAssistant, station: SimulatedStation) -> None:
    """Text settings are written to the station and read back."""
    await hass.services.async_call(
        "text",
        "set_value",
        {ATTR_ENTITY_ID: "text.astros_1_station_name", TEXT_VALUE: "Room-42"},
        blocking=True,
    )
    assert station.state.name == "Room-42"
    assert hass.states.get("text.astros_1_station_name").state == "Room-42"

    await hass.services.async_call(
        "text",
        "set_value",
        {ATTR_ENTITY_ID: "text.astros_1_ntp_server", TEXT_VALUE: "time.example.com"},
        blocking=True,
    )
    assert station.state.ntp_server == "time.example.com"
    assert hass.states.get("text.astros_1_ntp_server").state == "time.example.com"


@pytest.mark.parametrize("api_version", ["v2"])
@pytest.mark.usefixtures("init_integration")
async def test_name_pattern_refused(hass: HomeAssistant, station: SimulatedStation) -> None:
    """Home Assistant refuses a name the station would refuse, before sending it."""
    with pytest.raises(ValueError, match="pattern"):
        await hass.services.async_call(
            "text",
            "set_value",
            {ATTR_ENTITY_ID: "text.astros_1_station_name", TEXT_VALUE: "Room 42!"},
            blocking=True,
        )
    assert station.state.name == "ASTROS-1"
