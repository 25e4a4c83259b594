"""One station in one Home Assistant: requests, refresh and action latency.

``python -m bench_lib.single --api v1 --latency-ms 50`` prints one JSON object.

The simulator runs in this process (its request log is read directly). Time is
accelerated with :class:`~bench_lib.harness.FastClock`, so hours of polling take
seconds; each poll tick is still a real exchange with the injected latency.

Measured:
- ``setup_requests``: requests from the start of the entry's setup to loaded;
- ``requests_per_section``: requests to read each section alone;
- ``full_refresh``: requests and wall time of a coordinator refresh that reads
  every section (as the first refresh and the first after a failure do);
- ``ticks``: one simulated hour of regular polling at the injected latency:
  wall time of every tick, requests;
- ``hours``: ``--hours`` simulated hours of polling (no latency: only requests
  are counted): requests per hour, and for every section the largest gap
  between two reads (the staleness an entity can see) against its tier;
- ``actions``: a switch and a select changed through Home Assistant services,
  wall time until the call returned with the new state shown, and requests.

``--naive``: the baseline, every section read at every tick (the tier table
patched in this process, see :func:`~bench_lib.harness.naive_polling`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import math
import statistics
import sys
import time
from typing import Any

from homeassistant.helpers.event import async_track_state_change_event

from custom_components.astros.const import TIER_SLACK

from .harness import (
    PASSWORD,
    USERNAME,
    FastClock,
    StationAddress,
    coordinators,
    home_assistant,
    make_entries,
    naive_polling,
    quiet_logs,
    setup_all,
)


def requests_per_hour(coordinator: Any, requests_per_section: dict[Any, int]) -> float:
    """The HTTP requests an hour of polling costs, from each section's tier.

    A section is read on the first tick at or after its age limit (less the
    coordinator's slack against timer jitter). Key renewals and the slow
    maintenance checks are not counted.
    """
    interval = coordinator.update_interval.total_seconds()
    total = 0.0
    for section, max_age in coordinator.section_max_age.items():
        ticks = max(1, math.ceil((max_age - TIER_SLACK).total_seconds() / interval))
        total += requests_per_section.get(section, 1) * 3600 / (ticks * interval)
    return total


async def _ticks(
    clock: FastClock, coordinator: Any, station: Any, seconds: float, interval: float
) -> dict[str, Any]:
    """Poll for ``seconds`` simulated seconds; wall time and requests of every tick."""
    walls: list[float] = []
    counts: list[int] = []
    fetched: dict[str, list[float]] = {s: [] for s in map(str, coordinator.section_max_age)}
    last = dict(coordinator._fetched_at)
    total = 0
    n = round(seconds / interval)
    for _ in range(n):
        station.requests.clear()
        t0 = time.perf_counter()
        await clock.advance(interval)
        walls.append(time.perf_counter() - t0)
        counts.append(len(station.requests))
        total += len(station.requests)
        now = coordinator._fetched_at
        for section, at in now.items():
            if last.get(section) != at:
                fetched[str(section)].append(at.timestamp())
        last = dict(now)
    return {"walls": walls, "counts": counts, "total": total, "ticks": n, "fetched": fetched}


def _max_gaps(fetched: dict[str, list[float]], span: float) -> dict[str, float]:
    """Largest simulated time between two reads of each section.

    Fetch times are offsets of the fake clock (real time between them is
    negligible). A section never read in ``span`` gets ``span``.
    """
    out: dict[str, float] = {}
    for section, times in fetched.items():
        if len(times) < 2:
            out[section] = span
            continue
        out[section] = max(b - a for a, b in itertools.pairwise(times))
    return out


async def _action(
    hass: Any, station: Any, domain: str, entity_id: str, latency: float
) -> dict[str, Any]:
    (
        """Change an entity to a value it does not have, five times; time each.

    Two times per action: until the entity shows the new value (the station
    accepted exactly that value) and until the action returns (the touched
    sections have been read back).
    """
        ""
    )
    walls: list[float] = []
    shown: list[float] = []
    counts: list[int] = []
    for _ in range(5):
        state = hass.states.get(entity_id)
        assert state is not None, entity_id
        if domain == "switch":
            service = "turn_off" if state.state == "on" else "turn_on"
            data: dict[str, Any] = {"entity_id": entity_id}
            want = "off" if service == "turn_off" else "on"
        else:
            options = [o for o in state.attributes["options"] if o != state.state]
            service, want = "select_option", options[0]
            data = {"entity_id": entity_id, "option": want}
        station.requests.clear()
        shown_at: list[float] = []

        def _shown(event: Any, want: str = want, shown_at: list[float] = shown_at) -> None:
            new_state = event.data["new_state"]
            if new_state is not None and new_state.state == want and not shown_at:
                shown_at.append(time.perf_counter())

        unsubscribe = async_track_state_change_event(hass, entity_id, _shown)
        t0 = time.perf_counter()
        await hass.services.async_call(domain, service, data, blocking=True)
        wall = time.perf_counter() - t0
        unsubscribe()
        shown.append((shown_at[0] if shown_at else t0 + wall) - t0)
        new = hass.states.get(entity_id)
        if new is None or new.state != want:
            raise RuntimeError(f"{entity_id}: {service} left it {new and new.state}, not {want}")
        walls.append(wall)
        counts.append(len(station.requests))
        await asyncio.sleep(0)
    return {
        "entity_id": entity_id,
        "walls": walls,
        "median_ratio": statistics.median(walls) / latency if latency else None,
        "max_ratio": max(walls) / latency if latency else None,
        "shown_median_ratio": statistics.median(shown) / latency if latency else None,
        "shown_max_ratio": max(shown) / latency if latency else None,
        "requests": statistics.median(counts),
        "paths": list(station.requests),
    }


async def _what_if(hass: Any, station: Any, coordinator: Any, latency: float) -> dict[str, Any]:
    """Figures for changes the integration could make.

    - ``full_refresh_ratio_16``: a full refresh with 16 requests in flight
      instead of ``max_in_flight`` (the client's semaphore replaced);
    - ``write_only_ratio``: the switch's write alone, without re-reading the
      section (an action that publishes the acknowledged value at once).
    """
    if not latency:
        return {}
    client = coordinator.client
    transport = client._transport
    original = transport._in_flight
    transport._in_flight = asyncio.Semaphore(16)
    walls = []
    try:
        for _ in range(5):
            coordinator._fetched_at.clear()
            t0 = time.perf_counter()
            await coordinator.async_refresh()
            walls.append(time.perf_counter() - t0)
    finally:
        transport._in_flight = original
    writes = []
    value = bool(coordinator.data.general and coordinator.data.general.remote_view)
    for _ in range(5):
        value = not value
        t0 = time.perf_counter()
        await client.async_set_remote_view(value)
        writes.append(time.perf_counter() - t0)
    await coordinator.async_refresh()
    return {
        "full_refresh_ratio_16": statistics.median(walls) / latency,
        "write_only_ratio": statistics.median(writes) / latency,
    }


def all_available(hass: Any) -> bool:
    """Whether no entity of the integration is unavailable."""
    from homeassistant.helpers import entity_registry as er  # noqa: PLC0415

    for ent in er.async_get(hass).entities.values():
        if ent.platform == "astros" and ent.disabled_by is None:
            state = hass.states.get(ent.entity_id)
            if state is None or state.state == "unavailable":
                return False
    return True


def _entity(hass: Any, domain: str, key: str) -> str:
    from homeassistant.helpers import entity_registry as er  # noqa: PLC0415

    for ent in er.async_get(hass).entities.values():
        if ent.platform == "astros" and ent.domain == domain and ent.unique_id.endswith(f"_{key}"):
            return ent.entity_id
    raise RuntimeError(f"no {domain} entity with key {key}")


async def _latency_figures(  # noqa: PLR0917 - one caller, the run's state
    hass: Any,
    clock: FastClock,
    coordinator: Any,
    st: Any,
    interval: float,
    latency: float,
    result: dict[str, Any],
) -> None:
    """An hour of ticks at the injected latency, the actions and the what-ifs."""
    # One hour of ticks at the injected latency: wall time of each refresh.
    ticks = await _ticks(clock, coordinator, st, 3600, interval)
    plain = [w for w, c in zip(ticks["walls"], ticks["counts"], strict=True) if c]
    tick_counts = sorted(set(ticks["counts"]))
    result["ticks"] = {
        "requests_per_tick": tick_counts,
        "requests_hour": ticks["total"],
        "median_ratio": statistics.median(plain) / latency if latency else None,
        "max_ratio": max(plain) / latency if latency else None,
        "slowest_tick_requests": ticks["counts"][ticks["walls"].index(max(ticks["walls"]))],
        "regular_tick_ratio": (
            statistics.median(
                w
                for w, c in zip(ticks["walls"], ticks["counts"], strict=True)
                if c == min(x for x in tick_counts if x)
            )
            / latency
            if latency
            else None
        ),
    }

    # Switch and select, through Home Assistant services.
    result["actions"] = {
        "switch": await _action(
            hass, st, "switch", _entity(hass, "switch", "remote_view"), latency
        ),
        "select": await _action(hass, st, "select", _entity(hass, "select", "language"), latency),
    }

    # What-ifs, to size the fixes of missed targets (the integration is not
    # changed: the client's semaphore is swapped and a write timed alone).
    result["what_if"] = await _what_if(hass, st, coordinator, latency)


async def run(api: str, latency_ms: float, hours: float, *, naive: bool = False) -> dict[str, Any]:
    """All single-station measurements of one API generation."""
    from simulator import Simulator  # noqa: PLC0415

    latency = latency_ms / 1000.0
    result: dict[str, Any] = {
        "api": api,
        "latency_ms": latency_ms,
        "naive": naive,
        "tier_slack": TIER_SLACK.total_seconds(),
    }
    async with (
        contextlib.AsyncExitStack() as stack,
        Simulator(
            api=api, stations=1, port=0, latency_ms=latency_ms, username=USERNAME,
            password=PASSWORD, token_ttl=0,
        ) as sim,
        home_assistant() as hass,
    ):  # fmt: skip
        if naive:
            stack.enter_context(naive_polling())
        st = sim.stations[0]
        address = StationAddress(0, api, st.port, st.state.eth_mac, st.state.name)
        entries = make_entries(hass, [address])
        st.requests.clear()
        t0 = time.perf_counter()
        await setup_all(hass)
        result["setup_wall"] = time.perf_counter() - t0
        result["setup_requests"] = len(st.requests)
        result["setup_paths"] = [list(r) for r in st.requests]
        (coordinator,) = coordinators(entries)
        client = coordinator.client
        interval = coordinator.update_interval.total_seconds()
        result["scan_interval"] = interval
        result["tiers"] = {
            str(s): age.total_seconds() for s, age in coordinator.section_max_age.items()
        }

        # Requests to read each section alone.
        per_section: dict[str, int] = {}
        per_section_paths: dict[str, list[str]] = {}
        for section in coordinator.section_max_age:
            st.requests.clear()
            await client.async_fetch([section], previous=coordinator.data)
            per_section[str(section)] = len(st.requests)
            per_section_paths[str(section)] = [f"{m} {p}" for m, p in st.requests]
        result["requests_per_section"] = per_section
        result["paths_per_section"] = per_section_paths
        result["requests_per_hour_model"] = requests_per_hour(
            coordinator, {s: per_section[str(s)] for s in coordinator.section_max_age}
        )

        # A coordinator refresh that reads every section.
        walls = []
        for _ in range(5):
            coordinator._fetched_at.clear()
            st.requests.clear()
            t0 = time.perf_counter()
            await coordinator.async_refresh()
            walls.append(time.perf_counter() - t0)
            assert coordinator.last_update_success
        result["full_refresh"] = {
            "requests": len(st.requests),
            "walls": walls,
            "median_ratio": statistics.median(walls) / latency if latency else None,
        }

        with FastClock(hass) as clock:
            await clock.advance(interval)  # first regular tick (and the online check)

            # The naive baseline is only counted (requests per hour): its ticks all
            # read every section, like the full refresh above.
            if not naive:
                await _latency_figures(hass, clock, coordinator, st, interval, latency, result)

            # Many hours without latency: requests per hour and staleness.
            sim.config.latency_ms = 0
            long = await _ticks(clock, coordinator, st, hours * 3600, interval)
            result["hours"] = {
                "hours": hours,
                "requests": long["total"],
                "requests_per_hour": long["total"] / hours,
                "max_gap": _max_gaps(long["fetched"], hours * 3600),
                "reads": {s: len(t) for s, t in long["fetched"].items()},
            }
            result["all_available"] = all_available(hass)
            result["last_update_success"] = coordinator.last_update_success
        for entry in entries:
            await hass.config_entries.async_unload(entry.entry_id)
    return result


def main(argv: list[str] | None = None) -> int:
    """Entry point: print the measurements as JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench_lib.single")
    parser.add_argument("--api", choices=("v1", "v2"), required=True)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--hours", type=float, default=6.0)
    parser.add_argument(
        "--naive", action="store_true", help="baseline: every section read at every tick"
    )
    args = parser.parse_args(argv)
    quiet_logs()
    result = asyncio.run(run(args.api, args.latency_ms, args.hours, naive=args.naive))
    json.dump(result, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
