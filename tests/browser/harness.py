"""The browser harness: simulator + real ``hass`` + headless Chromium (Playwright).

Used by the browser tests (``tests/browser``) and by ``scripts/screenshots``.
Home Assistant's configuration is written by ``scripts/develop_lib`` (as the
demo's); the first stations are added through the config-flow API by its
``setup`` step, the others are left for a test to add in the browser.

Chromium: ``ASTROS_CHROMIUM`` (set by ``scripts/test`` from
``scripts/lib/ensure-browser``), else ``/usr/bin/chromium``. Playwright drives
that executable; its own browser download is never used.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
import concurrent.futures
import contextlib
from dataclasses import dataclass, field
import json
import os
from pathlib import Path
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import TYPE_CHECKING, Any
import urllib.error
import urllib.request

import aiohttp

from scripts.develop_lib import REPO_ROOT, SIMULATOR_PASSWORD, SIMULATOR_USERNAME, TOKEN_FILE
from scripts.develop_lib.live import async_ws_commands

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
except ImportError:  # pragma: no cover - the browser tests skip without Playwright
    PlaywrightTimeoutError = TimeoutError  # type: ignore[misc,assignment]

USERNAME = "demo"
PASSWORD = "demo"
START_TIMEOUT = 180.0
#: Chromium's flags: headless, no sandbox (root in a container), nothing that
#: phones home (only loopback is reachable here).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1280, "height": 900}


class HarnessError(Exception):
    """The stack did not come up."""


def chromium_executable() -> str | None:
    """The Chromium to drive, or None."""
    configured = os.environ.get("ASTROS_CHROMIUM")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for candidate in ("/usr/bin/chromium", shutil.which("chromium") or ""):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def browser_unavailable_reason() -> str | None:
    """Why the browser tests cannot run here, or None."""
    reason = os.environ.get("ASTROS_BROWSER_UNAVAILABLE")
    if reason:
        return f"no Chromium: {reason}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed in this environment"
    try:
        import hass_frontend  # noqa: F401
    except ImportError:
        return "home-assistant-frontend is not installed in this environment"
    if not (Path(sys.executable).parent / "hass").exists():
        return f"no hass executable next to {sys.executable}"
    if chromium_executable() is None:
        return "no Chromium (install Debian's chromium or set ASTROS_CHROMIUM)"
    return None


# --- processes ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def stop_process(proc: subprocess.Popen[bytes], timeout: float = 60.0) -> int:
    """SIGTERM, wait, then SIGKILL; the exit code."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    return proc.returncode


