"""Helpers shared by the integration tests."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from simulator import SimulatedStation


async def async_tick(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float = 30
) -> None:
    """Move time on by ``seconds`` and let the coordinator poll."""
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


async def async_wait_back(
    station: SimulatedStation, freezer: FrozenDateTimeFactory, limit: int = 200
) -> None:
    """Let a rebooting station come back.

    The event loop's clock is frozen too, so the simulator's timers only run
    when the frozen time moves on.
    """
    for _ in range(limit):
        if not station.rebooting and station.online:
            return
        freezer.tick(timedelta(seconds=0.1))
        await asyncio.sleep(0)
    raise TimeoutError("station did not come back")
