"""End to end: the simulator and a real ``hass`` process, set up as ``scripts/develop`` does.

The configuration directory is written by the same code as the demo's
(``scripts/develop_lib``), the stations are added through Home Assistant's
config-flow API, and everything is checked through its REST and WebSocket
APIs with a long-lived token, against the simulator's control server.

Run only this: ``pytest -m e2e``; skip it: ``pytest -m "not e2e"``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
import contextlib
from dataclasses import dataclass, field
import importlib.util
from pathlib import Path
import re
import subprocess
import sys
import time
from typing import Any
import urllib.error
import urllib.request

import aiohttp
import pytest

from scripts.develop_lib import REPO_ROOT, SIMULATOR_PASSWORD, SIMULATOR_USERNAME, TOKEN_FILE
from scripts.develop_lib.live import async_ws_commands

from ..browser.harness import free_port, http, stop_process, tail

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

HASS = Path(sys.executable).parent / "hass"
START_TIMEOUT = 120.0
#: how long a change may take to show (a write, a coordinator refresh)
FOLLOW_TIMEOUT = 20.0
#: how long a station may take to be reported (un)available
AVAILABILITY_TIMEOUT = 60.0
LANGUAGES = ("english", "traditional_chinese", "simplified_chinese")

# 2026-11-23 12:04:20.037 WARNING (SyncWorker_0) [homeassistant.loader] message
LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ (?P<level>[A-Z]+) \((?P<thread>[^)]*)\) "
    r"\[(?P<logger>[^\]]+)\] (?P<message>.*)$"
)
#: Home Assistant's loader says this of every custom integration
UNTESTED_CUSTOM_INTEGRATION = "We found a custom integration astros which has not been tested"


# --- processes ------------------------------------------------------------


def _wait_for(what: str, check: Callable[[], Any], timeout: float, interval: float = 0.3) -> Any:
    """Poll ``check`` until it returns something truthy; its result."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what} (last: {last!r})")


@dataclass
class Demo:
    """The running demo: simulator, Home Assistant, token."""

    config_dir: Path
    ha_url: str
    control_url: str
    hass: subprocess.Popen[bytes]
    hass_output: Path
    token: str = ""
    stations: list[dict[str, Any]] = field(default_factory=list)

    # simulator
    def sim_state(self, index: int) -> dict[str, Any]:
        state: dict[str, Any] = http("GET", f"{self.control_url}/stations/{index}/state")
        return state

    def sim(self, method: str, path: str) -> Any:
        return http(method, f"{self.control_url}{path}")

    # Home Assistant
    def api(self, method: str, path: str, body: Any = None) -> Any:
        return http(method, f"{self.ha_url}{path}", body, self.token)

    def ws(self, *commands: dict[str, Any]) -> list[Any]:
        async def run() -> list[Any]:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
                return await async_ws_commands(session, self.ha_url, self.token, list(commands))

        return asyncio.run(run())

    def state(self, entity_id: str) -> str | None:
        try:
            answer: dict[str, Any] = self.api("GET", f"/api/states/{entity_id}")
        except urllib.error.HTTPError as err:
            if err.code == 404:
                return None
            raise
        return str(answer["state"])

    def wait_for_simulator(self, index: int, attr: str, value: Any) -> None:
        """Until the simulated station's ``attr`` is ``value``."""
        _wait_for(
            f"{attr} of station {index} to become {value!r}",
            lambda: self.sim_state(index)[attr] == value,
            FOLLOW_TIMEOUT,
        )

    def wait_for_state(self, entity_id: str, value: str) -> None:
        """Until the entity's state is ``value``."""
        _wait_for(
            f"{entity_id} to become {value}", lambda: self.state(entity_id) == value, FOLLOW_TIMEOUT
        )

    def call(self, domain: str, service: str, data: dict[str, Any]) -> None:
        self.api("POST", f"/api/services/{domain}/{service}", data)

    def refresh(self, entity_id: str) -> None:
        """Ask the integration to poll now (the person's "update entity" action)."""
        self.call("homeassistant", "update_entity", {"entity_id": entity_id})

    def astros_log_problems(self) -> list[str]:
        """WARNING and worse lines of Home Assistant's log from or about the integration."""
        log = self.config_dir / "home-assistant.log"
        text = log.read_text(errors="replace") if log.exists() else ""
        problems: list[list[str]] = []
        current: list[str] | None = None
        for line in text.splitlines():
            match = LOG_LINE.match(line)
            if match is None:
                if current is not None:
                    current.append(line)  # the traceback of a reported line
                continue
            current = None
            if match["level"] not in ("WARNING", "ERROR", "CRITICAL"):
                continue
            ours = match["logger"].startswith("custom_components.astros")
            about_us = "astros" in line.lower() and UNTESTED_CUSTOM_INTEGRATION not in line
            if ours or about_us:
                current = [line]
                problems.append(current)
        return ["\n".join(problem) for problem in problems]


