"""Helpers of the feature tests."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from simulator import SimulatedStation


async def async_wait_back(station: SimulatedStation) -> None:
    """Wait (in real time: the clock must not be frozen) until a rebooting station answers."""
    async with asyncio.timeout(5):
        while station.rebooting or not station.online:  # noqa: ASYNC110 (simulator has no event)
            await asyncio.sleep(0.05)


async def async_tick(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float = 30
) -> None:
    """Move the frozen clock on by ``seconds`` and let the coordinator poll."""
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
