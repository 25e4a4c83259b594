"""Every ``mdi:`` icon the integration names exists in Home Assistant's icon set.

hassfest only checks the ``mdi:`` prefix; a name that is not in the Material
Design Icons set shows as a blank space. The set checked against is the one
the installed ``home-assistant-frontend`` package serves
(``hass_frontend/static/mdi/iconList.json``, what the frontend itself loads to
draw an ``mdi:`` icon), so the check follows the frontend version pinned in
the test requirements. Without that package (a test environment that does not
install it) the test is skipped, with the reason.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
import re

import pytest

INTEGRATION = Path(__file__).resolve().parents[1] / "custom_components" / "astros"
ICON = re.compile(r"mdi:[a-z0-9]+(?:-[a-z0-9]+)*")


def _frontend_icon_names() -> set[str]:
    spec = importlib.util.find_spec("hass_frontend")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("home-assistant-frontend is not installed in this environment")
    root = Path(next(iter(spec.submodule_search_locations)))
    icon_list = root / "static" / "mdi" / "iconList.json"
    assert icon_list.is_file(), f"the frontend package has no {icon_list}"
    entries = json.loads(icon_list.read_text(encoding="utf-8"))
    names = {entry["name"] for entry in entries}
    # A sanity check that this is the full set and not a stub.
    assert len(names) > 5000
    assert "cast" in names
    return names


def _icons_in(text: str) -> set[str]:
    return set(ICON.findall(text))


def _integration_icons() -> dict[str, set[str]]:
    """File name -> the ``mdi:`` icons it names."""
    found: dict[str, set[str]] = {}
    icons_json = INTEGRATION / "icons.json"
    found[icons_json.name] = _icons_in(icons_json.read_text(encoding="utf-8"))
    for path in sorted(INTEGRATION.rglob("*.py")):
        icons = _icons_in(path.read_text(encoding="utf-8"))
        if icons:
            found[str(path.relative_to(INTEGRATION))] = icons
    return found


def test_icons_json_names_icons() -> None:
    """The scan finds the icons (so the check below cannot pass on nothing)."""
    icons = _integration_icons()["icons.json"]
    assert len(icons) > 20
    assert "mdi:cast" in icons


def test_every_mdi_icon_exists_in_the_frontend() -> None:
    names = _frontend_icon_names()
    missing = {
        source: sorted(icon for icon in icons if icon.removeprefix("mdi:") not in names)
        for source, icons in _integration_icons().items()
    }
    missing = {source: icons for source, icons in missing.items() if icons}
    assert not missing, f"icons that are not in the frontend's Material Design Icons: {missing}"


def test_icons_json_values_are_well_formed() -> None:
    """Every value in icons.json is one ``mdi:`` name (no typo the regex would skip)."""
    data = json.loads((INTEGRATION / "icons.json").read_text(encoding="utf-8"))
    values: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, str):
            values.append(node)

    walk(data)
    assert values
    bad = [value for value in values if not ICON.fullmatch(value)]
    assert not bad, f"icon values that are not one mdi: name: {bad}"
