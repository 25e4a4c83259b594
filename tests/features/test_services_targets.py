"""The station actions on several stations: targets, concurrency, partial failure.

Two simulated stations on 127.0.0.1, each with its own config entry.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable
import contextlib
from pathlib import Path
from typing import Any

from homeassistant.const import ATTR_AREA_ID, ATTR_DEVICE_ID, ATTR_ENTITY_ID, ATTR_LABEL_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    label_registry as lr,
)
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.astros.const import DOMAIN
from simulator import FaultKind, SimulatedStation, Simulator

from ..conftest import PASSWORD, USERNAME, entry_data, fix_identity
from .helpers import async_wait_back

SECOND_ENTRY_ID = "01JASTROS0000000000000002"  # sorts after the first entry's id


@pytest.fixture
def second_api_version(api_version: str) -> str:
    """Generation of the second station: the first one's unless parametrized."""
    return api_version


@pytest.fixture
async def simulator(
    api_version: str, second_api_version: str, socket_enabled: None
) -> AsyncGenerator[Simulator]:
    """Two running simulated stations (the shared fixture has one)."""
    async with Simulator(
        api=[api_version, second_api_version],
        stations=2,
        port=0,
        username=USERNAME,
        password=PASSWORD,
        reboot_seconds=0.3,
        update_seconds=0.3,
    ) as sim:
        fix_identity(sim.stations[0], api_version)
        yield sim


@pytest.fixture
def second_station(simulator: Simulator) -> SimulatedStation:
    """The second simulated station (``ASTROS-2``)."""
    return simulator.stations[1]


@pytest.fixture
async def stations(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    second_station: SimulatedStation,
    second_api_version: str,
) -> tuple[MockConfigEntry, MockConfigEntry]:
    """Both stations set up, each with its config entry (the first one's id sorts first)."""
    second = MockConfigEntry(
        domain=DOMAIN,
        title=second_station.state.name,
        unique_id=second_station.state.eth_mac,
        data=entry_data(second_station, second_api_version),
        entry_id=SECOND_ENTRY_ID,
    )
    second.add_to_hass(hass)
    assert await hass.config_entries.async_setup(second.entry_id)
    await hass.async_block_till_done()
    assert init_integration.entry_id < second.entry_id
    return init_integration, second


def _device(hass: HomeAssistant, entry: MockConfigEntry) -> dr.DeviceEntry:
    [device] = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    return device


async def _call(
    hass: HomeAssistant, service: str, data: dict[str, Any], *, response: bool = False
) -> Any:
    return await hass.services.async_call(
        DOMAIN, service, data, blocking=True, return_response=response
    )


def _outcome(entry: MockConfigEntry, error: str | None = None) -> dict[str, Any]:
    return {
        "config_entry_id": entry.entry_id,
        "name": entry.title,
        "success": error is None,
        "error": error,
    }


def _writes(station: SimulatedStation, word: str) -> int:
    return sum(1 for method, path in station.requests if method != "GET" and word in path)


# Targets


async def test_device_target_reaches_both(
    hass: HomeAssistant,
    stations: tuple[MockConfigEntry, MockConfigEntry],
    station: SimulatedStation,
    second_station: SimulatedStation,
) -> None:
    """Two devices: both stations get the code; the response names each one."""
    first, second = stations
    devices = [_device(hass, first).id, _device(hass, second).id]
    response = await _call(
        hass, "set_login_code", {ATTR_DEVICE_ID: devices, "code": "0427"}, response=True
    )
    assert response == {"stations": [_outcome(first), _outcome(second)]}
    for sim in (station, second_station):
        assert sim.state.login_code_type == 2
        assert sim.state.login_code == "0427"


@pytest.mark.parametrize(("api_version", "second_api_version"), [("v1", "v2")])
async def test_area_target_reaches_both_generations(
    hass: HomeAssistant,
    stations: tuple[MockConfigEntry, MockConfigEntry],
    station: SimulatedStation,
    second_station: SimulatedStation,
    make_image: Callable[..., Path],
) -> None:
    """Both devices in an area: a v1 and a v2 station both get the wallpaper."""
    room = ar.async_get(hass).async_create("Meeting room")
    registry = dr.async_get(hass)
    for entry in stations:
        registry.async_update_device(_device(hass, entry).id, area_id=room.id)
    path = make_image("room.jpg", (640, 360), "JPEG")

    assert (
        await _call(hass, "upload_wallpaper", {ATTR_AREA_ID: room.id, "slot": 3, "path": str(path)})
        is None
    )
    for sim in (station, second_station):
        assert sim.state.wallpapers[3][1] == path.read_bytes()


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_label_target_reaches_both(
    hass: HomeAssistant,
    stations: tuple[MockConfigEntry, MockConfigEntry],
    station: SimulatedStation,
    second_station: SimulatedStation,
) -> None:
    """A label on one station's device and on the other station's entity reaches both."""
    first, second = stations
    label = lr.async_get(hass).async_create("Lecture halls")
    dr.async_get(hass).async_update_device(_device(hass, first).id, labels={label.label_id})
    # A label reaches an entity only if it is a primary one (no entity category).
    entity = next(
        entity
        for entity in er.async_entries_for_config_entry(er.async_get(hass), second.entry_id)
        if entity.entity_category is None and entity.disabled_by is None
    )
    er.async_get(hass).async_update_entity(entity.entity_id, labels={label.label_id})

    await _call(hass, "reboot", {ATTR_LABEL_ID: label.label_id})
    for sim in (station, second_station):
        await async_wait_back(sim)
        assert sim.state.reboot_count == 1
    for entry in stations:
        assert entry.runtime_data.coordinator.offline_expected()


