"""Selects: every option against the simulator, odd station values, option helpers."""

from __future__ import annotations

from typing import Any
from unittest.mock import MagicMock

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.select import ATTR_OPTION, ATTR_OPTIONS, SERVICE_SELECT_OPTION
from homeassistant.const import ATTR_ENTITY_ID, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.astros.api.models import (
    ApiVersion,
    DisplaySettings,
    GeneralSettings,
    NetworkSettings,
    PowerMode,
    PowerSettings,
    Resolution,
    StationState,
    TimeSettings,
    WifiMode,
    WifiSettings,
)
from custom_components.astros.api.v2 import AstrosV2Client
from custom_components.astros.options import power_timeout_key
from custom_components.astros.select import SELECTS
from simulator import SimulatedStation

from ..helpers import EMPTY_STATE, async_tick, attr, call, state_of

SELECT_CASES = [
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


@pytest.mark.parametrize(("api_version", "key", "option", "path", "expected"), SELECT_CASES)
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


POWER_TIMEOUT = "select.astros_1_power_saving_after"


WALLPAPER = "select.astros_1_wallpaper"


@pytest.mark.usefixtures("init_integration")
async def test_power_timeout_outside_the_list(
    hass: HomeAssistant, station: SimulatedStation, freezer: FrozenDateTimeFactory
) -> None:
    """An undocumented timeout is offered as it is; choosing it goes to the station."""
    station.state.power_timeout = 45
    await async_tick(hass, freezer, 150)
    state = hass.states.get(POWER_TIMEOUT)
    assert state is not None
    assert state.state == "45_minutes"
    assert "45_minutes" in state.attributes[ATTR_OPTIONS]
    # Choosing it (again) is the station's decision, not a KeyError.
    try:
        await hass.services.async_call(
            "select",
            SERVICE_SELECT_OPTION,
            {ATTR_ENTITY_ID: POWER_TIMEOUT, ATTR_OPTION: "45_minutes"},
            blocking=True,
        )
    except HomeAssistantError as err:
        assert err.translation_domain == "astros"
    await hass.services.async_call(
        "select",
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: POWER_TIMEOUT, ATTR_OPTION: "5_minutes"},
        blocking=True,
    )
    assert station.state.power_timeout == 5


@pytest.mark.parametrize("api_version", ["v2"])
@pytest.mark.usefixtures("init_integration")
async def test_wallpaper_slot_outside_the_documents(
    hass: HomeAssistant, station: SimulatedStation, freezer: FrozenDateTimeFactory
) -> None:
    """A slot beyond 0-5 in the station's list is not offered (it has no name)."""
    station.state.wallpapers[7] = ("odd.png", b"\x89PNG")
    await async_tick(hass, freezer, 30)
    state = hass.states.get(WALLPAPER)
    assert state is not None
    assert state.attributes[ATTR_OPTIONS]
    assert all(option.rsplit("_", 1)[1] in "123456" for option in state.attributes[ATTR_OPTIONS])


SELECT = {description.key: description for description in SELECTS}


def test_power_timeout_keys() -> None:
    """Minutes become translated option keys."""
    assert power_timeout_key(-1) == "never"
    assert power_timeout_key(1) == "1_minute"
    assert power_timeout_key(15) == "15_minutes"


def test_selects_without_values() -> None:
    """Sections or fields the station did not report give no current option."""
    for description in SELECTS:
        assert description.value_fn(EMPTY_STATE) is None, description.key
    unknown = StationState(
        ApiVersion.V2,
        frozenset(),
        display=DisplaySettings(hdmi_resolution=Resolution.UNKNOWN),
        general=GeneralSettings(wallpaper=9),
    )
    assert SELECT["hdmi_resolution"].value_fn(unknown) is None
    assert SELECT["wallpaper"].value_fn(unknown) is None


def test_select_options_keep_unusual_current_values() -> None:
    """A value outside the documented lists stays selectable as the current one."""
    client = AstrosV2Client
    state = StationState(
        ApiVersion.V2,
        frozenset(),
        power=PowerSettings(timeout=120),
        time=TimeSettings(time_zone="Europe/Paris"),
        network=NetworkSettings(wifi=WifiSettings(mode=WifiMode.CLIENT)),
        general=GeneralSettings(wallpapers=(0, 1, 3)),
    )
    assert "120_minutes" in SELECT["power_saving_timeout"].options_fn(client, state)  # type: ignore[arg-type]
    assert SELECT["time_zone"].options_fn(client, state)[-1] == "Europe/Paris"  # type: ignore[arg-type]
    assert SELECT["wifi_mode"].options_fn(client, state) == ["off", "access_point", "client"]  # type: ignore[arg-type]
    assert SELECT["wallpaper"].options_fn(client, state) == ["builtin_1", "builtin_2", "custom_4"]  # type: ignore[arg-type]


def test_power_mode_without_timeout() -> None:
    """Without a known timeout, sleep is set with 30 minutes."""
    client = MagicMock()
    SELECT["power_saving_mode"].select_fn(client, EMPTY_STATE, "sleep")
    client.async_set_power.assert_called_once_with(PowerMode.SLEEP, 30)
