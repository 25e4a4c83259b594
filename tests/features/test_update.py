"""The firmware update entity against the simulator."""

from __future__ import annotations

from typing import Any
from unittest.mock import AsyncMock, patch

from homeassistant.components.update import (
    ATTR_IN_PROGRESS,
    ATTR_INSTALLED_VERSION,
    ATTR_LATEST_VERSION,
    ATTR_UPDATE_PERCENTAGE,
    DOMAIN as UPDATE_DOMAIN,
    SERVICE_INSTALL,
)
from homeassistant.const import ATTR_ENTITY_ID, STATE_OFF, STATE_ON
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.astros.api import AstrosConnectionError
from custom_components.astros.api.models import FirmwareProgress, FirmwareUpdateState
from simulator import FaultKind, SimulatedStation

ENTITY_ID = "update.astros_1_firmware"
NEW_VERSION = "9.9.9.9"


async def _check_for_updates(hass: HomeAssistant) -> None:
    await async_setup_component(hass, "homeassistant", {})
    await hass.services.async_call(
        "homeassistant", "update_entity", {ATTR_ENTITY_ID: ENTITY_ID}, blocking=True
    )


def _record(hass: HomeAssistant) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []

    @callback
    def changed(event: Event[EventStateChangedData]) -> None:
        if (state := event.data["new_state"]) is not None:
            seen.append(dict(state.attributes))

    async_track_state_change_event(hass, ENTITY_ID, changed)
    return seen


async def _install(hass: HomeAssistant) -> None:
    await hass.services.async_call(
        UPDATE_DOMAIN, SERVICE_INSTALL, {ATTR_ENTITY_ID: ENTITY_ID}, blocking=True
    )


@pytest.mark.parametrize("api_version", ["v1", "v2"])
@pytest.mark.usefixtures("init_integration")
async def test_no_update_until_offered(hass: HomeAssistant, station: SimulatedStation) -> None:
    """Latest equals installed until the vendor offers something newer."""
    installed = station.state.firmware_version
    state = hass.states.get(ENTITY_ID)
    assert state.state == STATE_OFF
    assert state.attributes[ATTR_INSTALLED_VERSION] == installed
    assert state.attributes[ATTR_LATEST_VERSION] == installed
    await _check_for_updates(hass)
    assert hass.states.get(ENTITY_ID).state == STATE_OFF


@pytest.mark.parametrize("api_version", ["v2"])
@pytest.mark.usefixtures("init_integration")
async def test_v2_update_flow(hass: HomeAssistant, station: SimulatedStation) -> None:
    """Offer, check, download with percentages, install, come back with the new version."""
    station.state.available_firmware = NEW_VERSION
    await _check_for_updates(hass)
    state = hass.states.get(ENTITY_ID)
    assert state.state == STATE_ON
    assert state.attributes[ATTR_LATEST_VERSION] == NEW_VERSION

    seen = _record(hass)
    await _install(hass)

    percentages = [a[ATTR_UPDATE_PERCENTAGE] for a in seen if a[ATTR_IN_PROGRESS]]
    assert percentages
    numbers = [p for p in percentages if p is not None]
    assert numbers
    assert all(0 <= p <= 100 for p in numbers)
    assert numbers == sorted(numbers)
    state = hass.states.get(ENTITY_ID)
    assert state.state == STATE_OFF
    assert state.attributes[ATTR_INSTALLED_VERSION] == NEW_VERSION
    assert state.attributes[ATTR_IN_PROGRESS] is False
    assert state.attributes[ATTR_UPDATE_PERCENTAGE] is None
    assert station.state.firmware_version == NEW_VERSION


@pytest.mark.parametrize("api_version", ["v1"])
@pytest.mark.usefixtures("init_integration")
async def test_v1_update_flow(hass: HomeAssistant, station: SimulatedStation) -> None:
    """v1 installs by itself: in progress without a percentage, then the new version."""
    station.state.available_firmware = NEW_VERSION
    await _check_for_updates(hass)
    assert hass.states.get(ENTITY_ID).state == STATE_ON

    seen = _record(hass)
    await _install(hass)

    in_progress = [a for a in seen if a[ATTR_IN_PROGRESS]]
    assert in_progress
    assert all(a[ATTR_UPDATE_PERCENTAGE] is None for a in in_progress)
    state = hass.states.get(ENTITY_ID)
    assert state.state == STATE_OFF
    assert state.attributes[ATTR_INSTALLED_VERSION] == NEW_VERSION
    assert station.state.firmware_version == NEW_VERSION


@pytest.mark.parametrize("api_version", ["v2"])
async def test_check_is_rate_limited(
    hass: HomeAssistant, init_integration: MockConfigEntry, station: SimulatedStation
) -> None:
    """A second check within minutes does not ask the station again."""
    await _check_for_updates(hass)
    station.state.available_firmware = NEW_VERSION
    await _check_for_updates(hass)
    assert hass.states.get(ENTITY_ID).state == STATE_OFF


@pytest.mark.parametrize("api_version", ["v2"])
async def test_update_refused(
    hass: HomeAssistant, init_integration: MockConfigEntry, station: SimulatedStation
) -> None:
    """The vendor server going away between check and install is an error."""
    station.state.available_firmware = NEW_VERSION
    await _check_for_updates(hass)
    station.state.vendor_reachable = False
    with pytest.raises(HomeAssistantError):
        await _install(hass)
    state = hass.states.get(ENTITY_ID)
    assert state.attributes[ATTR_IN_PROGRESS] is False
    assert not init_integration.runtime_data.coordinator.offline_expected()


