"""Number entities: the image slider interval."""

from __future__ import annotations

from homeassistant.components.number import ATTR_VALUE as NUMBER_VALUE, SERVICE_SET_VALUE
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest

from simulator import FaultKind, SimulatedStation


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
