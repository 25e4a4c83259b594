"""What a person sees: the integration in a real Home Assistant, in headless Chromium.

One stack for the module (simulator with stations v1, v2, v2; Home Assistant
with the first two added by the demo's setup step, the third left to add in
the browser). Every test logs in through the login page of a fresh browser
context. Checks are generic (every entity row of a device page), so new
entities are covered without changing this file.

Run only these: ``pytest -m browser``; skip them: ``pytest -m "not browser"``.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
import re
from typing import TYPE_CHECKING, Any

import pytest

from .conftest import OFFERED_FIRMWARE, Browse
from .harness import ENTITY_ROWS_JS, HarnessError, PlaywrightTimeoutError, Stack, wait_for

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

TRANSLATIONS = Path(__file__).resolve().parents[2] / "custom_components" / "astros" / "translations"
V1, V2, UNADDED = 0, 1, 2
#: how long a change may take to reach the station or the page
FOLLOW_MS = 20_000


def _translations(language: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((TRANSLATIONS / f"{language}.json").read_text("utf-8"))
    return data


def _expected_names(stack: Stack, device_id: str, language: str) -> dict[str, str]:
    """Entity id -> the name its row must show: the translation of its translation key."""
    names = _translations(language)["entity"]
    (entities,) = stack.ws({"type": "config/entity_registry/list"})
    expected: dict[str, str] = {}
    for entity in entities:
        if entity["device_id"] != device_id or entity["platform"] != "astros":
            continue
        key = entity.get("translation_key")
        platform = entity["entity_id"].split(".", 1)[0]
        name = names.get(platform, {}).get(key, {}).get("name") if key else None
        if name:
            expected[entity["entity_id"]] = name
    return expected


def _open_device_page(page: Page, stack: Stack, index: int) -> list[dict[str, Any]]:
    """Open the station's device page; its entity rows once they are all drawn."""
    device = stack.device_of(index)
    page.goto(f"{stack.ha_url}/config/devices/device/{device['id']}")
    page.get_by_text(device["name"], exact=True).first.wait_for()
    enabled = set(stack.entities_of(device["id"]).values())

    def all_rows() -> list[dict[str, Any]] | None:
        rows: list[dict[str, Any]] = page.evaluate(ENTITY_ROWS_JS)
        shown = {row["entity"] for row in rows}
        return rows if enabled <= shown else None

    wait_for("every entity row", all_rows, 30)

    # Icons and relative times are drawn a moment after the rows: give every
    # row a few seconds to show its icon and state, then report what is there.
    def settled() -> bool:
        rows = [r for r in page.evaluate(ENTITY_ROWS_JS) if r["entity"] in enabled]
        return all((r["icon_paths"] or r["picture"]) and _shows_state(r) for r in rows)

    with contextlib.suppress(HarnessError):
        wait_for("every row to show its icon and state", settled, 15)
    rows: list[dict[str, Any]] = page.evaluate(ENTITY_ROWS_JS)
    return [row for row in rows if row["entity"] in enabled]


def _shows_state(row: dict[str, Any]) -> bool:
    return bool(
        row["toggle"] is not None or row["select"] or row["inputs"] or row["buttons"] or row["text"]
    )


def _check_rows(rows: list[dict[str, Any]], expected: dict[str, str], stack: Stack) -> None:
    """Every row: its translated name, a drawn icon (or the entity's picture), a state."""
    problems: list[str] = []
    for row in rows:
        entity_id = row["entity"]
        name = row["name"]
        if not name or name == entity_id:
            problems.append(f"{entity_id}: no name shown ({name!r})")
        elif entity_id in expected and name != expected[entity_id]:
            problems.append(
                f"{entity_id}: shows {name!r}, its translation is {expected[entity_id]!r}"
            )
        state = stack.state(entity_id)
        assert state is not None, f"{entity_id} has no state"
        picture = state["attributes"].get("entity_picture")
        if row["icon_paths"] == 0 and not (picture and row["picture"]):
            problems.append(f"{entity_id}: no icon drawn (icon path empty)")
        # A button has no state to show; an assumed-state switch may not know its own.
        unknown_ok = row["tag"] == "hui-button-entity-row" or (
            state["state"] == "unknown" and state["attributes"].get("assumed_state")
        )
        if state["state"] in ("unavailable", "unknown") and not unknown_ok:
            problems.append(f"{entity_id}: state {state['state']}")
        if not _shows_state(row):
            problems.append(f"{entity_id}: the row shows no state or control")
    assert not problems, "\n".join(problems)


# --- the tests, in the order a person would go ----------------------------


