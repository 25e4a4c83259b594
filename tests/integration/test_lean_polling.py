"""What polling costs a station: no endpoint read twice at setup, connections per poll.

Counted at the simulator over real HTTP (issue 15: a thousand stations in one
Home Assistant).
"""

from __future__ import annotations

from collections import Counter

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.astros.api import DEFAULT_MAX_IN_FLIGHT
from custom_components.astros.api.v1 import AstrosV1Client
from custom_components.astros.api.v2 import AstrosV2Client
from custom_components.astros.const import MAINTENANCE_FIRST_CHECK_DELAY
from simulator import SimulatedStation

from ..helpers import async_tick


def _repeated(station: SimulatedStation) -> list[tuple[str, str]]:
    return [call for call, n in Counter(station.requests).items() if n > 1]


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_setup_reads_no_endpoint_twice(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    station: SimulatedStation,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Detection, login, identity, first refresh and the slow checks share their answers."""
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    assert station.requests
    assert _repeated(station) == []
    # The slow checks come minutes later, at a time of the station's own.
    station.requests.clear()
    await async_tick(hass, freezer, MAINTENANCE_FIRST_CHECK_DELAY[1])
    assert any(path.endswith("firmware") for _, path in station.requests)


def _connections(station: SimulatedStation, since: int) -> set[int | None]:
    """The client ports (one per connection) of the requests after the first ``since``."""
    return {r.client_port for r in station.received[since:]}


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_full_read_all_at_once_polls_one_at_a_time(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A full read is one round trip; a regular poll sends one request after the other.

    Requests sent together each need a connection of their own; requests sent
    one after the other share one (keep-alive).
    """
    coordinator = init_integration.runtime_data.coordinator

    await async_tick(hass, freezer, MAINTENANCE_FIRST_CHECK_DELAY[1])  # past the slow checks
    # An hour on, a poll reads every section but is still a poll: one connection.
    since = len(station.received)
    await async_tick(hass, freezer, 3600)
    polled = station.received[since:]
    assert len(polled) >= 5
    assert len(_connections(station, since)) == 1

    # After a failure everything is read again, all at once.
    await station.go_offline()
    await async_tick(hass, freezer, 30)
    assert not coordinator.last_update_success
    await station.go_online()
    since = len(station.received)
    await async_tick(hass, freezer, 30)
    assert coordinator.last_update_success
    reads = [r for r in station.received[since:] if r.method == "GET"]
    assert len(reads) >= 10
    assert len(_connections(station, since)) == len(reads)


@pytest.mark.parametrize("client", [AstrosV1Client, AstrosV2Client])
def test_a_full_read_fits_in_flight(client: type[AstrosV1Client | AstrosV2Client]) -> None:
    """Every endpoint of a full read can be in flight at once: one round trip."""
    endpoints = {path for paths in client.section_endpoints.values() for path in paths}
    assert len(endpoints) <= DEFAULT_MAX_IN_FLIGHT


@pytest.mark.parametrize("api_version", ["v2"])
async def test_wallpaper_list_asked_every_ten_minutes_and_after_a_write(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Which slots hold an image is asked less often than the rest of its section."""
    # Freezing the clock makes every age the client keeps look old once (a fresh
    # login, everything read): start counting after that.
    await async_tick(hass, freezer, 30)
    wallpaper_list = ("GET", "/api/v2/station/general/wallpaper/list")
    general = ("GET", "/api/v2/station/general")
    station.requests.clear()
    for _ in range(19):  # 9.5 minutes
        await async_tick(hass, freezer, 30)
    assert station.requests.count(general) == 19
    assert wallpaper_list not in station.requests
    await async_tick(hass, freezer, 30)
    assert station.requests.count(wallpaper_list) == 1

    # A write asks again at once (it may have stored or deleted an image).
    station.requests.clear()
    await hass.services.async_call(
        "switch", "turn_off", {"entity_id": "switch.astros_1_remote_view"}, blocking=True
    )
    await async_tick(hass, freezer, 30)
    assert wallpaper_list in station.requests
