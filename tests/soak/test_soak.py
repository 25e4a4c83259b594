"""Fault soak: many stations, thousands of poll cycles, random faults.

Stations of both generations are polled by one Home Assistant while the
simulator injects random faults: refused connections, hangs, HTTP 500,
garbage, error codes, expired tokens, missing fields, wrong types, reboots,
stations going offline, redirects (to a trap listener that must never be
reached), HTTP 403 on one endpoint, oversized answers, and another station
answering at the same address (its Ethernet MAC changes; sometimes the entry
is reloaded meanwhile and must then refuse to set up). Switches are turned
while the stations are polled, some of them exactly inside a refresh that
already read the switch's section (a write racing a refresh). Then every
fault stops, and:

- no exception reached Home Assistant's log as an unexpected error (no log
  record with a traceback, no "Unexpected error", "Error doing job",
  "Task exception was never retrieved" ...);
- every station is available again: its entry is loaded, its coordinator's
  last update succeeded, every entity that was available before the faults
  is available, and no reauthentication was started;
- no secret (the password, any key or token the simulator issued) appears in
  any log record, at any level (the integration logs at debug level here);
- nothing was lost: every switch Home Assistant reported as turned holds, on
  the station, the last value accepted for it (a write that failed may or may
  not have been carried out: either value is then allowed until the next
  accepted one), and Home Assistant shows what the station holds; a write
  that raced a refresh is still shown right after that refresh;
- a redirect was never followed, and a reload while another station answered
  never set the entry up;
- memory did not grow with the number of cycles: the interpreter's count of
  allocated memory blocks after the second half of the run is, per station
  and cycle, well under one block more than after the first half.

Time is accelerated: each cycle moves ``dt_util.utcnow`` 30 s (one scan
interval) forward and fires the timers then due; a request still hanging
when the next cycle fires sees its timeout fire. Nothing asserts wall-clock
time.

Settings (environment):
``ASTROS_SOAK_CYCLES`` poll cycles (default 300; e.g. 5000 for a manual run),
``ASTROS_SOAK_STATIONS`` stations (default 20, half v1, half v2),
``ASTROS_SOAK_SEED`` the random seed (default: a fixed one, so that a CI run is
repeatable; ``random`` draws one, printed),
``ASTROS_SOAK_TRACEMALLOC=1`` print where the second half's memory went.
"""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from collections.abc import Callable, Iterator
import contextlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
import gc
import logging
import os
import random
import sys
import tracemalloc
from typing import Any
from unittest.mock import patch

from aiohttp import web
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import format_mac
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.astros.const import CONF_API_VERSION, DOMAIN
from custom_components.astros.switch import SWITCHES
from simulator import FaultKind, SimulatedStation, Simulator
from simulator.state import StationState

CYCLES = int(os.environ.get("ASTROS_SOAK_CYCLES", "300"))
STATIONS = int(os.environ.get("ASTROS_SOAK_STATIONS", "20"))
TRACE = os.environ.get("ASTROS_SOAK_TRACEMALLOC") == "1"
_SEED_SETTING = os.environ.get("ASTROS_SOAK_SEED") or "20261130"
SEED = random.SystemRandom().randrange(1 << 32) if _SEED_SETTING == "random" else int(_SEED_SETTING)

