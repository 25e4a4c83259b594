"""Static checks of translations/*.json and icons.json against the code."""

from __future__ import annotations

import json
from pathlib import Path
import re
from typing import Any

import pytest

from custom_components.astros import binary_sensor, button, options, select, sensor, switch

INTEGRATION = Path(__file__).parents[2] / "custom_components" / "astros"


EN = json.loads((INTEGRATION / "translations" / "en.json").read_text(encoding="utf-8"))


ICONS = json.loads((INTEGRATION / "icons.json").read_text(encoding="utf-8"))


MODULES = ("__init__", "coordinator", "config_flow", "select", "button", "switch", "sensor")


KEY = re.compile(r'translation_key="([a-z0-9_]+)"')


CODE = "\n".join((INTEGRATION / f"{module}.py").read_text(encoding="utf-8") for module in MODULES)


def test_exception_keys_translated() -> None:
    """Every translation key raised in code has an English message."""
    entity_keys = {key for platform in EN["entity"].values() for key in platform}
    for key in set(KEY.findall(CODE)) - entity_keys:
        assert key in EN["exceptions"], key
        assert EN["exceptions"][key]["message"]


@pytest.mark.parametrize(
    ("platform", "descriptions"),
    [
        ("binary_sensor", binary_sensor.BINARY_SENSORS),
        ("button", button.BUTTONS),
        ("select", select.SELECTS),
        ("sensor", (*sensor.SENSORS, sensor.BOOT_TIME)),
        ("switch", (*switch.SWITCHES, switch.DISPLAY_SWITCH)),
    ],
)
def test_entities_translated_with_icons(platform: str, descriptions: tuple) -> None:  # type: ignore[type-arg]
    """Each entity has a name, an icon, and a translation of each state it can show."""
    for description in descriptions:
        key = description.translation_key
        if key is None:
            assert description.device_class is not None  # named by its device class
            continue
        assert EN["entity"][platform][key]["name"]
        assert ICONS["entity"][platform][key]["default"].startswith("mdi:")
        for option in getattr(description, "options", None) or ():
            assert option in EN["entity"][platform][key]["state"], (key, option)


def test_select_options_translated() -> None:
    """Every option a select can offer (except time zones) is translated."""
    from custom_components.astros.api.models import (
        Gatekeeper,
        Language,
        LoginCodeMode,
        PowerMode,
        Resolution,
        WifiBand,
        WifiMode,
    )

    states = {key: value.get("state", {}) for key, value in EN["entity"]["select"].items()}
    expected = {
        "hdmi_resolution": [options.resolution_key(r) for r in Resolution if r >= 0],
        "language": [m.name.lower() for m in Language],
        "login_code_mode": [m.name.lower() for m in LoginCodeMode],
        "power_saving_mode": [m.name.lower() for m in PowerMode],
        "power_saving_timeout": [options.power_timeout_key(m) for m in (-1, 1, 5, 15, 30, 60)],
        "wallpaper": [options.wallpaper_key(slot) for slot in range(6)],
        "wifi_mode": [str(m) for m in WifiMode],
        "wifi_band": [m.name.lower() for m in WifiBand],
        "gatekeeper": [m.name.lower() for m in Gatekeeper],
    }
    for key, wanted in expected.items():
        for option in wanted:
            assert option in states[key], (key, option)


TRANSLATIONS = Path(__file__).parents[2] / "custom_components" / "astros" / "translations"


def _flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(node, dict):
        flat: dict[str, Any] = {}
        for key, value in node.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else key))
        return flat
    return {prefix: node}


def _load(language: str) -> dict[str, Any]:
    return _flatten(json.loads((TRANSLATIONS / f"{language}.json").read_text("utf-8")))


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_same_keys_as_english(language: str) -> None:
    """Every key of en.json exists in the translation, and nothing more."""
    english, other = _load("en"), _load(language)
    assert sorted(set(english) - set(other)) == [], "missing in " + language
    assert sorted(set(other) - set(english)) == [], "not in en.json"


@pytest.mark.parametrize("language", ["en", "zh-Hant", "zh-Hans"])
def test_values_complete(language: str) -> None:
    """No value is empty, no value refers to another key, every value is text."""
    for key, value in _load(language).items():
        assert isinstance(value, str), key
        assert value.strip(), f"{key} is empty"
        assert "[%key:" not in value, f"{key} refers to another key"


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_same_placeholders(language: str) -> None:
    """A translation uses exactly the placeholders of the English text."""
    import string

    def names(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    english, other = _load("en"), _load(language)
    for key, value in english.items():
        if key in other:
            assert names(other[key]) == names(value), key