def wait_for(what: str, check: Callable[[], Any], timeout: float, interval: float = 0.3) -> Any:
    """Poll ``check`` until it returns something truthy; its result."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    raise HarnessError(f"timed out after {timeout:.0f} s waiting for {what} (last: {last!r})")


def tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no file)"


def http(method: str, url: str, body: Any = None, token: str | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as resp:
        text = resp.read().decode()
    return json.loads(text) if text else None


# --- the stack ------------------------------------------------------------


@dataclass
class Stack:
    """Simulator and Home Assistant, running."""

    workdir: Path
    config_dir: Path
    ha_url: str
    control_url: str
    hass_output: Path
    token: str
    #: the simulator's stations (``GET /stations``): index, api, port, mac, name
    stations: list[dict[str, Any]]
    #: how many of ``stations`` (the first ones) were added by the setup step
    added: int
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def sim_state(self, index: int) -> dict[str, Any]:
        state: dict[str, Any] = http("GET", f"{self.control_url}/stations/{index}/state")
        return state

    def sim(self, method: str, path: str, body: Any = None) -> Any:
        return http(method, f"{self.control_url}{path}", body)

    def api(self, method: str, path: str, body: Any = None) -> Any:
        return http(method, f"{self.ha_url}{path}", body, self.token)

    def state(self, entity_id: str) -> dict[str, Any] | None:
        try:
            answer: dict[str, Any] = self.api("GET", f"/api/states/{entity_id}")
        except urllib.error.HTTPError as err:
            if err.code == 404:
                return None
            raise
        return answer

    def ws(self, *commands: dict[str, Any]) -> list[Any]:
        """WebSocket API commands, one after the other; their results."""

        async def run() -> list[Any]:
            timeout = aiohttp.ClientTimeout(total=30)
            async with aiohttp.ClientSession(timeout=timeout) as session:
                return await async_ws_commands(session, self.ha_url, self.token, list(commands))

        def in_thread() -> list[Any]:
            # A plain loop (not the test plugin's policy, whose executor outlives it).
            loop = asyncio.SelectorEventLoop()
            try:
                return loop.run_until_complete(run())
            finally:
                loop.run_until_complete(loop.shutdown_default_executor())
                loop.close()

        # In a thread of its own: Playwright's sync API may run an event loop in this one.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            return pool.submit(in_thread).result()

    def device_of(self, station_index: int) -> dict[str, Any]:
        """The device registry entry of a simulator station (found by its MAC)."""
        mac = self.stations[station_index]["mac"].lower()
        (devices,) = self.ws({"type": "config/device_registry/list"})
        for device in devices:
            if ["mac", mac] in [list(c) for c in device["connections"]]:
                return dict(device)
        raise HarnessError(f"no device for station {station_index} ({mac})")

    def entities_of(self, device_id: str) -> dict[str, str]:
        """Unique-id key -> entity id of the device's enabled astros entities."""
        (entities,) = self.ws({"type": "config/entity_registry/list"})
        found: dict[str, str] = {}
        for entity in entities:
            if entity["device_id"] != device_id or entity["platform"] != "astros":
                continue
            if entity["disabled_by"] is None:
                key = entity["unique_id"].split("_", 1)[1]
                found[key] = entity["entity_id"]
        return found

    def stop(self) -> None:
        for proc in reversed(self.procs):
            with contextlib.suppress(Exception):
                stop_process(proc)


