"""Tests of the diagnostics download."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from ..conftest import PASSWORD, STATION_LOGIN_CODE, STATION_MACS, STATION_SERIAL


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
    snapshot: SnapshotAssertion,
    api_version: str,
) -> None:
    """Diagnostics hold the state, with secrets and identifiers redacted."""
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, init_integration)
    clock_answers = [key for key in diagnostics["raw_answers"] if key.endswith(("/time", "/clock"))]
    assert clock_answers  # the station's clock is read, and changes from run to run
    stable = {
        **diagnostics,
        "raw_answers": {
            key: value
            for key, value in diagnostics["raw_answers"].items()
            if key not in clock_answers
        },
    }
    assert stable == snapshot(
        exclude=props("port", "station_time", "uptime", "expiredTime", "expires")
    )
    text = str(diagnostics)
    for secret in (PASSWORD, STATION_MACS[api_version], STATION_SERIAL, STATION_LOGIN_CODE):
        assert secret not in text
