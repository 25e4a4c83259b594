"""What every benchmark needs: a Home Assistant core, a fake clock, simulators.

Home Assistant runs in-process through pytest-homeassistant-custom-component's
``async_test_home_assistant`` (the same core the tests use, without pytest).
Time is accelerated: :class:`FastClock` moves ``dt_util.utcnow`` forward (the
coordinator's polling tiers read it) and fires the timers that fall due, like
the tests' ``async_fire_time_changed``; each step waits until every refresh it
started has finished, so no request is ever in flight when timers are fired.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable, Iterator
import contextlib
from dataclasses import dataclass
from datetime import datetime, timedelta
import json
import os
from pathlib import Path
import resource
import subprocess
import sys
from typing import Any
from unittest.mock import patch
import urllib.request

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# The integration must be imported before the plugin's own ``custom_components``.
import custom_components.astros  # noqa: E402, F401

USERNAME = "admin"
PASSWORD = "Bench2025pw"  # noqa: S105 - the simulator's account, loopback only


def raise_fd_limit() -> None:
    """Allow a socket per connection to hundreds of stations."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


# --------------------------------------------------------------- simulators ---


@dataclass(frozen=True)
class StationAddress:
    """Where a simulated station listens, and its identity."""

    index: int
    api: str
    port: int
    mac: str
    name: str


class SimulatorProcess:
    """``python -m simulator`` in a child process (its CPU and memory are not ours)."""

    def __init__(self, api: str, stations: int, latency_ms: float) -> None:
        self.api = api
        self.count = stations
        self.latency_ms = latency_ms
        self.proc: subprocess.Popen[str] | None = None
        self.control_url = ""
        self.stations: list[StationAddress] = []

    def start(self) -> None:
        """Start the child and read where each station listens."""
        cmd = [
            sys.executable, "-m", "simulator",
            "--api", self.api,
            "--stations", str(self.count),
            "--port", "0",
            "--latency-ms", str(self.latency_ms),
            "--username", USERNAME,
            "--password", PASSWORD,
            "--token-ttl", "0",
        ]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.proc = subprocess.Popen(  # noqa: S603
            cmd,
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
            preexec_fn=raise_fd_limit,  # noqa: PLW1509
        )
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("control listening on "):
                self.control_url = line.split()[-1]
                break
        else:
            raise RuntimeError(f"the simulator exited with {self.proc.wait()}")
        with urllib.request.urlopen(f"{self.control_url}/stations", timeout=30) as resp:  # noqa: S310
            listing = json.load(resp)
        self.stations = [
            StationAddress(s["index"], s["api"], s["port"], s["mac"], s["name"]) for s in listing
        ]

    def cpu_seconds(self) -> float:
        """CPU time the simulator used so far (user + system)."""
        assert self.proc is not None
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text(encoding="ascii").rsplit(")", 1)
        parts = fields[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(parts[11]) + int(parts[12])) / ticks

    def stop(self) -> None:
        """Stop the child (SIGTERM, then SIGKILL)."""
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def __enter__(self) -> SimulatorProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# ----------------------------------------------------------- Home Assistant ---


