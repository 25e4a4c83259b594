"""Snapshots of every entity of both generations, platform by platform, and which exist."""

from __future__ import annotations

import time
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from simulator import SimulatedStation

FROZEN_NOW = "2025-06-02 08:00:00+00:00"


UPTIME = 3 * 3600


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("api_version", ["v1", "v2"])
@pytest.mark.parametrize(
    "platform",
    [Platform.BINARY_SENSOR, Platform.BUTTON, Platform.SELECT, Platform.SENSOR, Platform.SWITCH],
)
async def test_entities(  # noqa: PLR0917
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    station: SimulatedStation,
    mock_config_entry: MockConfigEntry,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Every entity the station supports, with its registry entry and state."""
    freezer.move_to(FROZEN_NOW)
    station.state.boot_time = time.monotonic() - UPTIME
    station.state.status = {"standby", "connected"}
    with patch("custom_components.astros.PLATFORMS", [platform]):
        mock_config_entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)


PLATFORMS_BY_API = {
    "v1": [Platform.NUMBER, Platform.TEXT, Platform.UPDATE],
    "v2": [Platform.NUMBER, Platform.TEXT, Platform.TIME, Platform.UPDATE],
}


@pytest.mark.parametrize(
    ("api_version", "platform"),
    [(api, platform) for api, platforms in PLATFORMS_BY_API.items() for platform in platforms],
)
async def test_setting_entities(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
    platform: Platform,
) -> None:
    """The text, number, time and update entities, for both generations."""
    with patch("custom_components.astros.PLATFORMS", [platform]):
        mock_config_entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)


@pytest.mark.parametrize("api_version", ["v1"])
@pytest.mark.usefixtures("init_integration")
async def test_v1_has_no_v2_settings(hass: HomeAssistant) -> None:
    """Daily reboot time and slider interval exist only on v2 stations."""
    assert hass.states.get("time.astros_1_daily_reboot_time") is None
    assert hass.states.get("number.astros_1_image_slider_interval") is None
    assert hass.states.get("text.astros_1_ntp_server").state == "pool.ntp.org"
