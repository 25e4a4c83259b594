"""Tests of polling: tiers, outages, expected outages, firmware checks and writes."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
import logging
import time
from typing import Any
from unittest.mock import AsyncMock, patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.const import STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
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
from custom_components.astros.const import REBOOT_OFFLINE_SECONDS
from custom_components.astros.coordinator import AstrosCoordinator
from simulator import FaultKind, SimulatedStation

from .common import async_tick, async_wait_back

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
        ("v2", {"general", "general/wallpaper/list", "service"}, {"resolution", "power/setting"}),
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


async def test_firmware_check(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The vendor is asked at setup and every 6 hours, on demand at most every 5 minutes."""
    maintenance = init_integration.runtime_data.maintenance
    assert maintenance.data.latest_firmware == station.state.firmware_version
    assert not maintenance.firmware_update_available

    station.state.available_firmware = "9.3.0.1"
    await maintenance.async_check_firmware_now()
    assert maintenance.data.latest_firmware == "9.3.0.1"
    assert maintenance.firmware_update_available

    station.state.available_firmware = "9.3.0.2"
    await maintenance.async_check_firmware_now()  # too soon
    assert maintenance.data.latest_firmware == "9.3.0.1"
    await async_tick(hass, freezer, 300)
    await maintenance.async_check_firmware_now()
    assert maintenance.data.latest_firmware == "9.3.0.2"

    station.state.available_firmware = "9.3.0.3"
    await async_tick(hass, freezer, 6 * 3600)  # the scheduled check
    assert maintenance.data.latest_firmware == "9.3.0.3"

    station.state.vendor_reachable = False
    await async_tick(hass, freezer, 6 * 3600)  # a failed scheduled check is quiet
    assert maintenance.last_update_success
    assert maintenance.data.latest_firmware == "9.3.0.3"
    with pytest.raises(HomeAssistantError) as err:
        await maintenance.async_check_firmware_now()
    assert err.value.translation_key == "station_refused"


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
    # The re-read fails once, then the requested refresh reads it.
    await coordinator.async_execute(AsyncMock(return_value=frozenset({Section.GENERAL})))
    await hass.async_block_till_done()


async def test_execute_without_sections(init_integration: MockConfigEntry) -> None:
    """A write that changes no section reads nothing."""
    coordinator = coordinator_of(init_integration)
    await coordinator.async_execute(AsyncMock(return_value=None))


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
