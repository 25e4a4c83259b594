"""Fixtures of the browser tests: one stack and one browser per module.

``browse(steps)`` runs ``steps(page)`` on a fresh browser context logged in
through the login page (in the browser's own thread, see
:class:`.harness.BrowserThread`). A failing test leaves the page's screenshot
next to a copy of Home Assistant's log in
``$ASTROS_BROWSER_ARTIFACTS/<test>/`` (default
``.develop/browser-artifacts/<test>/`` in the repository); the failure report
names it.

These tests talk to a separate ``hass`` process, not to the in-process
``hass`` fixture of Home Assistant's test plugin, so the suite's autouse
fixtures that need that fixture are replaced here by empty ones.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
import os
from pathlib import Path
import re
import shutil
from typing import TYPE_CHECKING, Any

import pytest

from .harness import BrowserThread, HarnessError, Stack, browser_unavailable_reason, start_stack

if TYPE_CHECKING:
    from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[2]

#: what the vendor offers the v2 station (index 1) from the start
OFFERED_FIRMWARE = "2.2.0.0"

Browse = Callable[[Callable[["Page"], Any]], Any]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything here is a browser test (``-m "not browser"`` skips them)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


def artifacts_dir(nodeid: str) -> Path:
    """Where a failing test's screenshot and log go."""
    # In the repository (ignored by git): reachable from inside the sid chroot
    # too, whose /tmp is gone when the run ends.
    configured = os.environ.get("ASTROS_BROWSER_ARTIFACTS")
    base = Path(configured) if configured else REPO / ".develop" / "browser-artifacts"
    return base / re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """On failure: Home Assistant's log next to the page's screenshot; the report names them."""
    report = yield
    if report.when == "call" and report.failed:
        out = artifacts_dir(item.nodeid)
        stack = getattr(item, "funcargs", {}).get("stack")
        if isinstance(stack, Stack):
            log = stack.config_dir / "home-assistant.log"
            if log.exists():
                out.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(log, out / "home-assistant.log")
        if out.exists():
            saved = ", ".join(sorted(p.name for p in out.iterdir()))
            report.sections.append(("browser artifacts", f"{out}: {saved}"))
    return report


# The suite's autouse fixtures that need the in-process hass fixture: nothing here.
@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Not needed: Home Assistant runs in its own process."""


@pytest.fixture(autouse=True)
def check_translations() -> None:
    """Not needed: the pages show the translations (the tests check them)."""


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Simulator (v1, v2, v2 stations) and Home Assistant with the first two added.

    The v2 station's vendor offers firmware :data:`OFFERED_FIRMWARE`.
    """
    reason = browser_unavailable_reason()
    if reason:
        pytest.skip(reason)
    import pytest_socket

    pytest_socket.enable_socket()
    workdir = tmp_path_factory.mktemp("browser-stack")
    try:
        running = start_stack(workdir, offer_firmware={1: OFFERED_FIRMWARE})
    except HarnessError as err:
        pytest.fail(str(err))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser_thread(stack: Stack) -> Iterator[BrowserThread]:
    thread = BrowserThread(stack)
    try:
        yield thread
    finally:
        thread.close()


@pytest.fixture
def browse(
    socket_enabled: Any, request: pytest.FixtureRequest, browser_thread: BrowserThread
) -> Browse:
    """``browse(steps)``: ``steps(page)`` on a new logged-in page; its result."""
    out = artifacts_dir(request.node.nodeid)
    if out.exists():
        shutil.rmtree(out)

    def run(steps: Callable[[Page], Any]) -> Any:
        return browser_thread.run(steps, artifacts=out)

    return run
