"""The coordinator: polling tiers, writes and their errors, outages and expected silence."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
import logging
import time
from typing import Any
from unittest.mock import AsyncMock, patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.select import ATTR_OPTION, SERVICE_SELECT_OPTION
from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.const import (
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
)
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.event import async_track_state_change_event
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.astros.api import (
    AstrosAuthenticationError,
    AstrosConnectionError,
    AstrosRequestError,
    AstrosUnsupportedError,
    AstrosValidationError,
)
from custom_components.astros.api.models import Section
from custom_components.astros.const import DOMAIN, REBOOT_OFFLINE_SECONDS
from custom_components.astros.coordinator import AstrosCoordinator
from simulator import FaultKind, SimulatedStation

from ..helpers import async_tick, async_wait_back, call, state_of

REMOTE_VIEW = "switch.astros_1_remote_view"


def coordinator_of(entry: MockConfigEntry) -> AstrosCoordinator:
    """The entry's coordinator."""
    coordinator: AstrosCoordinator = entry.runtime_data.coordinator
    return coordinator


def paths(station: SimulatedStation) -> set[str]:
    """Paths the station was asked for, without the base path."""
    return {path.split("/", 4)[-1] if path.count("/") > 3 else "" for _, path in station.requests}


@pytest.mark.parametrize(
    ("api_version", "every_tick", "every_two_minutes"),
    [
        ("v1", {""}, {"general/language", "display/resolution", "power/mode"}),
        ("v2", {"general", "service"}, {"resolution", "power/setting"}),
    ],
)
async def test_polling_tiers(  # noqa: PLR0917
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    every_tick: set[str],
    every_two_minutes: set[str],
    freezer: FrozenDateTimeFactory,
) -> None:
    """Each tick reads only what is due; an hour stays well under 600 requests."""
    await async_tick(hass, freezer)
    station.requests.clear()

    await async_tick(hass, freezer)
    assert paths(station) - {"admin/apikey", "login"} == every_tick
    station.requests.clear()

    await async_tick(hass, freezer, 30)
    await async_tick(hass, freezer, 30)
    assert every_two_minutes <= paths(station)
    assert "time/zone" not in paths(station) and "time" not in paths(station)

    station.requests.clear()
    for _ in range(116):  # the rest of the hour
        await async_tick(hass, freezer)
    per_hour = len(station.requests)
    assert per_hour < 600, Counter(path for _, path in station.requests)


async def test_unavailable_and_recovery_logged_once(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    freezer: FrozenDateTimeFactory,
) -> None:
    """One line when the station stops answering and one when it is back."""
    caplog.set_level(logging.INFO)
    await station.go_offline()
    for _ in range(3):
        await async_tick(hass, freezer)
    state = hass.states.get(REMOTE_VIEW)
    assert state is not None
    assert state.state == STATE_UNAVAILABLE
    went_away = [r for r in caplog.records if "Error fetching" in r.getMessage()]
    assert len(went_away) == 1

    await station.go_online()
    for _ in range(2):
        await async_tick(hass, freezer)
    state = hass.states.get(REMOTE_VIEW)
    assert state is not None
    assert state.state == STATE_ON
    assert caplog.text.count("recovered") == 1
    # Nothing else: no warning or error per failed poll.
    assert [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("custom_components.astros") and r.levelno >= logging.WARNING
    ] == [went_away[0].getMessage()]