def test_add_station_in_the_ui(browse: Browse, stack: Stack) -> None:
    """Add integration > ASTROS: the wrong password's translated error, then the device."""

    def steps(page: Page) -> None:
        errors = _translations("en")["config"]["error"]
        station = stack.stations[UNADDED]
        page.goto(f"{stack.ha_url}/config/integrations/dashboard")
        page.get_by_role("button", name=re.compile("add integration", re.IGNORECASE)).click()
        dialog = page.locator("dialog-add-integration")
        dialog.get_by_text("1-Wire").first.wait_for()  # the brand list is there
        # Filled, not typed: a key pressed before the field has the focus would
        # reach the frontend's shortcuts ("a" opens Assist).
        dialog.locator("input").first.fill("ASTROS")
        dialog.get_by_text("Astrogate ASTROS", exact=True).first.click()

        host = page.locator("input[name='host']")
        host.wait_for()
        host.fill("127.0.0.1")
        page.locator("ha-form-integer input").fill(str(station["port"]))
        page.locator("input[name='username']").fill("admin")
        page.locator("input[name='password']").fill("not-the-password")
        submit = page.get_by_role("button", name=re.compile("^submit$", re.IGNORECASE))
        submit.click()
        page.get_by_text(errors["invalid_auth"]).wait_for(timeout=FOLLOW_MS)

        page.locator("input[name='password']").fill("Astros2025")
        submit.click()
        # The success step (it names the new device); finish it.
        finish = page.get_by_role("button", name=re.compile("^(skip and )?finish$", re.IGNORECASE))
        finish.first.wait_for(timeout=FOLLOW_MS)
        finish.first.click()

        device = wait_for("the new device", lambda: _safe_device(stack, UNADDED), 30)
        page.goto(f"{stack.ha_url}/config/devices/dashboard")
        page.get_by_text(device["name"], exact=True).first.wait_for()

    browse(steps)


def _safe_device(stack: Stack, index: int) -> dict[str, Any] | None:
    try:
        return stack.device_of(index)
    except Exception:
        return None


@pytest.mark.parametrize("index", [V1, V2], ids=["v1", "v2"])
def test_device_page_rows(browse: Browse, stack: Stack, index: int) -> None:
    """Every entity row of the station's device page: translated name, icon, state."""

    def steps(page: Page) -> None:
        rows = _open_device_page(page, stack, index)
        assert len(rows) > 10, rows
        expected = _expected_names(stack, stack.device_of(index)["id"], "en")
        assert expected, "no entity with a translated name"
        _check_rows(rows, expected, stack)

    browse(steps)


def test_control_from_the_page(browse: Browse, stack: Stack) -> None:
    """Turn the AirPlay receiver off and choose another language, on the page."""
    keys = stack.entities_of(stack.device_of(V2)["id"])
    airplay, language = keys["airplay"], keys["language"]
    if not stack.sim_state(V2)["allow_airplay"]:
        stack.sim("PATCH", f"/stations/{V2}/state", {"allow_airplay": True})
        stack.api("POST", "/api/services/homeassistant/update_entity", {"entity_id": airplay})
        wait_for("AirPlay on", lambda: _state(stack, airplay) == "on", 20)
    before = stack.sim_state(V2)["language"]
    options = stack.state(language)["attributes"]["options"]  # type: ignore[index]
    target = options[(before + 1) % len(options)]
    label = _translations("en")["entity"]["select"]["language"]["state"][target]

    def steps(page: Page) -> None:
        _open_device_page(page, stack, V2)
        page.locator(f'[data-entity-id="{airplay}"] ha-switch').first.click()
        wait_for(
            "the station's AirPlay to turn off",
            lambda: not stack.sim_state(V2)["allow_airplay"],
            20,
        )
        wait_for("the entity to follow", lambda: _state(stack, airplay) == "off", 20)

        page.locator(f'[data-entity-id="{language}"] ha-select').first.click()
        _choose(page, label)
        wait_for(
            f"the station's language to become {target}",
            lambda: stack.sim_state(V2)["language"] == (before + 1) % len(options),
            20,
        )
        wait_for("the entity to follow", lambda: _state(stack, language) == target, 20)

    browse(steps)


def _choose(page: Page, label: str) -> None:
    """Pick ``label`` in the open drop-down (its items' role differs between versions)."""
    option = page.get_by_role("option", name=label, exact=True)
    try:
        option.first.wait_for(timeout=3_000)
    except PlaywrightTimeoutError:
        option = page.get_by_text(label, exact=True)
    option.first.click()


def _state(stack: Stack, entity_id: str) -> str | None:
    state = stack.state(entity_id)
    return None if state is None else str(state["state"])


def _set_home_language(stack: Stack, language: str) -> None:
    """The home's language (Settings > System > General), entries reloaded to apply it."""
    stack.ws({"type": "config/core/update", "language": language})
    entries = stack.api("GET", "/api/config/config_entries/entry?domain=astros")
    for entry in entries:
        stack.api("POST", f"/api/config/config_entries/entry/{entry['entry_id']}/reload")

    def loaded() -> bool:
        current = stack.api("GET", "/api/config/config_entries/entry?domain=astros")
        return all(entry["state"] == "loaded" for entry in current)

    wait_for("the entries to be loaded again", loaded, 60)


