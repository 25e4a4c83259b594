"""Buttons: restart and start firmware update."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import SERVICE_PRESS
from homeassistant.components.update import ATTR_IN_PROGRESS, ATTR_INSTALLED_VERSION
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator import FaultKind, SimulatedStation

from ..helpers import (
    FIRMWARE_ENTITY,
    NEW_FIRMWARE,
    async_check_for_updates,
    async_wait_back,
    call,
    record_firmware_attributes,
)


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_reboot_button(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The restart button reboots the station; the silence is expected."""
    reboots = station.state.reboot_count
    await call(hass, "button", SERVICE_PRESS, "button.astros_1_restart")
    await async_wait_back(station, freezer)
    assert station.state.reboot_count == reboots + 1
    assert init_integration.runtime_data.coordinator.offline_expected()


async def test_reboot_button_refused(
    hass: HomeAssistant, station: SimulatedStation, init_integration: MockConfigEntry
) -> None:
    """A refused reboot is an error and ends the expected-offline window."""
    station.faults.add(FaultKind.ERROR_CODE, count=1, path="power/reboot", error_code=1005)
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, "button", SERVICE_PRESS, "button.astros_1_restart")
    assert err.value.translation_key == "station_refused"
    assert not init_integration.runtime_data.coordinator.offline_expected()


async def test_firmware_update_button_refused_without_new_firmware(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Refused while no newer firmware is known."""
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "button", SERVICE_PRESS, "button.astros_1_start_firmware_update")
    assert err.value.translation_key == "no_firmware_update"


@pytest.mark.parametrize("api_version", ["v1", "v2"])
@pytest.mark.usefixtures("init_integration")
async def test_button_runs_the_whole_update(hass: HomeAssistant, station: SimulatedStation) -> None:
    """The button starts the install the update entity shows, and returns at once."""
    station.state.available_firmware = NEW_FIRMWARE
    await async_check_for_updates(hass)
    seen = record_firmware_attributes(hass)
    await hass.services.async_call(
        "button", "press", {ATTR_ENTITY_ID: "button.astros_1_start_firmware_update"}, blocking=True
    )
    assert hass.states.get(FIRMWARE_ENTITY).attributes[ATTR_IN_PROGRESS] is not False
    await hass.async_block_till_done(wait_background_tasks=True)
    assert any(a[ATTR_IN_PROGRESS] for a in seen)
    state = hass.states.get(FIRMWARE_ENTITY)
    assert state.attributes[ATTR_INSTALLED_VERSION] == NEW_FIRMWARE
    assert state.attributes[ATTR_IN_PROGRESS] is False
    assert station.state.firmware_version == NEW_FIRMWARE


@pytest.mark.parametrize("api_version", ["v1"])
async def test_button_refused_update_is_logged(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A start the station refuses ends the update: logged, nothing in progress."""
    station.state.available_firmware = NEW_FIRMWARE
    await async_check_for_updates(hass)
    station.faults.add(FaultKind.ERROR_CODE, count=1, path="admin/firmware", error_code=1100)
    await hass.services.async_call(
        "button", "press", {ATTR_ENTITY_ID: "button.astros_1_start_firmware_update"}, blocking=True
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert "1100" in caplog.text
    assert hass.states.get(FIRMWARE_ENTITY).attributes[ATTR_IN_PROGRESS] is False
    assert not init_integration.runtime_data.coordinator.offline_expected()
    assert station.state.firmware_version != NEW_FIRMWARE


@pytest.mark.parametrize("api_version", ["v2"])
async def test_button_installs_without_update_entity(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """The button runs the coordinator's install itself: the update entity may be disabled."""
    station.state.available_firmware = NEW_FIRMWARE
    await async_check_for_updates(hass)
    entity_registry.async_update_entity(FIRMWARE_ENTITY, disabled_by=er.RegistryEntryDisabler.USER)
    await hass.async_block_till_done()
    await hass.services.async_call(
        "button", "press", {ATTR_ENTITY_ID: "button.astros_1_start_firmware_update"}, blocking=True
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert station.state.firmware_version == NEW_FIRMWARE


@pytest.mark.parametrize("api_version", ["v2"])
@pytest.mark.usefixtures("init_integration")
async def test_button_without_offer_refused(hass: HomeAssistant) -> None:
    """Without newer firmware the button says so and starts nothing."""
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            "button",
            "press",
            {ATTR_ENTITY_ID: "button.astros_1_start_firmware_update"},
            blocking=True,
        )
    assert err.value.translation_key == "no_firmware_update"