async def test_entity_and_config_entry_targets_combine(
    hass: HomeAssistant,
    stations: tuple[MockConfigEntry, MockConfigEntry],
    station: SimulatedStation,
    second_station: SimulatedStation,
) -> None:
    """An entity of one and the config_entry_id of the other; each station once."""
    first, second = stations
    await _call(
        hass,
        "set_login_code",
        {
            ATTR_ENTITY_ID: "button.astros_1_restart",
            ATTR_DEVICE_ID: _device(hass, first).id,
            "config_entry_id": [first.entry_id, second.entry_id],
            "code": "2468",
        },
    )
    assert station.state.login_code == second_station.state.login_code == "2468"
    assert _writes(station, "logincode") == _writes(second_station, "logincode") == 1


async def test_targets_of_other_integrations_are_ignored(
    hass: HomeAssistant,
    stations: tuple[MockConfigEntry, MockConfigEntry],
    station: SimulatedStation,
    second_station: SimulatedStation,
) -> None:
    """A device of another integration in the target is not a station."""
    first, _second = stations
    other = MockConfigEntry(domain="other_domain", title="Other")
    other.add_to_hass(hass)
    other_device = dr.async_get(hass).async_get_or_create(
        config_entry_id=other.entry_id, identifiers={("other_domain", "1")}
    )
    response = await _call(
        hass,
        "set_login_code",
        {ATTR_DEVICE_ID: [other_device.id, _device(hass, first).id], "code": "1357"},
        response=True,
    )
    assert response == {"stations": [_outcome(first)]}
    assert station.state.login_code == "1357"
    assert _writes(second_station, "logincode") == 0

    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "set_login_code", {ATTR_DEVICE_ID: other_device.id, "code": "1357"})
    assert err.value.translation_key == "no_station_targeted"


@pytest.mark.parametrize(
    "target",
    [
        {},
        {"config_entry_id": []},
        {ATTR_AREA_ID: "nowhere"},
        {ATTR_ENTITY_ID: "sun.sun"},
    ],
)
async def test_no_station_targeted(
    hass: HomeAssistant,
    stations: tuple[MockConfigEntry, MockConfigEntry],
    station: SimulatedStation,
    second_station: SimulatedStation,
    target: dict[str, Any],
) -> None:
    """No target, or one without a station, is refused before anything is sent."""
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "reboot", target)
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == "no_station_targeted"
    assert _writes(station, "reboot") == _writes(second_station, "reboot") == 0


async def test_an_unloaded_station_among_the_targets(
    hass: HomeAssistant,
    stations: tuple[MockConfigEntry, MockConfigEntry],
    station: SimulatedStation,
    second_station: SimulatedStation,
) -> None:
    """A targeted station that is not loaded is that station's failure; the others change."""
    first, second = stations
    await hass.config_entries.async_unload(second.entry_id)
    with pytest.raises(HomeAssistantError) as err:
        await _call(
            hass,
            "set_login_code",
            {"config_entry_id": [first.entry_id, second.entry_id], "code": "1111"},
        )
    assert err.value.translation_key == "stations_failed"
    assert err.value.translation_placeholders["failed"] == "1"
    assert second.title in err.value.translation_placeholders["details"]
    assert _writes(station, "logincode") == 1
    assert station.state.login_code == "1111"


# One station failing


async def test_one_station_failing_raises_after_all_ran(
    hass: HomeAssistant,
    stations: tuple[MockConfigEntry, MockConfigEntry],
    station: SimulatedStation,
    second_station: SimulatedStation,
) -> None:
    """The first station refuses; the second still changes; the error names the first."""
    first, second = stations
    station.faults.add(FaultKind.ERROR_CODE, path="logincode", error_code=1200)
    with pytest.raises(HomeAssistantError) as err:
        await _call(
            hass,
            "set_login_code",
            {"config_entry_id": [first.entry_id, second.entry_id], "code": "0427"},
        )
    assert not isinstance(err.value, ServiceValidationError)
    assert err.value.translation_key == "stations_failed"
    placeholders = err.value.translation_placeholders
    assert placeholders["failed"] == "1"
    assert placeholders["total"] == "2"
    assert placeholders["details"].startswith(f"{first.title}: ")
    assert "1200" in placeholders["details"]
    assert second.title not in placeholders["details"]
    assert station.state.login_code != "0427"
    assert second_station.state.login_code == "0427"


