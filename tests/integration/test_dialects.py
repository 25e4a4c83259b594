"""The integration on stations that read the vendor documents differently (dialects).

For every alternative reading the simulator plays, and for one station that
combines them all, a station speaking it sits next to one speaking the
documented reading: after setup both show the same values, and the same
writes leave both stations in the same state, untouched settings included.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
import copy
import dataclasses
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.astros.const import DOMAIN
from simulator import Dialect, SimulatedStation, Simulator

from ..conftest import PASSWORD, USERNAME, entry_data, fix_identity

DIALECTS = [*Dialect.alternatives(), ("combined", Dialect.combined())]
#: Values that differ between two stations for reasons other than the dialect.
VOLATILE = {"boot_time", "login_code"}


@pytest.fixture
async def pair(
    api_version: str, socket_enabled: None
) -> AsyncGenerator[tuple[SimulatedStation, SimulatedStation]]:
    """A station of the documented reading and one of the dialect under test."""
    async with Simulator(
        api=api_version,
        stations=2,
        port=0,
        username=USERNAME,
        password=PASSWORD,
        reboot_seconds=0.3,
        update_seconds=0.3,
    ) as sim:
        documented, other = sim.stations
        fix_identity(documented, api_version)
        other.state.name = documented.state.name
        other.state.wifi.ssid = documented.state.wifi.ssid
        other.state.serial = documented.state.serial
        other.state.login_code = documented.state.login_code
        other.state.eth_mac = "02:a5:70:00:09:01"
        other.state.wifi_mac = "02:a5:71:00:09:01"
        yield documented, other


async def _set_up(hass: HomeAssistant, station: SimulatedStation, api: str) -> MockConfigEntry:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=station.state.name,
        unique_id=station.state.eth_mac,
        data=entry_data(station, api),
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    return entry


def _states(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, str]:
    registry = er.async_get(hass)
    states: dict[str, str] = {}
    for registered in er.async_entries_for_config_entry(registry, entry.entry_id):
        key = registered.unique_id.split("_", 1)[1]
        if key in VOLATILE or (state := hass.states.get(registered.entity_id)) is None:
            continue
        states[key] = state.state
    return states


def _entity(hass: HomeAssistant, entry: MockConfigEntry, key: str) -> str | None:
    registry = er.async_get(hass)
    for registered in er.async_entries_for_config_entry(registry, entry.entry_id):
        if registered.unique_id == f"{entry.unique_id}_{key}":
            return registered.entity_id
    return None


def _settings(station: SimulatedStation) -> dict[str, Any]:
    """The station's settings, without what changes by itself."""
    values = {
        f.name: copy.deepcopy(getattr(station.state, f.name))
        for f in dataclasses.fields(station.state)
    }
    for volatile in (
        "eth_mac",
        "wifi_mac",
        "boot_time",
        "login_code",
        "ota_progress",
        "tokens",
        "factory_name",
        "index",
    ):
        values.pop(volatile, None)
    return values


WRITES = [
    ("switch", "turn_off", "remote_view", {}),
    ("switch", "turn_on", "hide_ssid", {}),
    ("select", "select_option", "language", {"option": "traditional_chinese"}),
    ("select", "select_option", "hdmi_resolution", {"option": "fhd_1920x1080"}),
    ("select", "select_option", "power_saving_mode", {"option": "suspend"}),
    ("text", "set_value", "ntp_server", {"value": "ntp.example.org"}),
]


@pytest.mark.parametrize("api_version", ["v1", "v2"])
@pytest.mark.parametrize(("reading", "dialect"), DIALECTS, ids=[text for text, _ in DIALECTS])
async def test_dialect_station_shows_and_takes_the_same(
    hass: HomeAssistant,
    pair: tuple[SimulatedStation, SimulatedStation],
    api_version: str,
    reading: str,
    dialect: Dialect,
) -> None:
    """Same values after setup; same station state after the same writes."""
    documented, other = pair
    other.dialect = dialect
    reference = await _set_up(hass, documented, api_version)
    tested = await _set_up(hass, other, api_version)

    expected, shown = _states(hass, reference), _states(hass, tested)
    missing = {
        key
        for key, value in expected.items()
        if value != STATE_UNAVAILABLE and (key not in shown or shown[key] == STATE_UNAVAILABLE)
    }
    if dialect.power_mode != Dialect().power_mode:
        # A reported 1 means sleep or suspend depending on the numbering, which
        # only the first power write settles (README, "What the integration tolerates").
        expected.pop("power_saving_mode", None)
    if not dialect.missing:
        assert not missing, f"{reading}: {sorted(missing)} absent or unavailable"
    assert {k: shown[k] for k in expected if k not in missing} == {
        k: v for k, v in expected.items() if k not in missing
    }, reading

    for domain, service, key, data in WRITES:
        targets = [_entity(hass, entry, key) for entry in (reference, tested)]
        if None in targets or any(
            hass.states.get(t).state == STATE_UNAVAILABLE for t in targets if t
        ):
            continue
        for entity_id in targets:
            await hass.services.async_call(
                domain, service, {"entity_id": entity_id, **data}, blocking=True
            )
    assert _settings(other) == _settings(documented), reading
    assert _states(hass, tested) == {
        k: v for k, v in _states(hass, reference).items() if k not in missing
    } | {k: v for k, v in _states(hass, tested).items() if k in missing}
