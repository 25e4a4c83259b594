"""Switches, against the simulator."""

from __future__ import annotations

from homeassistant.const import (
    ATTR_ASSUMED_STATE,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    STATE_UNKNOWN,
)
from homeassistant.core import HomeAssistant, State
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, mock_restore_cache

from simulator import SimulatedStation

from ..helpers import attr, call, state_of

SWITCHES = [
    ("v1", "remote_view", "remote_view"),
    ("v1", "vga_output", "vga_enabled"),
    ("v1", "automatic_time", "auto_time"),
    ("v1", "hide_wi_fi_ssid", "wifi.hide_ssid"),
    ("v2", "remote_view", "remote_view"),
    ("v2", "airplay", "allow_airplay"),
    ("v2", "google_cast", "allow_google_cast"),
    ("v2", "miracast", "allow_miracast"),
    ("v2", "vga_output", "vga_enabled"),
    ("v2", "audio_from_hdmi", "audio_from_hdmi"),
    ("v2", "automatic_time", "auto_time"),
    ("v2", "24_hour_clock", "show_time_24h"),
    ("v2", "daily_reboot", "daily_reboot"),
    ("v2", "show_device_name", "device_name_shown"),
    ("v2", "show_ip_address", "ip_shown"),
    ("v2", "miracast_pin", "miracast_pin"),
    ("v2", "image_slider", "image_slider"),
    ("v2", "hide_wi_fi_ssid", "wifi.hide_ssid"),
    ("v2", "pod_auto_projection", "pod.auto_projection"),
]


@pytest.mark.parametrize(("api_version", "key", "path"), SWITCHES)
async def test_switch(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    key: str,
    path: str,
) -> None:
    """Each switch changes the station, and shows what the station reports."""
    entity_id = f"switch.astros_1_{key}"
    initial = attr(station, path)
    assert state_of(hass, entity_id).state == (STATE_ON if initial else STATE_OFF)

    for on in (not initial, initial):
        await call(hass, "switch", SERVICE_TURN_ON if on else SERVICE_TURN_OFF, entity_id)
        assert attr(station, path) is on
        assert state_of(hass, entity_id).state == (STATE_ON if on else STATE_OFF)


async def test_display_switch(
    hass: HomeAssistant, station: SimulatedStation, init_integration: MockConfigEntry
) -> None:
    """The v1 display cannot be read: the switch shows the last command."""
    entity_id = "switch.astros_1_display"
    state = state_of(hass, entity_id)
    assert state.state == STATE_UNKNOWN
    assert state.attributes[ATTR_ASSUMED_STATE] is True

    await call(hass, "switch", SERVICE_TURN_OFF, entity_id)
    assert station.state.display_on is False
    assert state_of(hass, entity_id).state == STATE_OFF
    await call(hass, "switch", SERVICE_TURN_ON, entity_id)
    assert station.state.display_on is True
    assert state_of(hass, entity_id).state == STATE_ON


async def test_display_switch_restored(
    hass: HomeAssistant, station: SimulatedStation, mock_config_entry: MockConfigEntry
) -> None:
    """The last display command survives a restart."""
    mock_restore_cache(hass, [State("switch.astros_1_display", STATE_OFF)])
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert state_of(hass, "switch.astros_1_display").state == STATE_OFF