@pytest.fixture
def demo(socket_enabled: None, tmp_path: Path) -> Iterator[Demo]:
    """Simulator + bootstrapped configuration + ``hass``, stopped whatever happens."""
    if not HASS.exists():
        pytest.skip(f"no hass executable next to {sys.executable}")
    frontend = importlib.util.find_spec("hass_frontend") is not None
    procs: list[subprocess.Popen[bytes]] = []
    try:
        # The simulator: one v1 and one v2 station on free ports.
        sim_output = tmp_path / "simulator.log"
        simulator = [sys.executable, "-m", "simulator", "--api", "v1,v2", "--stations", "2"]
        simulator += ["--host", "127.0.0.1", "--port", "0", "--reboot-seconds", "1"]
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
                pytest.fail(f"the simulator ended:\n{tail(sim_output)}")
            match = re.search(r"control listening on (\S+)", sim_output.read_text())
            return match[1] if match else None

        control_url = _wait_for("the simulator", sim_ready, 30)
        stations: list[dict[str, Any]] = http("GET", f"{control_url}/stations")
        assert [s["api"] for s in stations] == ["v1", "v2"]

        # The configuration, as scripts/develop writes it.
        config_dir = tmp_path / "config"
        ha_port = free_port()
        prepare = [sys.executable, "-m", "scripts.develop_lib", "--config", str(config_dir)]
        prepare += ["prepare", "--port", str(ha_port)]
        if not frontend:
            prepare.append("--no-frontend")
        subprocess.run(prepare, cwd=REPO_ROOT, check=True, timeout=120)

        # Home Assistant. --skip-pip: it must not install anything into this environment.
        hass_output = tmp_path / "hass.out"
        with hass_output.open("wb") as out:
            hass = subprocess.Popen(
                [str(HASS), "-c", str(config_dir), "--skip-pip"],
                cwd=tmp_path,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        procs.append(hass)
        ha_url = f"http://127.0.0.1:{ha_port}"

        # Log in, make the token, add both stations: scripts/develop's setup step.
        setup = [sys.executable, "-m", "scripts.develop_lib", "--config", str(config_dir)]
        setup += ["setup", "--url", ha_url, "--timeout", str(START_TIMEOUT)]
        for station in stations:
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
            pytest.fail(
                f"setting up the demo failed:\n{done.stdout}{done.stderr}\n"
                f"--- Home Assistant:\n{tail(hass_output)}"
            )
        token = (config_dir / TOKEN_FILE).read_text().strip()
        yield Demo(config_dir, ha_url, control_url, hass, hass_output, token, stations)
    finally:
        for proc in reversed(procs):
            with contextlib.suppress(Exception):
                stop_process(proc)


# --- the test -------------------------------------------------------------


def _station_entities(demo: Demo) -> dict[int, dict[str, str]]:
    """For each simulator station: unique-id key -> entity id of its enabled entities."""
    devices, entities = demo.ws(
        {"type": "config/device_registry/list"}, {"type": "config/entity_registry/list"}
    )
    found: dict[int, dict[str, str]] = {}
    for station in demo.stations:
        mac = station["mac"].lower()
        device = next(
            (d for d in devices if ["mac", mac] in [list(c) for c in d["connections"]]), None
        )
        assert device is not None, f"no device for station {station['name']} ({mac})"
        state = demo.sim_state(station["index"])
        assert device["name"] == state["name"]
        assert device["model"] == state["model"]
        assert device["sw_version"] == state["firmware_version"]
        assert device["manufacturer"]
        keys: dict[str, str] = {}
        for entity in entities:
            if entity["device_id"] != device["id"] or entity["platform"] != "astros":
                continue
            if entity["disabled_by"] is None:
                assert entity["unique_id"].startswith(f"{mac}_")
                keys[entity["unique_id"].removeprefix(f"{mac}_")] = entity["entity_id"]
        assert keys, f"station {station['name']} has no entities"
        found[station["index"]] = keys
    return found


def _on_off(value: bool) -> str:
    return "on" if value else "off"


def test_demo_end_to_end(demo: Demo) -> None:
    """Devices, entities, control, availability and a clean log, in one real Home Assistant."""

    def entries_loaded() -> list[dict[str, Any]] | None:
        entries: list[dict[str, Any]] = demo.api(
            "GET", "/api/config/config_entries/entry?domain=astros"
        )
        return entries if all(e["state"] != "setup_in_progress" for e in entries) else None

    entries = _wait_for("the config entries to be set up", entries_loaded, FOLLOW_TIMEOUT)
    assert len(entries) == 2, entries
    assert all(entry["state"] == "loaded" for entry in entries), entries
    entities = _station_entities(demo)
    v1, v2 = (station["index"] for station in demo.stations)

    # States match the simulator.
    for index in (v1, v2):
        keys = entities[index]
        state = demo.sim_state(index)
        for key in ("remote_view", "language"):
            assert key in keys, f"station {index} has no {key} entity: {sorted(keys)}"
        assert demo.state(keys["remote_view"]) == _on_off(state["remote_view"])
        assert demo.state(keys["language"]) == LANGUAGES[state["language"]]
        if "station_name" in keys:
            assert demo.state(keys["station_name"]) == state["name"]
        unavailable = [e for e in keys.values() if demo.state(e) == "unavailable"]
        assert not unavailable, f"unavailable entities of station {index}: {unavailable}"
    assert "airplay" in entities[v2], "the v2 station has no AirPlay switch"
    assert demo.state(entities[v2]["airplay"]) == _on_off(demo.sim_state(v2)["allow_airplay"])

    # A switch: Remote view of the v1 station, AirPlay of the v2 station.
    for index, key, attr in ((v1, "remote_view", "remote_view"), (v2, "airplay", "allow_airplay")):
        entity_id = entities[index][key]
        want = not demo.sim_state(index)[attr]
        demo.call("switch", "turn_on" if want else "turn_off", {"entity_id": entity_id})
        demo.wait_for_simulator(index, attr, want)
        demo.wait_for_state(entity_id, _on_off(want))

    # A select: the language of both stations.
    for index in (v1, v2):
        entity_id = entities[index]["language"]
        language = (demo.sim_state(index)["language"] + 1) % len(LANGUAGES)
        option = LANGUAGES[language]
        demo.call("select", "select_option", {"entity_id": entity_id, "option": option})
        demo.wait_for_simulator(index, "language", language)
        demo.wait_for_state(entity_id, option)

    # The v1 station becomes unreachable, then comes back.
    probe = entities[v1]["remote_view"]
    others = list(entities[v2].values())

    def all_states(index: int, wanted: Callable[[str | None], bool]) -> bool:
        demo.refresh(probe)
        return all(wanted(demo.state(e)) for e in entities[index].values())

    demo.sim("POST", f"/stations/{v1}/offline")
    _wait_for(
        "the entities of the offline station to become unavailable",
        lambda: all_states(v1, lambda s: s == "unavailable"),
        AVAILABILITY_TIMEOUT,
        interval=2.0,
    )
    assert all(demo.state(e) != "unavailable" for e in others), "the other station went too"
    demo.sim("POST", f"/stations/{v1}/online")
    _wait_for(
        "the entities of the station to become available again",
        lambda: all_states(v1, lambda s: s != "unavailable"),
        AVAILABILITY_TIMEOUT,
        interval=2.0,
    )
    assert demo.state(probe) == _on_off(demo.sim_state(v1)["remote_view"])

    # Home Assistant stops cleanly; the log holds nothing bad from or about the integration.
    code = stop_process(demo.hass)
    assert code == 0, f"hass exited with {code}:\n{tail(demo.hass_output)}"
    problems = demo.astros_log_problems()
    # The one line Home Assistant's coordinator logs when a station goes away (README,
    # "Availability and logging"); nothing else, and no traceback.
    went_away = [p for p in problems if "Error fetching astros" in p and "\n" not in p]
    assert len(went_away) == 1, problems
    problems = [p for p in problems if p not in went_away]
    assert not problems, "the integration logged warnings or errors:\n" + "\n".join(problems)
