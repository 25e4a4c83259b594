"""Sensors: odd readings and the status helper."""

from __future__ import annotations

import logging
import time

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.astros.api.models import ApiVersion, StationState, StatusInfo
from custom_components.astros.sensor import main_status
from simulator import SimulatedStation

from ..helpers import EMPTY_STATE, async_tick

BOOT_TIME = "sensor.astros_1_boot_time"


async def test_absurd_uptime_keeps_the_boot_time(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An uptime no clock can go back keeps the last boot time and logs no error."""
    state = hass.states.get(BOOT_TIME)
    assert state is not None
    boot = state.state
    station.state.boot_time = time.monotonic() - 1e15
    await async_tick(hass, freezer, 30)
    state = hass.states.get(BOOT_TIME)
    assert state is not None
    assert state.state == boot
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_main_status_without_status() -> None:
    """No status section, or no known status: no state."""
    assert main_status(EMPTY_STATE) is None
    assert main_status(StationState(ApiVersion.V1, frozenset(), status=StatusInfo())) is None