def start_stack(
    workdir: Path,
    *,
    apis: str = "v1,v2,v2",
    stations: int = 3,
    add: int = 2,
    update_seconds: float = 30.0,
    offer_firmware: dict[int, str] | None = None,
) -> Stack:
    """Start the simulator and Home Assistant; add the first ``add`` stations.

    ``offer_firmware``: station index -> the firmware version its vendor offers.

    Raises :class:`HarnessError` (everything started is stopped again).
    """
    py = sys.executable
    hass_exe = Path(py).parent / "hass"
    procs: list[subprocess.Popen[bytes]] = []
    try:
        sim_output = workdir / "simulator.log"
        simulator = [py, "-m", "simulator", "--api", apis, "--stations", str(stations)]
        simulator += ["--host", "127.0.0.1", "--port", "0", "--reboot-seconds", "3"]
        simulator += ["--update-seconds", str(update_seconds)]
        simulator += ["--username", SIMULATOR_USERNAME, "--password", SIMULATOR_PASSWORD]
        with sim_output.open("wb") as out:
            procs.append(
                subprocess.Popen(
                    simulator,
                    cwd=REPO_ROOT,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )

        def sim_ready() -> str | None:
            if procs[0].poll() is not None:
                raise HarnessError(f"the simulator ended:\n{tail(sim_output)}")  # noqa: TRY301
            match = re.search(r"control listening on (\S+)", sim_output.read_text())
            return match[1] if match else None

        control_url: str = wait_for("the simulator", sim_ready, 30)
        sim_stations: list[dict[str, Any]] = http("GET", f"{control_url}/stations")
        # Before Home Assistant first asks (it asks again at most every few minutes).
        for index, version in (offer_firmware or {}).items():
            http("POST", f"{control_url}/stations/{index}/firmware", {"available": version})

        config_dir = workdir / "config"
        ha_port = free_port()
        prepare = [py, "-m", "scripts.develop_lib", "--config", str(config_dir)]
        prepare += ["--username", USERNAME, "--password", PASSWORD]
        prepare += ["prepare", "--port", str(ha_port)]
        subprocess.run(prepare, cwd=REPO_ROOT, check=True, timeout=120)

        hass_output = workdir / "hass.out"
        with hass_output.open("wb") as out:
            hass = subprocess.Popen(
                [str(hass_exe), "-c", str(config_dir), "--skip-pip"],
                cwd=workdir,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        procs.append(hass)
        ha_url = f"http://127.0.0.1:{ha_port}"

        setup = [py, "-m", "scripts.develop_lib", "--config", str(config_dir)]
        setup += ["--username", USERNAME, "--password", PASSWORD]
        setup += ["setup", "--url", ha_url, "--timeout", str(START_TIMEOUT)]
        for station in sim_stations[:add]:
            setup += ["--station-port", str(station["port"])]
        done = subprocess.run(
            setup,
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT + 60,
            check=False,
        )
        if done.returncode != 0:
            raise HarnessError(  # noqa: TRY301 - the except below only stops what started
                f"setting up the demo failed:\n{done.stdout}{done.stderr}\n"
                f"--- Home Assistant:\n{tail(hass_output)}"
            )
        token = (config_dir / TOKEN_FILE).read_text().strip()
        return Stack(
            workdir, config_dir, ha_url, control_url, hass_output, token, sim_stations, add, procs
        )
    except BaseException:
        for proc in reversed(procs):
            with contextlib.suppress(Exception):
                stop_process(proc)
        raise


# --- the browser ----------------------------------------------------------


@contextlib.contextmanager
def chromium(playwright: Playwright) -> Iterator[Browser]:
    """Headless Chromium, closed afterwards."""
    executable = chromium_executable()
    if executable is None:
        raise HarnessError("no Chromium")
    # Playwright gives every launch a fresh, temporary profile directory.
    browser = playwright.chromium.launch(
        executable_path=executable, headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield browser
    finally:
        browser.close()


def login(page: Page, stack: Stack, path: str = "/") -> None:
    """Open ``path`` and log in through Home Assistant's login page."""
    page.goto(f"{stack.ha_url}{path}")
    page.locator("input[name='username']").fill(USERNAME)
    page.locator("input[name='password']").fill(PASSWORD)
    page.locator("input[name='password']").press("Enter")
    page.wait_for_url(re.compile(r"^(?!.*/auth/authorize).*$"), timeout=30_000)
    # The app's frame (its host elements have no box of their own: "attached").
    page.locator("ha-sidebar").first.wait_for(state="attached", timeout=30_000)
    confirm_http_settings(page)


def confirm_http_settings(page: Page) -> None:
    """Keep the HTTP settings of configuration.yaml if Home Assistant asks.

    Newer Home Assistant versions ask once, in a dialog over every page, to
    confirm HTTP server settings that differ from the defaults (the demo
    listens on 127.0.0.1 and its own port); unconfirmed, they revert.
    """
    dialog_title = page.get_by_text("Confirm new HTTP server configuration")
    try:
        dialog_title.first.wait_for(timeout=4_000)
    except PlaywrightTimeoutError:
        return
    page.get_by_role("button", name="Confirm", exact=True).first.click()
    dialog_title.first.wait_for(state="hidden", timeout=10_000)


#: Every entity row of the page (``hui-*-entity-row``, at any shadow depth):
#: its entity id, the name it shows (the row's name, or the label of its
#: select/text/number field), the icon paths drawn in its badge, the text it
#: shows besides the name, and the controls it holds with their values.
ENTITY_ROWS_JS = """() => {
  const rows = [];
  const deep = (root, selector, found = []) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.matches(selector)) found.push(el);
      if (el.shadowRoot) deep(el.shadowRoot, selector, found);
    }
    return found;
  };
  // The text of an element and of everything in its shadow roots (a relative
  // time, for one, is drawn inside one).
  const deepText = (node) => {
    let text = '';
    const children = node.shadowRoot ? [node.shadowRoot, ...node.childNodes] : node.childNodes;
    for (const child of children) {
      if (child.nodeType === Node.TEXT_NODE) text += ' ' + child.textContent;
      else if (child.nodeType === Node.ELEMENT_NODE
               || child.nodeType === Node.DOCUMENT_FRAGMENT_NODE) {
        const skip = child.tagName === 'STYLE' || child.tagName === 'SCRIPT';
        if (!skip) text += ' ' + deepText(child);
      }
    }
    return text;
  };
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      if (/^hui-.+-entity-row$/.test(tag) && tag !== 'hui-generic-entity-row') {
        const scope = el.shadowRoot || el;
        const generic = deep(scope, 'hui-generic-entity-row')[0];
        const gscope = generic ? (generic.shadowRoot || generic) : scope;
        const info = gscope.querySelector('.info');
        const field = deep(scope, 'ha-select, ha-textfield, ha-time-input, ha-slider')[0];
        let name = info ? info.innerText.split('\\n')[0].trim() : '';
        if (!name && field) name = (field.label || field.getAttribute('label') || '').trim();
        if (!name) {
          // Newer frontends draw text fields with other elements: any labelled one.
          const labelled = deep(scope, '*').find(
            (e) => typeof e.label === 'string' && e.label.trim());
          if (labelled) name = labelled.label.trim();
        }
        const badge = gscope.querySelector('state-badge');
        const paths = badge ? deep(badge.shadowRoot || badge, 'path')
          .map((p) => p.getAttribute('d') || '').filter((d) => d.length > 10) : [];
        const picture = badge ? getComputedStyle(badge).backgroundImage : 'none';
        const toggle = deep(scope, 'ha-entity-toggle')[0];
        const sw = toggle ? deep(toggle.shadowRoot || toggle, 'ha-switch')[0] : null;
        const inputs = deep(scope, 'input').map((i) => i.value).filter((v) => v !== '');
        const entity = (el._config && el._config.entity) || (el.config && el.config.entity) || '';
        // So that a test can find the row: [data-entity-id="switch.x"].
        if (entity) el.setAttribute('data-entity-id', entity);
        rows.push({
          tag,
          entity,
          name,
          icon_paths: paths.length,
          picture: picture && picture !== 'none' ? picture : '',
          text: deepText(generic || el).replace(name, '').replace(/\\s+/g, ' ').trim(),
          toggle: sw ? !!sw.checked : null,
          select: field && field.tagName.toLowerCase() === 'ha-select' ? field.value : null,
          inputs,
          buttons: deep(scope, 'mwc-button, ha-button, ha-progress-button, ha-icon-button').length,
          rect: el.getBoundingClientRect().height,
        });
      }
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(document);
  return rows;
}"""


class BrowserThread:
    """Playwright and Chromium in a thread of their own.

    Playwright's sync API keeps an event loop running in the thread that uses
    it, which Home Assistant's test fixtures (pytest-asyncio) cannot share:
    so the browser lives in this thread and every test hands it a function
    of a fresh, logged-in page (:meth:`run`).
    """

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self._jobs: queue.Queue[tuple[Callable[[], Any], concurrent.futures.Future[Any]] | None]
        self._jobs = queue.Queue()
        self._ready: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._thread = threading.Thread(target=self._main, name="astros-browser", daemon=True)
        self._thread.start()
        self._ready.result(timeout=120)

    def _main(self) -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright, chromium(playwright) as browser:
                self.browser = browser
                self._ready.set_result(None)
                while (job := self._jobs.get()) is not None:
                    func, future = job
                    try:
                        future.set_result(func())
                    except BaseException as err:
                        future.set_exception(err)
        except BaseException as err:
            if not self._ready.done():
                self._ready.set_exception(err)

    def call(self, func: Callable[[], Any], timeout: float = 280.0) -> Any:
        """Run ``func`` in the browser's thread; its result."""
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self._jobs.put((func, future))
        return future.result(timeout=timeout)

    def run(
        self,
        steps: Callable[[Page], Any],
        *,
        artifacts: Path | None = None,
        locale: str = "en-US",
    ) -> Any:
        """``steps(page)`` on a new logged-in page; its result.

        On failure the page's screenshot goes to ``artifacts``.
        """

        def job() -> Any:
            context = self.browser.new_context(viewport=VIEWPORT, locale=locale)  # type: ignore[arg-type]
            context.set_default_timeout(30_000)
            page = context.new_page()
            try:
                login(page, self.stack)
                return steps(page)
            except BaseException:
                if artifacts is not None:
                    with contextlib.suppress(Exception):
                        artifacts.mkdir(parents=True, exist_ok=True)
                        # Bytes, not path=: Playwright would make the directory in its
                        # loop's executor, a thread the test plugin reports as lingering.
                        (artifacts / "screenshot.png").write_bytes(page.screenshot())
                raise
            finally:
                context.close()

        return self.call(job)

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join(60)
