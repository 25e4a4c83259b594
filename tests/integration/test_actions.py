"""Every action of the switch, select and button entities, against the simulator."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import SERVICE_PRESS
from homeassistant.components.select import ATTR_OPTION, SERVICE_SELECT_OPTION
from homeassistant.const import (
    ATTR_ASSUMED_STATE,
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    STATE_UNKNOWN,
)
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, State, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.event import async_track_state_change_event
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, mock_restore_cache

from custom_components.astros.const import DOMAIN
from simulator import FaultKind, SimulatedStation

from .common import async_tick, async_wait_back


def attr(station: SimulatedStation, path: str) -> Any:
    """Read ``a.b`` from the station's state."""
    value: Any = station.state
    for part in path.split("."):
        value = getattr(value, part)
    return value


async def call(hass: HomeAssistant, domain: str, service: str, entity_id: str, **data: Any) -> None:
    """Call an entity action and wait for it."""
    await hass.services.async_call(
        domain, service, {ATTR_ENTITY_ID: entity_id, **data}, blocking=True
    )


def state_of(hass: HomeAssistant, entity_id: str) -> State:
    """The entity's state (it must exist)."""
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state


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


SELECTS = [
    ("v1", "language", "traditional_chinese", "language", 1),
    ("v2", "language", "simplified_chinese", "language", 2),
    ("v1", "hdmi_resolution", "fhd_1920x1080", "hdmi_resolution", 2),
    ("v2", "hdmi_resolution", "hd_1280x720", "hdmi_resolution", 3),
    ("v1", "wallpaper", "builtin_2", "wallpaper", 1),
    ("v2", "wallpaper", "builtin_2", "wallpaper", 1),
    ("v1", "time_zone", "Europe/Amsterdam", "time_zone", "Europe/Amsterdam"),
    ("v2", "time_zone", "America/New_York", "time_zone", "America/New_York"),
    ("v1", "login_code_mode", "none", "login_code_type", 1),
    ("v2", "login_code_mode", "none", "login_code_type", 1),
    ("v1", "power_saving_mode", "suspend", "power_mode", 1),
    ("v2", "power_saving_mode", "suspend", "power_mode", 1),
    ("v1", "power_saving_after", "60_minutes", "power_timeout", 60),
    ("v2", "power_saving_after", "never", "power_timeout", -1),
    ("v1", "wi_fi_mode", "off", "wifi.mode", "OFF"),
    ("v2", "wi_fi_mode", "off", "wifi.mode", "OFF"),
    ("v1", "wi_fi_band", "ghz_2_4", "wifi.band", 0),
    ("v2", "wi_fi_band", "ghz_2_4", "wifi.band", 0),
    ("v1", "gatekeeper", "block_all", "wifi.gatekeeper", 2),
    ("v2", "gatekeeper", "internet_only", "wifi.gatekeeper", 1),
]


@pytest.mark.parametrize(("api_version", "key", "option", "path", "expected"), SELECTS)
async def test_select(  # noqa: PLR0917
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    key: str,
    option: str,
    path: str,
    expected: Any,
) -> None:
    """Each select changes the station, and shows what the station reports."""
    entity_id = f"select.astros_1_{key}"
    assert option in state_of(hass, entity_id).attributes["options"]
    await call(hass, "select", SERVICE_SELECT_OPTION, entity_id, **{ATTR_OPTION: option})
    assert attr(station, path) == expected
    assert state_of(hass, entity_id).state == option


@pytest.mark.parametrize("api_version", ["v1", "v2"])
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_login_code_fixed(
    hass: HomeAssistant, station: SimulatedStation, init_integration: MockConfigEntry
) -> None:
    """``fixed`` keeps the code on screen; without one it is refused."""
    entity_id = "select.astros_1_login_code_mode"
    await call(hass, "select", SERVICE_SELECT_OPTION, entity_id, **{ATTR_OPTION: "fixed"})
    assert station.state.login_code_type == 2
    assert station.state.login_code == "4321"
    assert state_of(hass, "sensor.astros_1_login_code").state == "4321"

    await call(hass, "select", SERVICE_SELECT_OPTION, entity_id, **{ATTR_OPTION: "none"})
    assert state_of(hass, "sensor.astros_1_login_code").state == STATE_UNKNOWN
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "select", SERVICE_SELECT_OPTION, entity_id, **{ATTR_OPTION: "fixed"})
    assert err.value.translation_key == "login_code_required"
    assert station.state.login_code_type == 1

    await call(hass, "select", SERVICE_SELECT_OPTION, entity_id, **{ATTR_OPTION: "random"})
    assert station.state.login_code_type == 0


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_reboot_button(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The restart button reboots the station; the silence is expected."""
    reboots = station.state.reboot_count
    await call(hass, "button", SERVICE_PRESS, "button.astros_1_restart")
    await async_wait_back(station, freezer)
    assert station.state.reboot_count == reboots + 1
    assert init_integration.runtime_data.coordinator.offline_expected()


async def test_reboot_button_refused(
    hass: HomeAssistant, station: SimulatedStation, init_integration: MockConfigEntry
) -> None:
    """A refused reboot is an error and ends the expected-offline window."""
    station.faults.add(FaultKind.ERROR_CODE, count=1, path="power/reboot", error_code=1005)
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, "button", SERVICE_PRESS, "button.astros_1_restart")
    assert err.value.translation_key == "station_refused"
    assert not init_integration.runtime_data.coordinator.offline_expected()


async def test_firmware_update_button_refused_without_new_firmware(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Refused while no newer firmware is known."""
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "button", SERVICE_PRESS, "button.astros_1_start_firmware_update")
    assert err.value.translation_key == "no_firmware_update"


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
