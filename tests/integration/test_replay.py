"""A user's diagnostics download, replayed as a station, sets up like the original."""

from __future__ import annotations

import json
from pathlib import Path

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.astros.const import DOMAIN
from simulator import Replay, SimulatedStation, Simulator

from ..conftest import entry_data


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_diagnostics_replay_as_a_station(  # noqa: PLR0917
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    tmp_path: Path,
    api_version: str,
) -> None:
    """The download holds what replay needs; the replayed station shows the same values."""
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, init_integration)
    download = tmp_path / "diagnostics.json"
    download.write_text(json.dumps({"home_assistant": {}, "data": diagnostics}))
    original = {
        entry.unique_id.split("_", 1)[1]: hass.states.get(entry.entity_id)
        for entry in er.async_entries_for_config_entry(entity_registry, init_integration.entry_id)
    }
    await hass.config_entries.async_unload(init_integration.entry_id)

    async with Simulator(replay=Replay.load(download), port=0) as replay:
        replayed: SimulatedStation = replay.stations[0]
        entry = MockConfigEntry(
            domain=DOMAIN,
            title="Replayed",
            unique_id="02:00:00:00:00:01",  # the stand-in of the station's MAC
            data={**entry_data(replayed, api_version), "password": "not-the-real-one"},
        )
        entry.add_to_hass(hass)
        await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        assert entry.state is ConfigEntryState.LOADED
        compared = 0
        for registered in er.async_entries_for_config_entry(entity_registry, entry.entry_id):
            key = registered.unique_id.split("_", 1)[1]
            state, before = hass.states.get(registered.entity_id), original.get(key)
            if state is None or before is None or key in {"boot_time", "login_code"}:
                continue
            assert state.state == before.state, key
            compared += 1
        assert compared >= 10
        await hass.config_entries.async_unload(entry.entry_id)