async def test_one_station_failing_with_a_response(
    hass: HomeAssistant,
    stations: tuple[MockConfigEntry, MockConfigEntry],
    station: SimulatedStation,
    second_station: SimulatedStation,
) -> None:
    """With return_response, a failure is reported per station instead of raised."""
    first, second = stations
    await second_station.go_offline()
    response = await _call(
        hass,
        "reboot",
        {ATTR_DEVICE_ID: [_device(hass, first).id, _device(hass, second).id]},
        response=True,
    )
    assert response is not None
    outcomes = response["stations"]
    assert outcomes[0] == _outcome(first)
    assert outcomes[1]["config_entry_id"] == second.entry_id
    assert outcomes[1]["success"] is False
    assert outcomes[1]["error"]
    await async_wait_back(station)
    assert station.state.reboot_count == 1
    assert second_station.state.reboot_count == 0
    assert first.runtime_data.coordinator.offline_expected()
    assert not second.runtime_data.coordinator.offline_expected()


async def test_every_station_refusing_the_value(
    hass: HomeAssistant,
    stations: tuple[MockConfigEntry, MockConfigEntry],
    station: SimulatedStation,
    second_station: SimulatedStation,
) -> None:
    """A value every station refuses is the caller's mistake: its own refusal, code hidden."""
    first, second = stations
    with pytest.raises(ServiceValidationError) as err:
        await _call(
            hass,
            "set_login_code",
            {"config_entry_id": [first.entry_id, second.entry_id], "code": "98765"},
        )
    assert err.value.translation_key == "invalid_value"
    assert "98765" not in str(err.value.translation_placeholders)
    assert _writes(station, "logincode") == _writes(second_station, "logincode") == 0


async def test_an_unexpected_error_is_not_hidden(
    hass: HomeAssistant,
    stations: tuple[MockConfigEntry, MockConfigEntry],
    station: SimulatedStation,
) -> None:
    """A bug (not a Home Assistant error) on one station propagates, after the others ran."""
    first, second = stations

    async def broken(*_args: Any) -> None:
        raise RuntimeError("bug")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(second.runtime_data.client, "async_set_login_code", broken)
        with pytest.raises(RuntimeError, match="bug"):
            await _call(
                hass,
                "set_login_code",
                {"config_entry_id": [first.entry_id, second.entry_id], "code": "0427"},
                response=True,
            )
    assert station.state.login_code == "0427"


# Concurrency


async def _wait_for(condition: Callable[[], bool]) -> None:
    """Wait (in real time) until the simulator shows ``condition``."""
    async with asyncio.timeout(10):
        while not condition():  # noqa: ASYNC110 (the simulator has no event to wait on)
            await asyncio.sleep(0.02)


@contextlib.asynccontextmanager
async def _set_code_while_first_hangs(
    hass: HomeAssistant,
    stations: tuple[MockConfigEntry, MockConfigEntry],
    station: SimulatedStation,
) -> AsyncGenerator[asyncio.Task[Any]]:
    """set_login_code on both stations, running, while the first station hangs.

    Afterwards the first station answers and the call is awaited (also when the
    test failed, so that no request is left hanging).
    """
    station.faults.add(FaultKind.HANG, path="logincode")
    ids = [entry.entry_id for entry in stations]
    call = asyncio.create_task(
        _call(hass, "set_login_code", {"config_entry_id": ids, "code": "0427"})
    )
    try:
        yield call
    finally:
        station.faults.clear()
        await call


async def test_stations_are_asked_at_the_same_time(
    hass: HomeAssistant,
    stations: tuple[MockConfigEntry, MockConfigEntry],
    station: SimulatedStation,
    second_station: SimulatedStation,
) -> None:
    """While the first station hangs, the second one is already done."""
    async with _set_code_while_first_hangs(hass, stations, station) as call:
        await _wait_for(lambda: second_station.state.login_code == "0427")
        assert _writes(station, "logincode") == 1  # asked, still hanging
        assert not call.done()
    assert station.state.login_code == "0427"


async def test_stations_at_the_same_time_are_bounded(
    hass: HomeAssistant,
    stations: tuple[MockConfigEntry, MockConfigEntry],
    station: SimulatedStation,
    second_station: SimulatedStation,
) -> None:
    """With room for one station at a time, the second waits for the first."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("custom_components.astros.targets.MAX_CONCURRENT_STATIONS", 1)
        async with _set_code_while_first_hangs(hass, stations, station):
            await _wait_for(lambda: _writes(station, "logincode") == 1)
            # Give an unbounded implementation ample time to reach the second station.
            await asyncio.sleep(0.3)
            assert _writes(second_station, "logincode") == 0
    assert station.state.login_code == second_station.state.login_code == "0427"