async def test_expected_offline_after_reboot(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A reboot Home Assistant asked for is not an error; later outages are."""
    coordinator = coordinator_of(init_integration)
    await hass.services.async_call(
        "button", "press", {"entity_id": "button.astros_1_restart"}, blocking=True
    )
    assert coordinator.offline_expected()
    await station.go_offline()  # still rebooting, as far as polls can tell
    await async_tick(hass, freezer)
    state = hass.states.get(REMOTE_VIEW)
    assert state is not None
    assert state.state == STATE_ON
    assert coordinator.last_update_success
    assert "Error fetching" not in caplog.text

    await station.go_online()
    await async_wait_back(station, freezer)
    await async_tick(hass, freezer)
    assert coordinator.last_update_success

    # After the window, the normal rules apply again.
    await async_tick(hass, freezer, 600)
    assert not coordinator.offline_expected()
    await station.go_offline()
    await async_tick(hass, freezer)
    assert not coordinator.last_update_success
    assert caplog.text.count("Error fetching") == 1


async def test_auth_failure_while_polling_starts_reauth(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A password changed on the station starts reauthentication."""
    station.state.password = "Changed2025"
    station.expire_tokens()
    await async_tick(hass, freezer)
    flows = hass.config_entries.flow.async_progress()
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


@pytest.mark.parametrize(
    ("error", "raised", "key"),
    [
        (AstrosValidationError("name", "x y", "letters"), ServiceValidationError, "invalid_value"),
        (AstrosUnsupportedError("no"), ServiceValidationError, "unsupported"),
        (AstrosRequestError(1005, "busy"), HomeAssistantError, "station_refused"),
        (AstrosConnectionError("reset"), HomeAssistantError, "communication_error"),
        (AstrosAuthenticationError("refused"), HomeAssistantError, "authentication_failed"),
    ],
)
async def test_execute_errors(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    error: Exception,
    raised: type[HomeAssistantError],
    key: str,
) -> None:
    """Every client error of a write becomes a translated error."""
    coordinator = coordinator_of(init_integration)
    with pytest.raises(raised) as err:
        await coordinator.async_execute(AsyncMock(side_effect=error))
    assert err.value.translation_key == key
    assert err.value.translation_domain == "astros"
    await hass.async_block_till_done()
    reauth = [
        flow
        for flow in hass.config_entries.flow.async_progress()
        if flow["context"]["source"] == SOURCE_REAUTH
    ]
    assert len(reauth) == (1 if key == "authentication_failed" else 0)


async def test_execute_reread_failure_requests_refresh(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
) -> None:
    """A write that worked but whose re-read failed still succeeds."""
    coordinator = coordinator_of(init_integration)
    station.faults.add(FaultKind.HTTP_500, count=1, path="general/remoteview")
    station.requests.clear()
    write = AsyncMock(return_value=frozenset({Section.GENERAL}))
    # The re-read fails once, then the requested refresh reads it.
    await coordinator.async_execute(write)
    await hass.async_block_till_done()
    write.assert_awaited_once()
    # Read twice: the failed re-read, then the refresh it requested.
    assert station.requests.count(("GET", "/api/v1/device/general/remoteview")) == 2
    assert coordinator.last_update_success


async def test_execute_without_sections(
    station: SimulatedStation, init_integration: MockConfigEntry
) -> None:
    """A write that changes no section reads nothing."""
    coordinator = coordinator_of(init_integration)
    station.requests.clear()
    write = AsyncMock(return_value=None)
    await coordinator.async_execute(write)
    write.assert_awaited_once()
    assert station.requests == []


async def test_boot_time_is_stable(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The boot time moves only when the station really restarted."""
    entity_id = "sensor.astros_1_boot_time"
    # The frozen clock has another monotonic origin: restart the uptime under it.
    station.state.boot_time = time.monotonic() - 600
    await async_tick(hass, freezer)
    state = hass.states.get(entity_id)
    assert state is not None
    boot = state.state
    await async_tick(hass, freezer)
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == boot

    # An answer without the uptime keeps the last boot time.
    station.faults.add(FaultKind.MISSING_FIELD, count=1, path="/api/v1/device", field="uptime")
    await async_tick(hass, freezer)
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == boot

    station.state.boot_time -= 3600  # as if it had started an hour earlier
    await async_tick(hass, freezer)
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state != boot

    # A restart between two polls, nothing else changed: shown at the next poll.
    boot = state.state
    station.state.boot_time = time.monotonic() - 5
    await async_tick(hass, freezer)
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state != boot


@pytest.mark.parametrize("api_version", ["v1"])
async def test_unchanged_poll_writes_no_state(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A poll that finds nothing new (only the uptime moved) wakes no entity.

    An entity that writes its unchanged state moves its ``last_reported``.
    """
    await async_tick(hass, freezer)
    before = {s.entity_id: s.last_reported for s in hass.states.async_all()}
    assert len(before) > 10
    station.requests.clear()
    station.state.boot_time -= 1  # the uptime moves a little, as between any two polls
    await async_tick(hass, freezer)
    assert station.requests  # the station was read
    after = {s.entity_id: s.last_reported for s in hass.states.async_all()}
    assert after == before

    # Something that did change is written (and only that needs to be new).
    station.state.remote_view = not station.state.remote_view
    await async_tick(hass, freezer, 120)
    assert {s.entity_id: s.last_reported for s in hass.states.async_all()} != before


async def test_refresh_started_before_a_write_does_not_undo_it(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A poll that read a section before a write to it ended never puts the old value back."""
    coordinator = coordinator_of(init_integration)
    client = init_integration.runtime_data.client
    real_fetch = client.async_fetch
    read_done, release = asyncio.Event(), asyncio.Event()

    async def fetch_then_wait(*args: Any, **kwargs: Any) -> Any:
        state = await real_fetch(*args, **kwargs)
        if not read_done.is_set():  # only the poll waits, not the write's read-back
            read_done.set()
            await release.wait()
        return state

    freezer.tick(timedelta(minutes=3))  # every section is due again
    with patch.object(client, "async_fetch", fetch_then_wait):
        poll = hass.async_create_task(coordinator.async_refresh())
        await read_done.wait()  # the poll has read remote view: on
        await hass.services.async_call(
            "switch", "turn_off", {"entity_id": REMOTE_VIEW}, blocking=True
        )
        release.set()
        await poll
    assert station.state.remote_view is False
    state = hass.states.get(REMOTE_VIEW)
    assert state is not None
    assert state.state == "off"


async def test_delayed_reboot_expects_silence_only_while_it_restarts(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The expected outage starts at the reboot time, not when it was asked for."""
    coordinator = coordinator_of(init_integration)
    await hass.services.async_call(
        "astros",
        "reboot",
        {"config_entry_id": init_integration.entry_id, "delay": 5},
        blocking=True,
    )
    assert not coordinator.offline_expected()  # still answering for 5 minutes
    freezer.tick(timedelta(minutes=5, seconds=1))
    assert coordinator.offline_expected()
    freezer.tick(timedelta(seconds=REBOOT_OFFLINE_SECONDS))
    assert not coordinator.offline_expected()


async def test_acknowledged_value_ends_with_the_write(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
) -> None:
    """A write whose read-back fails shows what the station then reports, not the request."""
    client = init_integration.runtime_data.client
    # The station accepts the write but keeps remote view on; the read-back fails once.
    accepted = AsyncMock(return_value=frozenset({Section.GENERAL}))
    station.faults.add(FaultKind.HTTP_500, count=1, path="general/remoteview")
    with patch.object(client, "async_set_remote_view", accepted):
        await hass.services.async_call(
            "switch", "turn_off", {"entity_id": REMOTE_VIEW}, blocking=True
        )
        await hass.async_block_till_done()
    accepted.assert_awaited_once()
    assert station.state.remote_view is True
    state = hass.states.get(REMOTE_VIEW)
    assert state is not None
    assert state.state == STATE_ON


async def test_write_refused(
    hass: HomeAssistant, station: SimulatedStation, init_integration: MockConfigEntry
) -> None:
    """A write the station refuses raises a translated error; nothing changes."""
    station.faults.add(FaultKind.ERROR_CODE, count=1, path="general/remoteview", error_code=1004)
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, "switch", SERVICE_TURN_OFF, "switch.astros_1_remote_view")
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == "station_refused"
    assert station.state.remote_view is True
    assert state_of(hass, "switch.astros_1_remote_view").state == STATE_ON


async def test_write_unreachable(
    hass: HomeAssistant, station: SimulatedStation, init_integration: MockConfigEntry
) -> None:
    """A write to a station that does not answer raises a translated error."""
    await station.go_offline()
    with pytest.raises(HomeAssistantError) as err:
        await call(
            hass,
            "select",
            SERVICE_SELECT_OPTION,
            "select.astros_1_language",
            **{ATTR_OPTION: "simplified_chinese"},
        )
    assert err.value.translation_key == "communication_error"


@pytest.mark.parametrize("api_version", ["v2"])
async def test_accepted_value_shown_before_the_confirming_read(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The value the station accepted shows at once; the re-read then confirms it."""
    entity_id = "switch.astros_1_airplay"
    station.state.allow_airplay = False
    await async_tick(hass, freezer)
    assert state_of(hass, entity_id).state == STATE_OFF

    requests_when_shown: list[list[tuple[str, str]]] = []

    @callback
    def _record(event: Event[EventStateChangedData]) -> None:
        if (new := event.data["new_state"]) is not None and new.state == STATE_ON:
            requests_when_shown.append(list(station.requests))

    unsubscribe = async_track_state_change_event(hass, entity_id, _record)
    station.requests.clear()
    await call(hass, "switch", SERVICE_TURN_ON, entity_id)
    unsubscribe()

    assert station.state.allow_airplay is True
    assert state_of(hass, entity_id).state == STATE_ON
    # Shown right after the station accepted the write, before the confirming read...
    assert len(requests_when_shown) == 1
    assert requests_when_shown[0][-1][0] == "PATCH"
    # ...which still happened.
    assert station.requests[-1] == ("GET", "/api/v2/station/service")
