"""The README's pictures, made with the browser tests' harness (``scripts/screenshots``).

Not collected by a normal test run (the file name does not start with
``test_``); ``scripts/screenshots`` runs it by name through ``scripts/test``.
Writes PNGs into ``$ASTROS_SCREENSHOTS_DIR`` (default ``docs/images``).
"""

from __future__ import annotations

import os
from pathlib import Path
import re
from typing import TYPE_CHECKING

import pytest

from .conftest import OFFERED_FIRMWARE, Browse
from .harness import Stack, wait_for
from .test_pages import V1, V2, _open_device_page, _state

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

REPO = Path(__file__).resolve().parents[2]
WIDTH = 1280


def _out() -> Path:
    out = Path(os.environ.get("ASTROS_SCREENSHOTS_DIR") or REPO / "docs" / "images")
    out.mkdir(parents=True, exist_ok=True)
    return out


def _shoot(page: Page, name: str, height: int = 900) -> None:
    page.set_viewport_size({"width": WIDTH, "height": height})
    page.wait_for_timeout(1500)  # icons, fonts and animations settle
    (_out() / name).write_bytes(page.screenshot())


def test_screenshots(browse: Browse, stack: Stack) -> None:
    """Device pages, adding a station, a repair, a dashboard, the firmware update dialog."""
    keys_v2 = stack.entities_of(stack.device_of(V2)["id"])
    update = keys_v2["firmware"]

    def device_pages(page: Page) -> None:
        for index, name in ((V1, "device-page-v1.png"), (V2, "device-page-v2.png")):
            page.set_viewport_size({"width": WIDTH, "height": 1700})
            _open_device_page(page, stack, index)
            _shoot(page, name, 1700)

    def add_station(page: Page) -> None:
        station = stack.stations[2]
        page.goto(f"{stack.ha_url}/config/integrations/dashboard")
        page.get_by_role("button", name=re.compile("add integration", re.IGNORECASE)).click()
        dialog = page.locator("dialog-add-integration")
        dialog.get_by_text("1-Wire").first.wait_for()
        page.keyboard.type("ASTROS")
        dialog.get_by_text("Astrogate ASTROS", exact=True).first.click()
        page.locator("input[name='host']").fill("127.0.0.1")
        page.locator("ha-form-integer input").fill(str(station["port"]))
        page.locator("input[name='username']").fill("admin")
        page.locator("input[name='password']").fill("wrong password")
        page.get_by_role("button", name=re.compile("^submit$", re.IGNORECASE)).click()
        page.get_by_text("refused the username or password").first.wait_for()
        _shoot(page, "add-station.png")

    def repair(page: Page) -> None:
        stack.sim("PATCH", f"/stations/{V1}/state", {"reboot_required": True})
        probe = stack.entities_of(stack.device_of(V1)["id"])["remote_view"]

        def raised() -> bool:
            stack.api("POST", "/api/services/homeassistant/update_entity", {"entity_id": probe})
            (issues,) = stack.ws({"type": "repairs/list_issues"})
            return any(i["domain"] == "astros" for i in issues["issues"])

        wait_for("the repair issue", raised, 60, interval=2)
        page.goto(f"{stack.ha_url}/config/repairs")
        page.locator("ha-config-repairs").get_by_text("ASTROS-1").first.click()
        page.get_by_role("button", name=re.compile("^submit$", re.IGNORECASE)).first.wait_for()
        _shoot(page, "repair.png")

    def dashboard(page: Page) -> None:
        page.goto(f"{stack.ha_url}/lovelace/0")
        page.locator("hui-view, hui-masonry-view, hui-sections-view").first.wait_for()
        _shoot(page, "dashboard.png", 1100)

    def update_dialog(page: Page) -> None:
        def offered() -> bool:
            stack.api("POST", "/api/services/homeassistant/update_entity", {"entity_id": update})
            return _state(stack, update) == "on"

        wait_for("the offered firmware", offered, 60, interval=3)
        _open_device_page(page, stack, V2)
        page.locator(f'[data-entity-id="{update}"]').first.click()
        dialog = page.locator("ha-more-info-dialog")
        dialog.get_by_text(OFFERED_FIRMWARE).first.wait_for()
        dialog.get_by_role("button", name=re.compile("^(update|install)$", re.IGNORECASE)).click()

        def downloading() -> bool:
            attributes = stack.state(update)["attributes"]  # type: ignore[index]
            return bool(attributes.get("update_percentage"))

        wait_for("the download's percentage", downloading, 30)
        _shoot(page, "firmware-update.png")

    for steps in (device_pages, add_station, repair, dashboard, update_dialog):
        browse(steps)