def test_names_in_traditional_chinese(browse: Browse, stack: Stack) -> None:
    """A person whose language is 繁體中文 sees the zh-Hant names on the device page.

    The person picks 繁體中文 in their profile (the page's own texts). Entity
    names come from the server in the home's language up to at least Home
    Assistant 2025.4, so the home's language is set to zh-Hant as well (as in a
    Chinese-speaking home) and restored afterwards.
    """
    device_id = stack.device_of(V1)["id"]
    expected = _expected_names(stack, device_id, "zh-Hant")
    english = _expected_names(stack, device_id, "en")
    assert any(expected[e] != english.get(e) for e in expected), "zh-Hant names equal English"

    def steps(page: Page) -> None:
        page.goto(f"{stack.ha_url}/profile/general")
        picker = page.locator(
            "ha-pick-language-row ha-select, ha-pick-language-row ha-language-picker"
        )
        try:
            picker.first.wait_for(timeout=10_000)
        except PlaywrightTimeoutError:
            # A profile page whose language picker this test does not know:
            # store the choice as that picker does (the user's frontend data).
            stack.ws(
                {
                    "type": "frontend/set_user_data",
                    "key": "language",
                    "value": {"language": "zh-Hant", "number_format": "language"},
                }
            )
            page.evaluate("() => localStorage.setItem('selectedLanguage', '\"zh-Hant\"')")
            page.reload()
        else:
            picker.first.click()
            _choose(page, "繁體中文")
        wait_for(
            "the language to be stored",
            lambda: page.evaluate("() => localStorage.getItem('selectedLanguage')") == '"zh-Hant"',
            10,
        )
        rows = _open_device_page(page, stack, V1)
        shown = {row["entity"]: row["name"] for row in rows if row["entity"] in expected}
        assert len(shown) > 10, f"too few translated rows found: {shown}"
        wrong = {e: n for e, n in shown.items() if n != expected[e]}
        assert not wrong, f"names that are not the zh-Hant ones: {wrong}"

    _set_home_language(stack, "zh-Hant")
    try:
        browse(steps)
    finally:
        _set_home_language(stack, "en")
        stack.ws(
            {
                "type": "frontend/set_user_data",
                "key": "language",
                "value": {"language": "en", "number_format": "language"},
            }
        )


def test_update_dialog_shows_progress(browse: Browse, stack: Stack) -> None:
    """Install the offered firmware from the update dialog and see its progress there."""
    update = stack.entities_of(stack.device_of(V2)["id"])["firmware"]

    def offered() -> bool:
        # The person's "check for updates" (asks the station at most every few minutes).
        stack.api("POST", "/api/services/homeassistant/update_entity", {"entity_id": update})
        return _state(stack, update) == "on"

    wait_for("the update entity to offer the firmware", offered, 60, interval=3)
    assert stack.state(update)["attributes"]["latest_version"] == OFFERED_FIRMWARE  # type: ignore[index]

    def steps(page: Page) -> None:
        _open_device_page(page, stack, V2)
        page.locator(f'[data-entity-id="{update}"]').first.click()
        dialog = page.locator("ha-more-info-dialog")
        dialog.get_by_text(OFFERED_FIRMWARE).first.wait_for()
        dialog.get_by_role("button", name=re.compile("^(update|install)$", re.IGNORECASE)).click()
        # While it installs, the dialog shows a progress bar (with the download's
        # percentage once the station reports one).
        dialog.locator("mwc-linear-progress, ha-progress-bar, md-linear-progress").first.wait_for(
            timeout=FOLLOW_MS
        )
        wait_for(
            "the entity to report the install in progress",
            lambda: stack.state(update)["attributes"].get("in_progress"),  # type: ignore[index]
            20,
        )
        wait_for(
            "the station to run the new firmware",
            lambda: _sim_version(stack, V2) == OFFERED_FIRMWARE,
            120,
            interval=2,
        )

    browse(steps)


def _sim_version(stack: Stack, index: int) -> str | None:
    try:
        return str(stack.sim_state(index)["firmware_version"])
    except Exception:
        return None


def test_brand_images_on_the_integration_page(browse: Browse, stack: Stack) -> None:
    """Home Assistant 2026.3+ serves a custom integration's brand/ images; the page shows them."""

    from homeassistant.const import MAJOR_VERSION, MINOR_VERSION

    if (MAJOR_VERSION, MINOR_VERSION) < (2026, 3):
        pytest.skip("Home Assistant before 2026.3 takes brand images from brands.home-assistant.io")

    def steps(page: Page) -> None:
        page.goto(f"{stack.ha_url}/config/integrations/integration/astros")

        def loaded_brand_images() -> list[str]:
            found: list[str] = page.evaluate(
                """() => {
                  const out = [];
                  const visit = (root) => {
                    for (const el of root.querySelectorAll('*')) {
                      if (el.tagName === 'IMG' && /astros/.test(el.src) && el.complete
                          && el.naturalWidth > 0) out.push(el.src);
                      if (el.shadowRoot) visit(el.shadowRoot);
                    }
                  };
                  visit(document);
                  return out;
                }"""
            )
            return found

        images = wait_for("the integration's brand image", loaded_brand_images, 30)
        assert any("brand" in src or "icon" in src or "logo" in src for src in images), images

    browse(steps)
