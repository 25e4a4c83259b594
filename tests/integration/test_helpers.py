"""Unit tests of small helpers, for readings the simulator does not produce."""

from __future__ import annotations

from unittest.mock import MagicMock

from custom_components.astros.api.models import (
    ApiVersion,
    DisplaySettings,
    GeneralSettings,
    NetworkSettings,
    PowerMode,
    PowerSettings,
    Resolution,
    StationState,
    StatusInfo,
    TimeSettings,
    WifiMode,
    WifiSettings,
)
from custom_components.astros.api.v2 import AstrosV2Client
from custom_components.astros.entity import configuration_url
from custom_components.astros.select import SELECTS, power_timeout_key
from custom_components.astros.sensor import main_status

EMPTY = StationState(api_version=ApiVersion.V2, capabilities=frozenset())
SELECT = {description.key: description for description in SELECTS}


def test_configuration_url() -> None:
    """The station's web page, with the port only when one is set."""
    assert configuration_url("10.0.0.5", None, False) == "http://10.0.0.5"
    assert configuration_url("10.0.0.5", 8443, True) == "https://10.0.0.5:8443"
    assert configuration_url("fe80::1", 80, False) == "http://[fe80::1]:80"


def test_power_timeout_keys() -> None:
    """Minutes become translated option keys."""
    assert power_timeout_key(-1) == "never"
    assert power_timeout_key(1) == "1_minute"
    assert power_timeout_key(15) == "15_minutes"


def test_main_status_without_status() -> None:
    """No status section, or no known status: no state."""
    assert main_status(EMPTY) is None
    assert main_status(StationState(ApiVersion.V1, frozenset(), status=StatusInfo())) is None


def test_selects_without_values() -> None:
    """Sections or fields the station did not report give no current option."""
    for description in SELECTS:
        assert description.value_fn(EMPTY) is None, description.key
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
    SELECT["power_saving_mode"].select_fn(client, EMPTY, "sleep")
    client.async_set_power.assert_called_once_with(PowerMode.SLEEP, 30)
