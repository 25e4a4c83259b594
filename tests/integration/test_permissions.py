"""Refusals that are not about the password: view-only keys and forbidden endpoints."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator import FaultKind, SimulatedStation

from ..helpers import async_tick


async def test_view_only_key_creates_no_write_entities(
    hass: HomeAssistant,
    station: SimulatedStation,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """A v1 account whose key may only read gets the readings, not the switches."""
    station.state.key_scope = "view_only"
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert mock_config_entry.runtime_data.client.read_only
    domains = {
        entry.domain
        for entry in er.async_entries_for_config_entry(entity_registry, mock_config_entry.entry_id)
    }
    assert "sensor" in domains
    assert not domains & {"switch", "select", "text", "button", "number", "time"}


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_forbidden_endpoint_is_no_password_problem(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A 403 on one endpoint makes its entities unavailable; no reauthentication starts."""
    path = "time/zone" if station.api == "v1" else "time"
    station.faults.add(FaultKind.ERROR_CODE, count=None, path=path, error_code=1004)
    await async_tick(hass, freezer, 11 * 60)
    coordinator = init_integration.runtime_data.coordinator
    assert coordinator.last_update_success
    time_zone = hass.states.get("select.astros_1_time_zone")
    assert time_zone is not None
    assert time_zone.state == "unavailable"
    remote_view = hass.states.get("switch.astros_1_remote_view")
    assert remote_view is not None
    assert remote_view.state != "unavailable"
    assert not [
        flow
        for flow in hass.config_entries.flow.async_progress()
        if flow["context"]["source"] == SOURCE_REAUTH
    ]

    station.faults.clear()
    await async_tick(hass, freezer, 11 * 60)
    time_zone = hass.states.get("select.astros_1_time_zone")
    assert time_zone is not None
    assert time_zone.state != "unavailable"
