"""Setting up, unloading and migrating entries; the station's device."""

from __future__ import annotations

import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.astros.const import CONF_API_VERSION, DOMAIN
from custom_components.astros.entity import async_update_device, configuration_url
from simulator import SimulatedStation, Simulator

from ..conftest import PASSWORD, USERNAME, fix_identity
from ..helpers import async_tick


def station_device(
    device_registry: dr.DeviceRegistry, entry: MockConfigEntry, station: SimulatedStation
) -> dr.DeviceEntry | None:
    """The station's device (looked up in a way every supported release offers)."""
    return next(
        (
            device
            for device in dr.async_entries_for_config_entry(device_registry, entry.entry_id)
            if (DOMAIN, station.state.eth_mac) in device.identifiers
        ),
        None,
    )


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_setup_and_unload(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    station: SimulatedStation,
    api_version: str,
) -> None:
    """The entry loads, creates one device for the station, and unloads."""
    assert init_integration.state is ConfigEntryState.LOADED
    device = station_device(device_registry, init_integration, station)
    assert device is not None
    assert device.manufacturer == "Astrogate"
    assert device.name == "ASTROS-1"
    assert device.model == station.state.model
    assert device.sw_version == station.state.firmware_version
    assert device.configuration_url == f"http://127.0.0.1:{station.port}"
    assert (dr.CONNECTION_NETWORK_MAC, station.state.eth_mac) in device.connections
    assert (dr.CONNECTION_NETWORK_MAC, station.state.wifi_mac) in device.connections
    if api_version == "v1":
        assert device.serial_number == station.state.serial

    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.NOT_LOADED


async def test_device_follows_station(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A new name or firmware version of the station reaches the device."""
    station.state.name = "Room-204"
    station.state.firmware_version = "1.2.1.0"
    await async_tick(hass, freezer, 3600)  # the firmware section is read hourly
    device = station_device(device_registry, init_integration, station)
    assert device is not None
    assert device.name == "Room-204"
    assert device.sw_version == "1.2.1.0"

    # Without a device (removed meanwhile) there is nothing to update.
    device_registry.async_remove_device(device.id)
    async_update_device(init_integration.runtime_data.coordinator)


async def test_setup_retry_while_unreachable(
    hass: HomeAssistant, station: SimulatedStation, mock_config_entry: MockConfigEntry
) -> None:
    """An unreachable station is retried, and loads once it answers."""
    await station.go_offline()
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY

    await station.go_online()
    await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.LOADED


async def test_setup_retry_on_first_refresh_failure(
    hass: HomeAssistant, station: SimulatedStation, mock_config_entry: MockConfigEntry
) -> None:
    """A station that logs in but fails its core read (v1 status) is retried."""
    from simulator import FaultKind

    station.faults.add(FaultKind.HTTP_500, count=50, path="/api/v1/device", method="GET")
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY


async def test_one_failing_section_does_not_take_the_station_down(
    hass: HomeAssistant, station: SimulatedStation, mock_config_entry: MockConfigEntry
) -> None:
    """A failing non-core read makes only its own entities unavailable."""
    from simulator import FaultKind

    station.faults.add(FaultKind.HTTP_500, count=None, path="general/language")
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.LOADED
    language = hass.states.get("select.astros_1_language")
    assert language is None or language.state == "unavailable"
    status = hass.states.get("sensor.astros_1_status")
    assert status is not None
    assert status.state not in ("unavailable", "unknown")
    time_zone = hass.states.get("select.astros_1_time_zone")
    assert time_zone is not None
    assert time_zone.state != "unavailable"


async def test_setup_wrong_station(
    hass: HomeAssistant, station: SimulatedStation, mock_config_entry: MockConfigEntry
) -> None:
    """Another station at the entry's address is not taken over."""
    station.state.eth_mac = "02:a5:70:99:99:99"
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY


async def test_setup_auth_failed_starts_reauth(
    hass: HomeAssistant, station: SimulatedStation, mock_config_entry: MockConfigEntry
) -> None:
    """Refused credentials stop the setup and ask the person to sign in again."""
    station.state.password = "Changed2025"
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress()
    assert len(flows) == 1
    assert flows[0]["context"]["source"] == SOURCE_REAUTH
    assert flows[0]["context"]["entry_id"] == mock_config_entry.entry_id


async def test_v1_to_v2_migration(  # noqa: PLR0917
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: Simulator,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A station updated from v1 to v2 firmware keeps its entities and automations."""
    assert init_integration.data[CONF_API_VERSION] == "v1"
    before = {
        entry.unique_id: entry.entity_id
        for entry in er.async_entries_for_config_entry(entity_registry, init_integration.entry_id)
    }
    assert "switch.astros_1_remote_view" in before.values()

    port = station.port
    await simulator.stop()
    async with Simulator(
        api="v2", port=port, username=USERNAME, password=PASSWORD, reboot_seconds=0.3
    ) as v2:
        fix_identity(v2.stations[0], "v1")  # same station, same MAC
        v2.stations[0].state.name = station.state.name
        caplog.set_level(logging.INFO)
        await hass.config_entries.async_reload(init_integration.entry_id)
        await hass.async_block_till_done()

        assert init_integration.state is ConfigEntryState.LOADED
        assert init_integration.data[CONF_API_VERSION] == "v2"
        assert caplog.text.count("now speaks API v2 instead of v1") == 1
        after = {
            entry.unique_id: entry.entity_id
            for entry in er.async_entries_for_config_entry(
                entity_registry, init_integration.entry_id
            )
        }
        # Entities of both generations keep their ids; v2 adds its own.
        for unique_id, entity_id in before.items():
            if unique_id in after:
                assert after[unique_id] == entity_id
        shared = {"remote_view", "language", "hdmi_resolution", "firmware_version", "reboot"}
        for key in shared:
            assert f"{station.state.eth_mac}_{key}" in after
        state = hass.states.get("switch.astros_1_remote_view")
        assert state is not None
        assert state.state != STATE_UNAVAILABLE
        assert await hass.config_entries.async_unload(init_integration.entry_id)


async def test_setup_refused_permission_is_not_retried(
    hass: HomeAssistant, station: SimulatedStation, mock_config_entry: MockConfigEntry
) -> None:
    """A station that refuses the account's rights fails the setup once, with a reason."""
    from simulator import FaultKind

    station.faults.add(
        FaultKind.ERROR_CODE, count=None, path="network/wifi/macaddress", error_code=1004
    )
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_ERROR
    assert mock_config_entry.reason is not None
    assert not hass.config_entries.flow.async_progress()  # no reauthentication either


def test_configuration_url() -> None:
    """The station's web page, with the port only when one is set."""
    assert configuration_url("10.0.0.5", None, False) == "http://10.0.0.5"
    assert configuration_url("10.0.0.5", 8443, True) == "https://10.0.0.5:8443"
    assert configuration_url("fe80::1", 80, False) == "http://[fe80::1]:80"


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_another_model_gets_no_password(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
) -> None:
    """A station of another model at the entry's address is refused before the password."""
    await hass.config_entries.async_unload(init_integration.entry_id)
    station.state.model = "ASTROS X9"
    station.requests.clear()
    await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.SETUP_RETRY
    assert init_integration.reason is not None and "ASTROS X9" in init_integration.reason
    assert station.requests
    assert not [path for _, path in station.requests if path.endswith(("admin/apikey", "login"))]
