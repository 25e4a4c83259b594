"""Text, time and number settings against the simulator."""

from __future__ import annotations

import datetime as dt
from unittest.mock import patch

from homeassistant.components.number import ATTR_VALUE as NUMBER_VALUE, SERVICE_SET_VALUE
from homeassistant.components.text import ATTR_VALUE as TEXT_VALUE
from homeassistant.components.time import ATTR_TIME
from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from simulator import FaultKind, SimulatedStation

PLATFORMS_BY_API = {
    "v1": [Platform.TEXT, Platform.UPDATE],
    "v2": [Platform.NUMBER, Platform.TEXT, Platform.TIME, Platform.UPDATE],
}


@pytest.mark.parametrize(
    ("api_version", "platform"),
    [(api, platform) for api, platforms in PLATFORMS_BY_API.items() for platform in platforms],
)
async def test_snapshots(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
    platform: Platform,
) -> None:
    """The entities of each of these platforms, for both generations."""
    with patch("custom_components.astros.PLATFORMS", [platform]):
        mock_config_entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)


@pytest.mark.parametrize("api_version", ["v1"])
@pytest.mark.usefixtures("init_integration")
async def test_v1_has_no_v2_settings(hass: HomeAssistant) -> None:
    """Daily reboot time and slider interval exist only on v2 stations."""
    assert hass.states.get("time.astros_1_daily_reboot_time") is None
    assert hass.states.get("number.astros_1_image_slider_interval") is None
    assert hass.states.get("text.astros_1_ntp_server").state == "pool.ntp.org"


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


@pytest.mark.parametrize("api_version", ["v2"])
@pytest.mark.usefixtures("init_integration")
async def test_set_image_slider_interval(hass: HomeAssistant, station: SimulatedStation) -> None:
    """The slider interval is written in seconds; out-of-range values are refused."""
    entity_id = "number.astros_1_image_slider_interval"
    assert hass.states.get(entity_id).state == "10"
    await hass.services.async_call(
        "number", SERVICE_SET_VALUE, {ATTR_ENTITY_ID: entity_id, NUMBER_VALUE: 45}, blocking=True
    )
    assert station.state.image_slider_interval == 45
    assert hass.states.get(entity_id).state == "45"

    with pytest.raises(ServiceValidationError):
        await hass.services.async_call(
            "number",
            SERVICE_SET_VALUE,
            {ATTR_ENTITY_ID: entity_id, NUMBER_VALUE: 301},
            blocking=True,
        )
    assert station.state.image_slider_interval == 45


@pytest.mark.parametrize("api_version", ["v2"])
@pytest.mark.usefixtures("init_integration")
async def test_station_refuses_write(hass: HomeAssistant, station: SimulatedStation) -> None:
    """A refused write becomes a translated error and changes nothing."""
    station.faults.add(FaultKind.ERROR_CODE, error_code=1200, path="general")
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            "number",
            SERVICE_SET_VALUE,
            {ATTR_ENTITY_ID: "number.astros_1_image_slider_interval", NUMBER_VALUE: 20},
            blocking=True,
        )
    assert err.value.translation_key == "station_refused"
    assert station.state.image_slider_interval == 10