@pytest.mark.parametrize("api_version", ["v2"])
async def test_update_failed(
    hass: HomeAssistant, init_integration: MockConfigEntry, station: SimulatedStation
) -> None:
    """The station reporting a failed download is a translated error."""
    station.state.available_firmware = NEW_VERSION
    await _check_for_updates(hass)
    client = init_integration.runtime_data.client
    with (
        patch.object(
            client,
            "async_firmware_progress",
            AsyncMock(return_value=FirmwareProgress(FirmwareUpdateState.FAILED)),
        ),
        pytest.raises(HomeAssistantError) as err,
    ):
        await _install(hass)
    assert err.value.translation_key == "firmware_update_failed"
    assert hass.states.get(ENTITY_ID).attributes[ATTR_IN_PROGRESS] is False


@pytest.mark.parametrize("api_version", ["v1"])
@pytest.mark.parametrize(
    "progress",
    [
        FirmwareProgress(FirmwareUpdateState.INSTALLING),
        FirmwareProgress(FirmwareUpdateState.IDLE),
    ],
)
async def test_update_timeout(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    progress: FirmwareProgress,
) -> None:
    """A station that never comes back with new firmware ends in a timeout error."""
    station.state.available_firmware = NEW_VERSION
    await _check_for_updates(hass)
    client = init_integration.runtime_data.client
    with (
        patch("custom_components.astros.firmware.FIRMWARE_UPDATE_OFFLINE_SECONDS", 0.3),
        patch.object(client, "async_start_firmware_update", AsyncMock()),
        patch.object(client, "async_firmware_progress", AsyncMock(return_value=progress)),
        pytest.raises(HomeAssistantError) as err,
    ):
        await _install(hass)
    assert err.value.translation_key == "firmware_update_timeout"


@pytest.mark.parametrize("api_version", ["v1"])
async def test_update_timeout_after_reboot(
    hass: HomeAssistant, init_integration: MockConfigEntry, station: SimulatedStation
) -> None:
    """The station reboots but comes back with the old version."""
    station.state.available_firmware = NEW_VERSION
    await _check_for_updates(hass)
    client = init_integration.runtime_data.client
    progress = AsyncMock(side_effect=AstrosConnectionError("gone"))
    with (
        patch("custom_components.astros.firmware.FIRMWARE_UPDATE_OFFLINE_SECONDS", 0.3),
        patch.object(client, "async_start_firmware_update", AsyncMock()),
        patch.object(client, "async_firmware_progress", progress),
        pytest.raises(HomeAssistantError) as err,
    ):
        await _install(hass)
    assert err.value.translation_key == "firmware_update_timeout"
    assert hass.states.get(ENTITY_ID).attributes[ATTR_INSTALLED_VERSION] == (
        station.state.firmware_version
    )


@pytest.mark.parametrize("api_version", ["v1", "v2"])
@pytest.mark.usefixtures("init_integration")
async def test_button_runs_the_whole_update(hass: HomeAssistant, station: SimulatedStation) -> None:
    """The button starts the install the update entity shows, and returns at once."""
    station.state.available_firmware = NEW_VERSION
    await _check_for_updates(hass)
    seen = _record(hass)
    await hass.services.async_call(
        "button", "press", {ATTR_ENTITY_ID: "button.astros_1_start_firmware_update"}, blocking=True
    )
    assert hass.states.get(ENTITY_ID).attributes[ATTR_IN_PROGRESS] is not False
    await hass.async_block_till_done(wait_background_tasks=True)
    assert any(a[ATTR_IN_PROGRESS] for a in seen)
    state = hass.states.get(ENTITY_ID)
    assert state.attributes[ATTR_INSTALLED_VERSION] == NEW_VERSION
    assert state.attributes[ATTR_IN_PROGRESS] is False
    assert station.state.firmware_version == NEW_VERSION


@pytest.mark.parametrize("api_version", ["v1"])
async def test_button_refused_update_is_logged(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A start the station refuses ends the update: logged, nothing in progress."""
    station.state.available_firmware = NEW_VERSION
    await _check_for_updates(hass)
    station.faults.add(FaultKind.ERROR_CODE, count=1, path="admin/firmware", error_code=1100)
    await hass.services.async_call(
        "button", "press", {ATTR_ENTITY_ID: "button.astros_1_start_firmware_update"}, blocking=True
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert "1100" in caplog.text
    assert hass.states.get(ENTITY_ID).attributes[ATTR_IN_PROGRESS] is False
    assert not init_integration.runtime_data.coordinator.offline_expected()
    assert station.state.firmware_version != NEW_VERSION


@pytest.mark.parametrize("api_version", ["v2"])
async def test_button_installs_without_update_entity(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """The button runs the coordinator's install itself: the update entity may be disabled."""
    station.state.available_firmware = NEW_VERSION
    await _check_for_updates(hass)
    entity_registry.async_update_entity(ENTITY_ID, disabled_by=er.RegistryEntryDisabler.USER)
    await hass.async_block_till_done()
    await hass.services.async_call(
        "button", "press", {ATTR_ENTITY_ID: "button.astros_1_start_firmware_update"}, blocking=True
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert station.state.firmware_version == NEW_VERSION


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


@pytest.mark.parametrize("api_version", ["v1"])
async def test_install_running_before_a_reload_is_shown(
    hass: HomeAssistant, station: SimulatedStation, mock_config_entry: MockConfigEntry
) -> None:
    """An update the station already runs at setup shows as in progress until it ends."""
    station.config.update_seconds = 1.0
    station.start_update(NEW_VERSION)
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(ENTITY_ID).attributes[ATTR_IN_PROGRESS] is not False
    await hass.async_block_till_done(wait_background_tasks=True)
    state = hass.states.get(ENTITY_ID)
    assert state.attributes[ATTR_IN_PROGRESS] is False
    assert state.attributes[ATTR_INSTALLED_VERSION] == NEW_VERSION