USERNAME = "admin"
PASSWORD = "SoakPw7q2X9z"
SCAN_INTERVAL = 30.0
#: While a request hangs, the next cycle fires once no request arrived for
#: SETTLE_QUIET_POLLS polls SETTLE_POLL real seconds apart.
SETTLE_POLL = 0.02
SETTLE_QUIET_POLLS = 5
#: Probability that a cycle starts a new fault.
FAULT_PROBABILITY = 0.35
#: Cycles of polling without faults at the end before stations must be back.
RECOVERY_CYCLES = 6
#: Cycles without faults before memory is sampled: 20 = 10 minutes, every
#: polling tier but the hourly one has come round once.
SETTLE_CYCLES = 20
#: Growth of allocated memory blocks allowed over the second half, per station
#: and poll cycle: a leak of one object per refresh is at least 1.
LEAK_BLOCKS_PER_STATION_CYCLE = 0.25
#: Plus a fixed allowance: caches that fill once, and the noise of the state
#: the stations are in when sampled (seen: -5000..+2000 over seeds after the
#: settle cycles, +-16000 without them).
LEAK_SLACK_BLOCKS = 10000

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(max(300, CYCLES * STATIONS // 10)),
]

#: Messages that mean an exception escaped the integration.
UNEXPECTED = (
    "Unexpected error",
    "Error doing job",
    "Exception in",
    "Task exception was never retrieved",
    "Traceback",
    "Error setting up entry",
    "Unexpected exception",
    "Uncaught exception",
)


class FakeClock:
    """Moves ``dt_util.utcnow`` forward and fires the timers that fall due."""

    def __init__(self, hass: HomeAssistant, sim: Simulator) -> None:
        self.hass = hass
        self.sim = sim
        self.offset = timedelta(0)
        self._real = dt_util.utcnow
        #: Requests the stations answered (their own lists are emptied every cycle).
        self.requests = 0
        #: GET paths each station was asked, by ``id(station)``.
        self.get_paths: dict[int, set[str]] = {}
        #: Called right after the timers fired (the refreshes are starting).
        self.on_fire: list[Callable[[], None]] = []

    def utcnow(self) -> datetime:
        return self._real() + self.offset

    @contextlib.contextmanager
    def installed(self) -> Iterator[FakeClock]:
        with patch.object(dt_util, "utcnow", self.utcnow):
            yield self

    def _count_requests(self) -> int:
        n = 0
        for st in self.sim.stations:
            n += len(st.requests)
            paths = self.get_paths.setdefault(id(st), set())
            paths.update(path for method, path in st.requests if method == "GET")
            st.requests.clear()
            # What the requests carried (kept for conformance checks) would grow
            # memory up to its bound, thousands of requests per station.
            st.received.clear()
        self.requests += n
        return n

    async def tick(self, seconds: float = SCAN_INTERVAL) -> None:
        """Fire one scan interval, then wait for the refreshes it started.

        Firing timers while a request is in flight would fire its timeout too,
        so the next tick waits until every refresh has finished, except the
        ones stuck on a hanging request: those time out when the next tick
        fires (timeouts are timers too). "Stuck" is judged by the stations:
        a station holds a hanging request and no request arrived for a while.
        """
        self.offset += timedelta(seconds=seconds)
        async_fire_time_changed(self.hass, self.utcnow())
        hooks, self.on_fire = self.on_fire, []
        for hook in hooks:
            hook()
        done = asyncio.ensure_future(self.hass.async_block_till_done(wait_background_tasks=True))
        quiet = 0
        try:
            while not done.done():
                await asyncio.wait({done}, timeout=SETTLE_POLL)
                hanging = any(st._hangs for st in self.sim.stations)
                quiet = quiet + 1 if self._count_requests() == 0 else 0
                if hanging and quiet >= SETTLE_QUIET_POLLS:
                    break
        finally:
            if not done.done():
                done.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await done
        self._count_requests()


@dataclass
class Incident:
    """A fault on one station until cycle ``until``."""

    station: SimulatedStation
    kind: str
    until: int
    offline: bool = False
    #: identity change: the station's own MAC addresses, put back at the end
    macs: tuple[str, str] | None = None


FAULT_KINDS = (
    "refuse_count",
    "refuse",
    "hang",
    "http_500",
    "malformed_json",
    "error_code",
    "expire_token",
    "expire_tokens_now",
    "missing_field",
    "wrong_type",
    "reboot",
    "offline",
    "redirect",
    "http_403",
    "oversized",
    "identity",
)
#: Codes a station may answer instead of the data (not 1003: wrong password is
#: a real authentication failure and rightly starts reauthentication).
ERROR_CODES = (1000, 1001, 1002, 1004, 1005, 1100, 1200)
#: Probability that an identity change also reloads the entry (a restart of
#: Home Assistant while another station holds the address).
IDENTITY_RELOAD_PROBABILITY = 0.5
#: Probability that a cycle turns a switch, and that the write races a refresh.
WRITE_PROBABILITY = 0.5
RACE_PROBABILITY = 0.6
#: Real seconds a racing refresh waits for its write before it goes on (a
#: coordinator that serialises writes and refreshes would make it wait forever).
RACE_WAIT = 2.0

#: The switches written, and the station setting each one is (read from the
#: simulator's state, not through the client).
SWITCH_SETTINGS: dict[str, Callable[[StationState], bool]] = {
    "remote_view": lambda s: s.remote_view,
    "airplay": lambda s: s.allow_airplay,
    "google_cast": lambda s: s.allow_google_cast,
    "miracast": lambda s: s.allow_miracast,
    "vga_output": lambda s: s.vga_enabled,
    "audio_from_hdmi": lambda s: s.audio_from_hdmi,
    "time_24h": lambda s: s.show_time_24h,
    "show_device_name": lambda s: s.device_name_shown,
    "show_ip_address": lambda s: s.ip_shown,
    "miracast_pin": lambda s: s.miracast_pin,
    "image_slider": lambda s: s.image_slider,
    "hide_ssid": lambda s: s.wifi.hide_ssid,
    "pod_auto_projection": lambda s: s.pod.auto_projection,
}
SWITCH_DESCRIPTIONS = {d.key: d for d in SWITCHES if d.key in SWITCH_SETTINGS}
SWITCH_SECTIONS = {key: d.section for key, d in SWITCH_DESCRIPTIONS.items()}


class Trap:
    """A listener that redirects point to: a client that follows one lands here."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        self.runner: web.ServerRunner | None = None
        self.port = 0

    async def start(self) -> None:
        async def handle(request: web.BaseRequest) -> web.Response:
            self.hits.append(f"{request.method} {request.path_qs} {sorted(request.headers)}")
            return web.Response(status=404)

        self.runner = web.ServerRunner(web.Server(handle))
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = self.runner.addresses[0][1]

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


@dataclass
class Soak:
    """What the run needs to inject faults and what it saw."""

    hass: HomeAssistant
    rng: random.Random
    trap: Trap
    entries: dict[int, MockConfigEntry]
    #: GET paths each station was asked (an HTTP 403 picks one of them)
    get_paths: dict[int, set[str]] = field(default_factory=dict)
    started: Counter[str] = field(default_factory=Counter)
    identity_reloads: int = 0
    #: entries that set up while another station answered at their address
    wrong_station_loaded: list[str] = field(default_factory=list)


async def start_incident(soak: Soak, st: SimulatedStation, cycle: int) -> Incident:
    """Inject one random fault into ``st``."""
    rng = soak.rng
    kind = rng.choice(FAULT_KINDS)
    until = cycle + rng.randint(1, 12)
    incident = Incident(st, kind, until)
    faults = st.faults
    count = rng.randint(1, 6)
    soak.started[kind] += 1
    if kind == "refuse_count":
        faults.add(FaultKind.REFUSE, count=count)
    elif kind == "refuse":
        faults.add(FaultKind.REFUSE, count=None)
    elif kind == "hang":
        faults.add(FaultKind.HANG, count=rng.randint(1, 3))
    elif kind == "http_500":
        faults.add(FaultKind.HTTP_500, count=count)
    elif kind == "malformed_json":
        faults.add(FaultKind.MALFORMED_JSON, count=count)
    elif kind == "error_code":
        code = rng.choice(ERROR_CODES)
        # 1002 twice in a row after a fresh login would be a real refusal.
        faults.add(FaultKind.ERROR_CODE, count=1 if code == 1002 else count, error_code=code)
    elif kind == "expire_token":
        faults.add(FaultKind.EXPIRE_TOKEN, count=1)
    elif kind == "expire_tokens_now":
        st.expire_tokens()
    elif kind == "missing_field":
        faults.add(FaultKind.MISSING_FIELD, count=count)
    elif kind == "wrong_type":
        faults.add(FaultKind.WRONG_TYPE, count=count)
    elif kind == "reboot":
        st.reboot(rng.uniform(0.05, 0.5))
    elif kind == "offline":
        await st.go_offline()
        incident.offline = True
    elif kind == "redirect":
        where = rng.choice(("trap", "trap", "https", "default"))
        location = {
            "trap": f"http://127.0.0.1:{soak.trap.port}",
            "https": f"https://127.0.0.1:{soak.trap.port}",
            "default": None,
        }[where]
        faults.add(
            FaultKind.REDIRECT,
            count=count,
            error_code=rng.choice((301, 302, 303, 307, 308)),
            location=location,
        )
    elif kind == "http_403":
        # One endpoint the station is polled on refuses, for a while or a few times.
        paths = sorted(soak.get_paths.get(id(st), ()))
        path = rng.choice(paths) if paths else None
        faults.add(FaultKind.HTTP_403, count=rng.choice((None, count)), path=path)
    elif kind == "oversized":
        faults.add(FaultKind.OVERSIZED, count=count)
    elif kind == "identity":
        state = st.state
        incident.macs = (state.eth_mac, state.wifi_mac)
        state.eth_mac = "02:a5:7e:" + state.eth_mac[9:]
        state.wifi_mac = "02:a5:7f:" + state.wifi_mac[9:]
        if rng.random() < IDENTITY_RELOAD_PROBABILITY:
            entry = soak.entries[id(st)]
            soak.identity_reloads += 1
            await soak.hass.config_entries.async_reload(entry.entry_id)
            if entry.state is ConfigEntryState.LOADED:
                soak.wrong_station_loaded.append(entry.title)
    return incident


async def end_incident(incident: Incident) -> None:
    """Stop the fault."""
    incident.station.faults.clear()
    if incident.offline:
        await incident.station.go_online()
    if incident.macs is not None:
        incident.station.state.eth_mac, incident.station.state.wifi_mac = incident.macs
        incident.macs = None


@dataclass
class Write:
    """One switch turned through Home Assistant."""

    entry: MockConfigEntry
    station: SimulatedStation
    entity_id: str
    key: str
    value: bool
    #: what the station held when the write was planned
    before: bool
    #: started inside a refresh that had just read the switch's section
    racing: bool = False
    started: bool = False
    #: "accepted" (Home Assistant reported it done and shows it), "unsure"
    #: (reported done, not shown: Home Assistant may have skipped an
    #: unavailable entity), "failed" (an error was reported)
    outcome: str = ""


class Writes:
    """Turns switches during the polls and remembers what must hold at the end."""

    def __init__(self, hass: HomeAssistant, rng: random.Random) -> None:
        self.hass = hass
        self.rng = rng
        #: entity id -> the values the station may hold (the last accepted write,
        #: plus failed writes after it, which may have been carried out)
        self.expected: dict[str, set[bool]] = {}
        self.owner: dict[str, tuple[SimulatedStation, str]] = {}
        #: entity id -> its latest writes, as "value outcome [racing]" (for the
        #: report; bounded, so that it does not count as memory growth)
        self.history: dict[str, deque[str]] = {}
        self.pending: dict[int, Write] = {}
        self.outcomes: Counter[str] = Counter()
        self.races = 0
        self.races_missed = 0
        #: racing writes Home Assistant no longer showed after the refresh
        self.stale: list[str] = []
        #: exceptions other than HomeAssistantError
        self.errors: list[str] = []

    def switches(self, entry: MockConfigEntry) -> list[tuple[str, str]]:
        """(entity id, key) of the entry's switches that are written."""
        registry = er.async_get(self.hass)
        out = []
        for ent in er.async_entries_for_config_entry(registry, entry.entry_id):
            key = ent.unique_id.removeprefix(f"{entry.unique_id}_")
            if ent.domain == "switch" and key in SWITCH_SETTINGS:
                out.append((ent.entity_id, key))
        return sorted(out)

    def plan(self, clock: FakeClock, entry: MockConfigEntry, st: SimulatedStation) -> None:
        """Turn one of the station's switches during the next tick."""
        if (
            id(st) in self.pending
            or entry.state is not ConfigEntryState.LOADED
            or st._hangs
            or any(f.kind is FaultKind.HANG for f in st.faults.active)
        ):
            return
        choices = [
            (entity_id, key)
            for entity_id, key in self.switches(entry)
            if (state := self.hass.states.get(entity_id)) is not None
            and state.state in (STATE_ON, STATE_OFF)
        ]
        if not choices:
            return
        entity_id, key = self.rng.choice(choices)
        current = self.hass.states.get(entity_id)
        assert current is not None
        value = current.state == STATE_OFF if self.rng.random() < 0.7 else self.rng.random() < 0.5
        write = Write(entry, st, entity_id, key, value, SWITCH_SETTINGS[key](st.state))
        self.owner[entity_id] = (st, key)
        self.pending[id(st)] = write
        coordinator = entry.runtime_data.coordinator
        section = SWITCH_SECTIONS[key]
        due = coordinator.due_sections(clock.utcnow() + timedelta(seconds=SCAN_INTERVAL))
        if self.rng.random() < RACE_PROBABILITY and section in due:
            self._race(coordinator.client, write, section)
        else:
            clock.on_fire.append(lambda: self._start(write))

    def _race(self, client: Any, write: Write, section: Any) -> None:
        """Start the write inside the next refresh, once it has read ``section``."""
        original = client.async_fetch

        async def racing_fetch(sections: Any, *args: Any, **kwargs: Any) -> Any:
            vars(client).pop("async_fetch", None)  # one shot
            try:
                return await original(sections, *args, **kwargs)
            finally:
                if not write.started:
                    write.racing = section in sections
                    task = self._start(write)
                    # The answer read before the write is held back until the
                    # write (and its read-back) finished.
                    await asyncio.wait({task}, timeout=RACE_WAIT)

        client.async_fetch = racing_fetch
        write.racing = True

    def _start(self, write: Write) -> asyncio.Task[None]:
        write.started = True
        return self.hass.async_create_task(self._run(write))

    async def _run(self, write: Write) -> None:
        service = "turn_on" if write.value else "turn_off"
        try:
            await self.hass.services.async_call(
                "switch", service, {"entity_id": write.entity_id}, blocking=True
            )
        except HomeAssistantError:
            write.outcome = "failed"
        except Exception as err:  # reported by the test
            write.outcome = "failed"
            self.errors.append(f"{write.entity_id} {service}: {type(err).__name__}: {err}")
        else:
            state = self.hass.states.get(write.entity_id)
            shown = state is not None and state.state == (STATE_ON if write.value else STATE_OFF)
            write.outcome = "accepted" if shown else "unsure"

    def collect(self, busy: set[int]) -> None:
        """Take the writes that ended; ``busy``: stations with a fault now."""
        for key, write in list(self.pending.items()):
            if not write.started:
                # The refresh it was to race did not run this tick.
                client = write.entry.runtime_data.coordinator.client
                vars(client).pop("async_fetch", None)
                self.races_missed += 1
                del self.pending[key]
                continue
            if not write.outcome:
                continue
            del self.pending[key]
            self.outcomes[write.outcome] += 1
            faults = ",".join(sorted(f.kind.name for f in write.station.faults.active))
            self.history.setdefault(write.entity_id, deque(maxlen=6)).append(
                f"{write.value} {write.outcome}{' racing' if write.racing else ''}"
                + (f" during {faults}" if faults else "")
            )
            # Before any accepted write, the station may still hold what it held.
            allowed = self.expected.setdefault(write.entity_id, {write.before})
            if write.outcome == "accepted":
                allowed.clear()
            allowed.add(write.value)
            if write.racing:
                self.races += 1
                state = self.hass.states.get(write.entity_id)
                # The coordinator's data, not only the state: with always_update
                # False a refresh equal to the data it started from updates no
                # entity, and the stale value shows at the next change.
                entry = write.entry
                data = (
                    SWITCH_DESCRIPTIONS[write.key].value_fn(entry.runtime_data.coordinator.data)
                    if entry.state is ConfigEntryState.LOADED
                    else None
                )
                if (
                    write.outcome == "accepted"
                    and id(write.station) not in busy
                    and not write.station.faults.active
                    and (
                        data != write.value
                        or state is None
                        or state.state != (STATE_ON if write.value else STATE_OFF)
                    )
                ):
                    self.stale.append(
                        f"{write.entity_id}: turned {write.value} during a refresh, "
                        f"shows {state and state.state}, data {data} after it"
                    )

    def lost(self) -> list[str]:
        """Switches whose station holds no value they may hold, or that show another."""
        out = []
        for entity_id, allowed in self.expected.items():
            st, key = self.owner[entity_id]
            held = SWITCH_SETTINGS[key](st.state)
            if held not in allowed:
                out.append(
                    f"{entity_id}: the station holds {held}, accepted {allowed}; "
                    f"latest writes: {list(self.history.get(entity_id, ()))}"
                )
            state = self.hass.states.get(entity_id)
            if state is None or state.state != (STATE_ON if held else STATE_OFF):
                out.append(f"{entity_id}: the station holds {held}, shown {state and state.state}")
        return out


class LogWatch:
    """Checks every log record as the run goes, keeping only the bad ones.

    pytest's capture handlers are emptied after each check, so that the log
    of thousands of cycles does not itself grow memory.
    """

    def __init__(self, caplog: pytest.LogCaptureFixture, report_handler: Any) -> None:
        self.caplog = caplog
        self.report_handler = report_handler
        self.secrets: set[str] = {PASSWORD}
        self.unexpected: list[str] = []
        self.leaks: list[str] = []
        self.errors = 0
        self.records = 0
        self._formatter = logging.Formatter()

    def check(self) -> None:
        for record in self.caplog.records:
            self.records += 1
            if record.name.startswith("simulator"):
                continue
            text = record.getMessage()
            if record.exc_info:
                text += "\n" + self._formatter.formatException(record.exc_info)
            elif record.exc_text:
                text += "\n" + record.exc_text
            if record.levelno >= logging.ERROR:
                self.errors += 1
            if record.levelno >= logging.WARNING and (
                record.exc_info or any(u in text for u in UNEXPECTED)
            ):
                self.unexpected.append(f"{record.levelname} {record.name}: {text[:2000]}")
            for secret in self.secrets:
                if secret in text:
                    self.leaks.append(
                        f"{record.levelname} {record.name}: {secret[:3]}... in {text[:300]!r}"
                    )
        self.caplog.clear()
        if self.report_handler is not None:
            self.report_handler.reset()


def record_tokens(st: SimulatedStation, secrets: set[str]) -> None:
    """Remember every key and token the station issues."""
    original: Callable[..., Any] = st.issue_token

    def issue_token(*args: Any, **kwargs: Any) -> Any:
        token = original(*args, **kwargs)
        secrets.add(token.value)
        return token

    st.issue_token = issue_token  # type: ignore[method-assign]


@dataclass(frozen=True)
class Memory:
    """Live allocations after a full collection.

    ``blocks`` (``sys.getallocatedblocks``) counts the interpreter's memory
    blocks: a leak of one object per cycle grows it by one block per cycle.
    It costs nothing to keep, unlike tracemalloc, which slows every
    allocation several times; set ``ASTROS_SOAK_TRACEMALLOC=1`` to also
    trace the second half and print where its memory went.
    """

    blocks: int
    objects: int

    @classmethod
    def now(cls) -> Memory:
        gc.collect()
        gc.collect()
        return cls(sys.getallocatedblocks(), len(gc.get_objects()))


async def test_fault_soak(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    request: pytest.FixtureRequest,
    socket_enabled: None,
) -> None:
    """Stations survive thousands of cycles of random faults and come back.

    ``socket_enabled`` lets the simulator listen (connections stay limited to
    127.0.0.1 by Home Assistant's test plugin).
    """
    rng = random.Random(SEED)
    print(f"\nfault soak: seed {SEED} (ASTROS_SOAK_SEED), {STATIONS} stations, {CYCLES} cycles")
    # The last call sets the capture handler's level: debug, so that every
    # record of the integration is checked for secrets.
    caplog.set_level(logging.WARNING, logger="simulator")
    caplog.set_level(logging.WARNING, logger="asyncio")
    caplog.set_level(logging.DEBUG, logger="custom_components.astros")
    plugin = request.config.pluginmanager.get_plugin("logging-plugin")
    watch = LogWatch(caplog, getattr(plugin, "report_handler", None))

    trap = Trap()
    await trap.start()
    async with Simulator(
        api=["v1", "v2"],
        stations=STATIONS,
        port=0,
        latency_ms=1,
        username=USERNAME,
        password=PASSWORD,
        token_ttl=3600,
        reboot_seconds=0.3,
        update_seconds=0.3,
    ) as sim:
        for st in sim.stations:
            record_tokens(st, watch.secrets)
            watch.secrets.update(
                secret for secret in (st.state.wifi.password, st.state.pod.password) if secret
            )
        entries = []
        for st in sim.stations:
            entry = MockConfigEntry(
                domain=DOMAIN,
                title=st.state.name,
                unique_id=format_mac(st.state.eth_mac),
                data={
                    CONF_HOST: st.host,
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

        clock = FakeClock(hass, sim)
        soak = Soak(
            hass,
            rng,
            trap,
            {id(st): entry for st, entry in zip(sim.stations, entries, strict=True)},
            clock.get_paths,
        )
        writes = Writes(hass, rng)
        with clock.installed():
            assert await async_setup_component(hass, DOMAIN, {})
            await hass.async_block_till_done()
            assert [e.state for e in entries] == [ConfigEntryState.LOADED] * STATIONS
            registry = er.async_get(hass)
            available_before = {
                ent.entity_id
                for ent in registry.entities.values()
                if ent.platform == DOMAIN
                and (state := hass.states.get(ent.entity_id)) is not None
                and state.state != STATE_UNAVAILABLE
            }
            assert available_before
            watch.check()

            incidents: list[Incident] = []

            async def cycles(first: int, last: int) -> None:
                for cycle in range(first, last):
                    for incident in [i for i in incidents if i.until <= cycle]:
                        incidents.remove(incident)
                        await end_incident(incident)
                    if rng.random() < FAULT_PROBABILITY:
                        # Not on a station with a write still running: a request
                        # hung now would be carried out after a later write.
                        busy = {id(i.station) for i in incidents} | set(writes.pending)
                        free = [st for st in sim.stations if id(st) not in busy]
                        if free:
                            incidents.append(await start_incident(soak, rng.choice(free), cycle))
                    if rng.random() < WRITE_PROBABILITY:
                        st = rng.choice(sim.stations)
                        writes.plan(clock, soak.entries[id(st)], st)
                    await clock.tick()
                    writes.collect({id(i.station) for i in incidents})
                    watch.check()

            async def calm(settle: int = 0) -> None:
                """End every fault and poll until every station answers again.

                Then poll ``settle`` more cycles, so that every station is back
                in its regular polling (memory is compared in that state).
                """
                for incident in incidents:
                    await end_incident(incident)
                incidents.clear()
                for st in sim.stations:
                    st.faults.clear()
                    if not st.online and not st.rebooting:
                        await st.go_online()
                for _ in range(RECOVERY_CYCLES):
                    await asyncio.sleep(0.35)  # reboots take reboot_seconds of real time
                    await clock.tick()
                    writes.collect(set())
                    watch.check()
                    if not writes.pending and all(
                        e.state is ConfigEntryState.LOADED
                        and e.runtime_data.coordinator.last_update_success
                        for e in entries
                    ):
                        break
                for _ in range(settle):
                    await clock.tick()
                    watch.check()

            warmup = min(max(10, CYCLES // 5), CYCLES // 2)
            half = (CYCLES - warmup) // 2
            # The loop's debug mode (the test plugin's) records a stack for
            # every task and callback: too slow for thousands of cycles.
            hass.loop.set_debug(False)
            await cycles(0, warmup)
            await calm(SETTLE_CYCLES)
            mem_a = Memory.now()
            await cycles(warmup, warmup + half)
            await calm(SETTLE_CYCLES)
            mem_b = Memory.now()
            if TRACE:
                tracemalloc.start()
                snap_b = tracemalloc.take_snapshot()
            await cycles(warmup + half, CYCLES)
            await calm(SETTLE_CYCLES)
            mem_c = Memory.now()
            if TRACE:
                stats = tracemalloc.take_snapshot().compare_to(snap_b, "lineno")
                tracemalloc.stop()
                print("tracemalloc, second half:\n" + "\n".join(map(str, stats[:15])))
            hass.loop.set_debug(True)

            # Every station is back.
            not_loaded = [e.title for e in entries if e.state is not ConfigEntryState.LOADED]
            failing = [
                e.title
                for e in entries
                if e.state is ConfigEntryState.LOADED
                and not e.runtime_data.coordinator.last_update_success
            ]
            unavailable = sorted(
                entity_id
                for entity_id in available_before
                if (state := hass.states.get(entity_id)) is None or state.state == STATE_UNAVAILABLE
            )
            reauth = [
                flow
                for flow in hass.config_entries.flow.async_progress()
                if flow["context"].get("source") == "reauth"
            ]
            lost = writes.lost()
            for entry in entries:
                assert await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_block_till_done()
            watch.check()
    await trap.stop()

    second_half = max(1, CYCLES - warmup - half)
    # Against the larger of the two earlier readings: allocations rise and fall
    # with what the faults happen to leave in caches, while a leak keeps rising.
    growth = mem_c.blocks - max(mem_a.blocks, mem_b.blocks)
    per_station_cycle = growth / (STATIONS * second_half)
    print(
        f"fault soak: {sum(soak.started.values())} faults started "
        f"({', '.join(f'{k} {n}' for k, n in sorted(soak.started.items()))}; "
        f"{soak.identity_reloads} reloads while another station answered), "
        f"{sum(writes.outcomes.values())} switches turned "
        f"({', '.join(f'{k} {n}' for k, n in sorted(writes.outcomes.items()))}), "
        f"{writes.races} of them inside a refresh ({writes.races_missed} races planned "
        f"but not run), {len(writes.expected)} switches checked at the end, "
        f"{clock.requests} requests, "
        f"{watch.records} log records ({watch.errors} errors); allocated blocks / objects "
        f"after warm-up {mem_a.blocks} / {mem_a.objects}, after cycle {warmup + half} "
        f"{mem_b.blocks} / {mem_b.objects}, after cycle {CYCLES} {mem_c.blocks} / "
        f"{mem_c.objects}: {per_station_cycle:+.3f} blocks per station and cycle "
        "in the second half, against the higher earlier reading"
    )
    assert not watch.unexpected, f"seed {SEED}: exceptions reached the log:\n" + "\n\n".join(
        watch.unexpected[:10]
    )
    assert not watch.leaks, f"seed {SEED}: secrets in the log:\n" + "\n".join(watch.leaks[:10])
    assert not not_loaded, f"seed {SEED}: entries not loaded after the faults: {not_loaded}"
    assert not failing, f"seed {SEED}: stations still failing after the faults: {failing}"
    assert not unavailable, f"seed {SEED}: entities still unavailable: {unavailable[:20]}"
    assert not reauth, f"seed {SEED}: reauthentication started: {reauth}"
    assert not trap.hits, f"seed {SEED}: a redirect was followed: {trap.hits[:5]}"
    assert not soak.wrong_station_loaded, (
        f"seed {SEED}: set up while another station answered: {soak.wrong_station_loaded}"
    )
    assert not writes.errors, f"seed {SEED}: switching raised: {writes.errors[:10]}"
    assert not writes.stale, f"seed {SEED}: a refresh undid a write: {writes.stale[:10]}"
    assert not lost, f"seed {SEED}: writes lost: {lost[:20]}"
    assert growth <= LEAK_SLACK_BLOCKS + LEAK_BLOCKS_PER_STATION_CYCLE * STATIONS * second_half, (
        f"seed {SEED}: {growth} more memory blocks after the last {second_half} cycles "
        f"({per_station_cycle:.2f} per station and cycle); rerun with "
        "ASTROS_SOAK_TRACEMALLOC=1 to see where"
    )