class FastClock:
    """Accelerated time for Home Assistant's timers and ``dt_util.utcnow``."""

    def __init__(self, hass: Any, *, step: float | None = None) -> None:
        from homeassistant.util import dt as dt_util  # noqa: PLC0415

        self.hass = hass
        self.step = step
        self.offset = timedelta(0)
        #: The offset (s) in force when each timer seen so far was scheduled.
        self._scheduled_offset: dict[asyncio.TimerHandle, float] = {}
        self._settled_offset = 0.0
        self._real_utcnow = dt_util.utcnow
        self._firing_at: datetime | None = None
        self._patches = [
            patch.object(dt_util, "utcnow", self.utcnow),
            # Home Assistant's timers read these two aliases; patched once for the
            # whole run (the plugin's async_fire_time_changed patches them around
            # every timer it fires, and building those mocks cost more CPU than the
            # integration's polling: that was measured as the integration's).
            patch("homeassistant.helpers.event.time_tracker_utcnow", self._tracker_utcnow),
            patch("homeassistant.helpers.event.time_tracker_timestamp", self._tracker_timestamp),
        ]

    def utcnow(self) -> datetime:
        """The accelerated now."""
        return self._real_utcnow() + self.offset

    def _tracker_utcnow(self) -> datetime:
        return self._firing_at if self._firing_at is not None else self.utcnow()

    def _tracker_timestamp(self) -> float:
        return self._tracker_utcnow().timestamp()

    def __enter__(self) -> FastClock:
        for p in self._patches:
            p.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for p in reversed(self._patches):
            p.stop()

    def fire_due_timers(self) -> None:
        """Run every timer due by now (as the tests' ``async_fire_time_changed``, without mocks).

        Like it, time is bumped by the at most 0.5 s by which Home Assistant
        spreads coordinator refreshes and interval timers. A timer is due when
        its delay has passed in accelerated time: the loop's clock plus the
        offset there was when it was scheduled (timers appear only while the
        clock settles, so that is the offset of the last settle).
        """
        from homeassistant.helpers import event  # noqa: PLC0415
        from homeassistant.util.async_ import get_scheduled_timer_handles  # noqa: PLC0415

        bump = event.RANDOM_MICROSECOND_MAX / 1e6
        self._firing_at = self.utcnow() + timedelta(seconds=bump)
        loop = self.hass.loop
        latest = loop.time() + self.offset.total_seconds() + bump
        seen: dict[asyncio.TimerHandle, float] = {}
        due: list[tuple[float, asyncio.TimerHandle]] = []
        for handle in get_scheduled_timer_handles(loop):
            if handle.cancelled():
                continue
            scheduled_at = self._scheduled_offset.get(handle, self._settled_offset)
            seen[handle] = scheduled_at
            if handle.when() + scheduled_at <= latest:
                due.append((handle.when() + scheduled_at, handle))
        self._scheduled_offset = seen
        try:
            for _, handle in sorted(due, key=lambda item: item[0]):
                if not handle.cancelled():
                    handle._run()
                    handle.cancel()
        finally:
            self._firing_at = None
        self._settled_offset = self.offset.total_seconds()

    async def advance(self, seconds: float, *, settle: float | None = None) -> None:
        """Move time forward, fire the timers now due, wait for what they started.

        With ``step`` set, time moves ``step`` seconds at a time, each step
        firing the timers then due and waiting for what they started: every
        coordinator polls at its own moment of the interval (the moment its
        entry was set up, as in real time) rather than all in the same instant.
        ``settle``: give up waiting after this many real seconds (None: wait).
        """
        left = seconds
        while left > 1e-9:
            moved = min(left, self.step) if self.step else left
            left -= moved
            self.offset += timedelta(seconds=moved)
            self.age_idle_connections(moved)
            self.fire_due_timers()
            await self.settle(settle)

    def age_idle_connections(self, seconds: float) -> None:
        """Let idle keep-alive connections age by ``seconds``, as real time would.

        aiohttp closes a connection idle for longer than its keep-alive timeout
        (15 s by default, Home Assistant's shared session keeps it), judged by
        the loop's clock, which accelerated time does not move. Without this a
        benchmark would keep every connection open between polls and leave out
        the cost of opening new ones that a real Home Assistant pays.
        """
        from homeassistant.helpers.aiohttp_client import DATA_CONNECTOR  # noqa: PLC0415

        for connector in self.hass.data.get(DATA_CONNECTOR, {}).values():
            idle = getattr(connector, "_conns", None)
            if not idle:
                continue
            for key, conns in list(idle.items()):
                idle[key] = type(conns)((proto, used - seconds) for proto, used in conns)
            connector._cleanup()

    async def settle(self, limit: float | None = None) -> None:
        """Wait until every task Home Assistant tracks has finished."""
        wait = self.hass.async_block_till_done(wait_background_tasks=True)
        if limit is None:
            await wait
        else:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wait, limit)


@contextlib.contextmanager
def naive_polling() -> Iterator[None]:
    """Naive polling, the baseline: every section is due at every tick.

    The tier table (``POLL_TIERS``) is patched, in this process only, so that
    every section of every generation has an age limit of 0; the coordinator
    then reads every section at every tick. Nothing else changes (the
    maintenance checks keep their own schedule). Enter it before the entries
    are set up: a coordinator reads the table when it is created.
    """
    from custom_components.astros.api.models import ApiVersion, Section  # noqa: PLC0415
    from custom_components.astros.const import POLL_TIERS  # noqa: PLC0415

    every_tick = {api: dict.fromkeys(Section, timedelta(0)) for api in ApiVersion}
    with patch.dict(POLL_TIERS, every_tick):
        yield


