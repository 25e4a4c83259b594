"""Helpers shared by the Home Assistant tests (``tests/integration/``).

Clock semantics, in short:

``async_tick(hass, freezer, seconds)``
    Needs the ``freezer`` fixture (a frozen clock). Moves the frozen clock on,
    fires Home Assistant's time listeners (so the coordinators poll) and waits
    until Home Assistant is idle, background tasks included.
``async_wait_back(station, freezer=None)``
    Waits until a rebooting or updating simulated station answers again.
    With ``freezer`` (the test froze the clock) the event loop's clock is
    frozen too, so the simulator's timers only run when frozen time moves on:
    it ticks the freezer by 0.1 s at a time. Without it, it sleeps in real
    time. Both give up (``TimeoutError``) after about 20 s of station time
    (frozen) or 5 s (real).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.update import DOMAIN as UPDATE_DOMAIN
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, State, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.astros.api.models import ApiVersion, StationState
from custom_components.astros.const import DOMAIN
from simulator import SimulatedStation

#: The firmware update entity of the simulated station.
FIRMWARE_ENTITY = f"{UPDATE_DOMAIN}.astros_1_firmware"
#: A firmware version newer than any the simulator starts with.
NEW_FIRMWARE = "9.9.9.9"
#: A v2 station state with no section read.
EMPTY_STATE = StationState(api_version=ApiVersion.V2, capabilities=frozenset())

# Clock


async def async_tick(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float = 30
) -> None:
    """Move the frozen clock on by ``seconds`` and let the coordinators poll."""
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


async def async_wait_back(
    station: SimulatedStation, freezer: FrozenDateTimeFactory | None = None
) -> None:
    """Wait until a rebooting station answers again.

    With ``freezer`` the clock is frozen and this ticks it (0.1 s a step, at
    most 200 steps); without, it sleeps in real time (at most 5 s).
    """
    if freezer is None:
        async with asyncio.timeout(5):
            while station.rebooting or not station.online:  # noqa: ASYNC110 (simulator has no event)
                await asyncio.sleep(0.05)
        return
    for _ in range(200):
        if not station.rebooting and station.online:
            return
        freezer.tick(timedelta(seconds=0.1))
        await asyncio.sleep(0)
    raise TimeoutError("station did not come back")


# Entities


def state_of(hass: HomeAssistant, entity_id: str) -> State:
    """The entity's state (it must exist)."""
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state


def attr(station: SimulatedStation, path: str) -> Any:
    """Read ``a.b`` from the simulated station's state."""
    value: Any = station.state
    for part in path.split("."):
        value = getattr(value, part)
    return value


async def call(hass: HomeAssistant, domain: str, service: str, entity_id: str, **data: Any) -> None:
    """Call an entity action (``switch.turn_on``, ...) and wait for it."""
    await hass.services.async_call(
        domain, service, {ATTR_ENTITY_ID: entity_id, **data}, blocking=True
    )


# Station actions (astros.*)


async def call_action(
    hass: HomeAssistant, service: str, entry: ConfigEntry, *, response: bool = False, **data: Any
) -> Any:
    """Call ``astros.<service>`` on one config entry and wait for it.

    ``response`` asks for the action's response (returned), as an automation
    with ``response_variable`` does.
    """
    return await hass.services.async_call(
        DOMAIN,
        service,
        {"config_entry_id": entry.entry_id, **data},
        blocking=True,
        return_response=response,
    )


async def action_refused(
    hass: HomeAssistant,
    service: str,
    entry: ConfigEntry,
    key: str,
    *,
    response: bool = False,
    **data: Any,
) -> ServiceValidationError:
    """Call the action and check it is refused as the caller's mistake with ``key``."""
    with pytest.raises(ServiceValidationError) as err:
        await call_action(hass, service, entry, response=response, **data)
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == key
    return err.value


async def action_failed(
    hass: HomeAssistant, service: str, entry: ConfigEntry, key: str, **data: Any
) -> HomeAssistantError:
    """A failure that is not the person's input (not a ServiceValidationError)."""
    with pytest.raises(HomeAssistantError) as err:
        await call_action(hass, service, entry, **data)
    assert not isinstance(err.value, ServiceValidationError)
    assert err.value.translation_key == key
    return err.value


# Firmware


async def async_check_for_updates(hass: HomeAssistant) -> None:
    """Ask the firmware update entity to check now (``homeassistant.update_entity``)."""
    await async_setup_component(hass, "homeassistant", {})
    await hass.services.async_call(
        "homeassistant", "update_entity", {ATTR_ENTITY_ID: FIRMWARE_ENTITY}, blocking=True
    )


def record_firmware_attributes(hass: HomeAssistant) -> list[dict[str, Any]]:
    """Start recording the firmware entity's attributes at each state change."""
    seen: list[dict[str, Any]] = []

    @callback
    def changed(event: Event[EventStateChangedData]) -> None:
        if (state := event.data["new_state"]) is not None:
            seen.append(dict(state.attributes))

    async_track_state_change_event(hass, FIRMWARE_ENTITY, changed)
    return seen
