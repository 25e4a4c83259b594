"""Many stations in one Home Assistant: setup time, polling CPU, memory.

``python -m bench_lib.scale --api v2 --stations 200 --latency-ms 50`` prints one
JSON object. Run each size in a fresh process (``scripts/bench`` does).

The stations are simulated by ``python -m simulator`` in a child process, so
neither its CPU time nor its memory is counted here.

- ``setup_seconds``: wall time of ``async_setup_component`` setting up every
  config entry at once (what Home Assistant does at start), until all are
  loaded and every entity is added.
- CPU: the stations are polled for ``--minutes`` simulated minutes with the
  default settings; time is accelerated (timers fire as soon as the previous
  tick's refreshes have finished), so the CPU time is that of the same work
  done in real time. ``loop`` is the event loop thread's CPU time
  (``time.thread_time`` sampled on the loop), ``process`` every thread's.
  The same accelerated clock without any station is measured first and
  subtracted (Home Assistant's own timers firing).
- Memory: resident set size after a garbage collection (and ``malloc_trim``),
  before the entries are added (Home Assistant running, the integration and
  its platforms imported) and after setup / after polling (sampled after
  ``--minutes``, twice that and three times that, to show whether it keeps
  growing); per station is the difference divided by the number of stations.

``--naive``: the baseline, every section read at every tick (the tier table
patched in this process, see :func:`~bench_lib.harness.naive_polling`).
``--trace N``: how many more windows of ``--trace-minutes`` (default
``--minutes``) to poll for the memory trace (2; 0 samples memory only after
the CPU window).
``--profile``: where the time and memory go (:mod:`bench_lib.profile`):
``tracemalloc`` from before setup to after 2 ticks of polling, then
a sampling profiler of the event loop over the CPU window (both slow things down: the setup, CPU and
memory figures of a profiling run are not comparable with the others).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import sys
import time
from typing import Any

from .harness import (
    FastClock,
    SimulatorProcess,
    coordinators,
    home_assistant,
    loaded_count,
    make_entries,
    naive_polling,
    preload_platforms,
    quiet_logs,
    raise_fd_limit,
    setup_all,
)
from .procstats import MIB, CpuSample, GcTimer, settled_rss_bytes
from .profile import CpuProfile, MemoryProfile, entity_counts

IDLE_TICKS = 20
#: Seconds of simulated time per step of the clock: each station polls at its own moment.
TIMER_STEP = 5.0
#: Entries set up at once in the profiling run (see :func:`setup_in_batches`).
PROFILE_BATCH = 100


async def setup_in_batches(hass: Any, stations: list[Any], batch: int = PROFILE_BATCH) -> list[Any]:
    """Set the entries up ``batch`` at a time (the profiling run only).

    ``tracemalloc`` slows the event loop several times; with every entry set
    up at once, stations then time out during setup and their entities are
    missing from the memory profile.
    """
    from homeassistant.setup import async_setup_component  # noqa: PLC0415

    from custom_components.astros.const import DOMAIN  # noqa: PLC0415

    entries = make_entries(hass, stations[:batch])
    assert await async_setup_component(hass, DOMAIN, {})
    await hass.async_block_till_done()
    for start in range(batch, len(stations), batch):
        more = make_entries(hass, stations[start : start + batch])
        await asyncio.gather(*(hass.config_entries.async_setup(e.entry_id) for e in more))
        await hass.async_block_till_done()
        entries += more
    return entries


async def run(
    api: str,
    stations: int,
    latency_ms: float,
    minutes: float,
    *,
    naive: bool = False,
    trace: int = 2,
    trace_minutes: float | None = None,
    profile: bool = False,
) -> dict[str, Any]:
    """Measure ``stations`` stations of generation ``api``."""
    raise_fd_limit()
    result: dict[str, Any] = {
        "api": api,
        "stations": stations,
        "latency_ms": latency_ms,
        "naive": naive,
        "profile": profile,
    }
    t_start = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if naive:
            stack.enter_context(naive_polling())
        sim = stack.enter_context(SimulatorProcess(api, stations, latency_ms))
        result["simulator_start_seconds"] = time.perf_counter() - t_start
        async with home_assistant() as hass:
            preload_platforms()
            with FastClock(hass, step=TIMER_STEP) as clock:
                interval = 30.0

                # Home Assistant alone under the accelerated clock.
                await clock.advance(interval)
                idle0 = CpuSample.now()
                for _ in range(IDLE_TICKS):
                    await clock.advance(interval)
                idle = CpuSample.now() - idle0
                result["idle_loop_cpu_per_tick"] = idle.thread / IDLE_TICKS
                result["idle_process_cpu_per_tick"] = idle.process / IDLE_TICKS

                rss0 = settled_rss_bytes()
                memory = MemoryProfile() if profile else None
                if memory:
                    memory.start()
                c0 = CpuSample.now()
                if memory:
                    entries = await setup_in_batches(hass, sim.stations)
                else:
                    entries = make_entries(hass, sim.stations)
                    await setup_all(hass)
                setup = CpuSample.now() - c0
                result["setup_seconds"] = setup.wall
                result["setup_loop_cpu"] = setup.thread
                result["loaded"] = loaded_count(entries)
                result["entities"] = len(hass.states.async_all())
                result["counts"] = entity_counts(hass, stations)
                rss1 = settled_rss_bytes()
                result["rss_baseline_mib"] = rss0 / MIB
                result["rss_per_station_setup_mib"] = (rss1 - rss0) / stations / MIB

                coords = coordinators(entries)
                interval = coords[0].update_interval.total_seconds()
                # Let the first regular tick (and the online firmware check) pass.
                await clock.advance(interval)

                ticks = max(1, round(minutes * 60 / interval))
                if memory:
                    # Where the memory goes: two ticks of polling, then a snapshot.
                    for _ in range(2):
                        await clock.advance(interval)
                    result["memory_profile"] = memory.stop(stations)
                cpu_profile = CpuProfile() if profile else None
                sim_cpu0 = sim.cpu_seconds()
                c0 = CpuSample.now()
                slowest = 0.0
                if cpu_profile:
                    cpu_profile.start()
                collector = GcTimer()
                collector.start()
                for _ in range(ticks):
                    t0 = time.perf_counter()
                    await clock.advance(interval)
                    slowest = max(slowest, time.perf_counter() - t0)
                collector.stop()
                if cpu_profile:
                    cpu_profile.stop()
                poll = CpuSample.now() - c0
                # The collector's time grows with everything Home Assistant holds
                # (each full collection walks every object), not only with polling.
                result["gc_cpu_per_minute"] = collector.seconds / minutes
                result["gc_collections"] = collector.collections
                result["gc_tracked_objects"] = len(gc.get_objects())
                sim_cpu = sim.cpu_seconds() - sim_cpu0
                if cpu_profile:
                    result["cpu_profile"] = cpu_profile.summary(poll.thread)
                # More polling, only to see whether memory keeps growing.
                rss_trace = [settled_rss_bytes()]
                trace_minutes = minutes if trace_minutes is None else trace_minutes
                trace_ticks = max(1, round(trace_minutes * 60 / interval))
                for _ in range(trace):
                    for _ in range(trace_ticks):
                        await clock.advance(interval)
                    rss_trace.append(settled_rss_bytes())
                result["rss_per_station_trace_mib"] = [
                    (r - rss0) / stations / MIB for r in [rss1, *rss_trace]
                ]
                result["rss_trace_minutes"] = [
                    0,
                    *(minutes + trace_minutes * i for i in range(trace + 1)),
                ]
                loop_cpu = poll.thread - ticks * result["idle_loop_cpu_per_tick"]
                proc_cpu = poll.process - ticks * result["idle_process_cpu_per_tick"]
                result["poll_minutes"] = minutes
                result["poll_ticks"] = ticks
                result["poll_wall_seconds"] = poll.wall
                result["slowest_tick_seconds"] = slowest
                result["loop_cpu_per_minute"] = loop_cpu / minutes
                result["process_cpu_per_minute"] = proc_cpu / minutes
                result["loop_core_percent"] = loop_cpu / minutes / 60 * 100
                result["gc_share_percent"] = (
                    100 * collector.seconds / loop_cpu if loop_cpu > 0 else None
                )
                result["process_core_percent"] = proc_cpu / minutes / 60 * 100
                result["simulator_cpu_per_minute"] = sim_cpu / minutes
                result["updates_ok"] = sum(1 for c in coords if c.last_update_success)

                result["rss_per_station_polled_mib"] = (rss_trace[-1] - rss0) / stations / MIB
                result["rss_total_mib"] = rss_trace[-1] / MIB
            t0 = time.perf_counter()
            for entry in entries:
                await hass.config_entries.async_unload(entry.entry_id)
            result["unload_seconds"] = time.perf_counter() - t0
    return result


def main(argv: list[str] | None = None) -> int:
    """Entry point: print the measurements as JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench_lib.scale")
    parser.add_argument("--api", choices=("v1", "v2"), required=True)
    parser.add_argument("--stations", type=int, required=True)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument(
        "--naive", action="store_true", help="baseline: every section read at every tick"
    )
    parser.add_argument(
        "--trace", type=int, default=2,
        help="more windows polled for the memory trace (2)",
    )  # fmt: skip
    parser.add_argument(
        "--trace-minutes", type=float,
        help="simulated minutes of each memory trace window (--minutes)",
    )  # fmt: skip
    parser.add_argument(
        "--profile", action="store_true",
        help="where the time (sampling profiler) and memory (tracemalloc) go; slows the run",
    )  # fmt: skip
    args = parser.parse_args(argv)
    quiet_logs()
    result = asyncio.run(
        run(
            args.api, args.stations, args.latency_ms, args.minutes,
            naive=args.naive, trace=args.trace, trace_minutes=args.trace_minutes,
            profile=args.profile,
        )
    )  # fmt: skip
    json.dump(result, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