def preload_platforms() -> None:
    """Import the integration's platforms and Home Assistant's entity components.

    Done before the baseline memory sample, so that per-station memory does not
    include code that is loaded once per Home Assistant instance.
    """
    import importlib  # noqa: PLC0415

    from custom_components.astros.const import PLATFORMS  # noqa: PLC0415

    for platform in PLATFORMS:
        importlib.import_module(f"homeassistant.components.{platform}")
        importlib.import_module(f"custom_components.astros.{platform}")
    importlib.import_module("custom_components.astros.config_flow")
    for name in ("diagnostics", "services", "update"):
        with contextlib.suppress(ImportError):
            importlib.import_module(f"custom_components.astros.{name}")


@contextlib.asynccontextmanager
async def home_assistant(config_dir: str | None = None) -> AsyncIterator[Any]:
    """A running Home Assistant core that loads this repository's integration."""
    from aiohttp.resolver import AsyncResolver  # noqa: PLC0415
    from homeassistant import loader  # noqa: PLC0415
    from pytest_homeassistant_custom_component.common import (  # noqa: PLC0415
        async_test_home_assistant,
    )

    # As the plugin's mock_zeroconf_resolver fixture: no zeroconf in a test core
    # (the stations are addressed by IP, nothing is resolved anyway). Home
    # Assistant 2026 closes it with ``real_close`` at shutdown.
    async_resolver = AsyncResolver()
    async_resolver.real_close = async_resolver.close  # type: ignore[attr-defined]
    resolver = patch(
        "homeassistant.helpers.aiohttp_client._async_make_resolver",
        return_value=async_resolver,
    )
    with resolver:
        async with async_test_home_assistant(config_dir=config_dir) as hass:
            # What the plugin's enable_custom_integrations fixture does.
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            yield hass
            await hass.async_stop(force=True)


def make_entries(hass: Any, stations: Iterable[StationAddress]) -> list[Any]:
    """Config entries as the config flow creates them, added to ``hass``."""
    from homeassistant.const import (  # noqa: PLC0415
        CONF_HOST,
        CONF_PASSWORD,
        CONF_PORT,
        CONF_SSL,
        CONF_USERNAME,
        CONF_VERIFY_SSL,
    )
    from homeassistant.helpers.device_registry import format_mac  # noqa: PLC0415
    from pytest_homeassistant_custom_component.common import MockConfigEntry  # noqa: PLC0415

    from custom_components.astros.const import CONF_API_VERSION, DOMAIN  # noqa: PLC0415

    entries = []
    for st in stations:
        entry = MockConfigEntry(
            domain=DOMAIN,
            title=st.name,
            unique_id=format_mac(st.mac),
            data={
                CONF_HOST: "127.0.0.1",
                CONF_PORT: st.port,
                CONF_SSL: False,
                CONF_VERIFY_SSL: True,
                CONF_USERNAME: USERNAME,
                CONF_PASSWORD: PASSWORD,
                CONF_API_VERSION: st.api,
            },
        )
        entry.add_to_hass(hass)
        entries.append(entry)
    return entries


async def setup_all(hass: Any) -> None:
    """Set the integration up the way Home Assistant does at start: every entry at once."""
    from homeassistant.setup import async_setup_component  # noqa: PLC0415

    from custom_components.astros.const import DOMAIN  # noqa: PLC0415

    assert await async_setup_component(hass, DOMAIN, {})
    await hass.async_block_till_done()


def loaded_count(entries: Iterable[Any]) -> int:
    """How many entries are loaded."""
    from homeassistant.config_entries import ConfigEntryState  # noqa: PLC0415

    return sum(1 for e in entries if e.state is ConfigEntryState.LOADED)


def coordinators(entries: Iterable[Any]) -> list[Any]:
    """The coordinator of every loaded entry."""
    return [e.runtime_data.coordinator for e in entries if getattr(e, "runtime_data", None)]


def quiet_logs() -> None:
    """Only warnings and errors, on stderr (a benchmark prints a table on stdout)."""
    import logging  # noqa: PLC0415

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
