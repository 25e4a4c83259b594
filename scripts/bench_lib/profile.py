"""Where the time and the memory of polling go, grouped by owner.

Only the profiling run of ``bench_lib.scale --profile`` uses this: a sampling
profiler of the event loop's thread over the polling window (self time of
every function, summed per owner; see :class:`CpuProfile`) and a
``tracemalloc`` snapshot after polling (bytes still allocated, summed per owner
of the Python frame that allocated them). Both slow the run down.
"""

from __future__ import annotations

from collections import Counter
import sys
import threading
import tracemalloc
from typing import Any

from .procstats import MIB

#: Owners, most specific first: (name, path fragment). See :func:`owner_of`.
OWNERS: tuple[tuple[str, str], ...] = (
    ("HA helpers/entity.py", "homeassistant/helpers/entity.py"),
    ("HA core.py (states, events, jobs)", "homeassistant/core.py"),
    ("HA helpers/update_coordinator.py", "homeassistant/helpers/update_coordinator.py"),
    ("HA entity and device registries", "homeassistant/helpers/entity_registry.py"),
    ("HA entity and device registries", "homeassistant/helpers/device_registry.py"),
    ("HA other", "homeassistant/"),
    ("astros api/", "custom_components/astros/api/"),
    ("astros (rest)", "custom_components/astros/"),
    ("aiohttp, yarl, multidict", "aiohttp/"),
    ("aiohttp, yarl, multidict", "yarl/"),
    ("aiohttp, yarl, multidict", "multidict/"),
    ("json", "/json/"),
    ("json", "orjson"),
    ("asyncio", "/asyncio/"),
    ("benchmark harness (test core)", "pytest_homeassistant_custom_component/"),
    ("benchmark harness (test core)", "bench_lib/"),
    ("benchmark harness (test core)", "unittest/mock.py"),
)
#: Built-in (C) functions whose name says who they belong to.
BUILTIN_OWNERS: tuple[tuple[str, str], ...] = (
    ("json", "json"),
    ("asyncio", "_asyncio"),
    ("asyncio", "select.epoll"),
    ("asyncio", "_overlapped"),
    ("aiohttp, yarl, multidict", "aiohttp"),
    ("aiohttp, yarl, multidict", "multidict"),
    ("aiohttp, yarl, multidict", "yarl"),
)


def owner_of(filename: str, function: str = "") -> str:
    """Who a function (or an allocating frame) belongs to, by its file.

    ``cProfile`` reports built-in functions with the file name ``~``; they are
    placed by their name (``<built-in method loads of module orjson>`` is
    json), else under "builtins (C)".
    """
    path = filename.replace("\\", "/")
    if path in {"~", ""}:
        for owner, fragment in BUILTIN_OWNERS:
            if fragment in function:
                return owner
        return "builtins (C)"
    for owner, fragment in OWNERS:
        if fragment in path:
            return owner
    if "site-packages/" in path or "dist-packages/" in path:
        return "other packages"
    if path.startswith("<"):
        return "other"
    return "stdlib"


class CpuProfile:
    """A sampling profiler of the thread that calls :meth:`start` (the event loop).

    ``cProfile`` is not used: since Python 3.12 it sees every thread
    (``sys.monitoring``), mixing the executor threads' calls into the loop's
    stack, and with a per-thread CPU clock it reports negative times. Instead a
    helper thread reads the loop thread's innermost Python frame every
    ``interval`` seconds; a sample in the selector's ``select`` is the loop
    waiting for the stations (idle), every other sample is *self* time of that
    frame's function (C functions count for their Python caller). The samples
    are scaled to the loop's measured CPU time. The interpreter's switch
    interval is lowered to 10 µs meanwhile, so that a sample is taken where
    the loop is, not at its next system call (which releases the GIL).
    """

    def __init__(self, interval: float = 0.001) -> None:
        self.interval = interval
        self._thread_id = 0
        self._stop = threading.Event()
        self._sampler: threading.Thread | None = None
        self.samples: Counter[tuple[str, int, str]] = Counter()
        self.idle = 0
        self._switch_interval = sys.getswitchinterval()

    def start(self) -> None:
        """Start sampling the calling thread."""
        self._thread_id = threading.get_ident()
        self._stop.clear()
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(1e-5)
        self._sampler = threading.Thread(target=self._run, name="bench-sampler", daemon=True)
        self._sampler.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            frame = sys._current_frames().get(self._thread_id)
            if frame is None:
                continue
            code = frame.f_code
            if code.co_name == "select" and code.co_filename.endswith("selectors.py"):
                self.idle += 1
            else:
                self.samples[(code.co_filename, code.co_firstlineno, code.co_name)] += 1

    def stop(self) -> None:
        """Stop sampling."""
        self._stop.set()
        if self._sampler is not None:
            self._sampler.join()
        sys.setswitchinterval(self._switch_interval)

    def summary(self, loop_cpu: float, top: int = 15) -> dict[str, Any]:
        """Self time per owner (scaled to ``loop_cpu``) and the top functions."""
        busy = sum(self.samples.values())
        per_sample = loop_cpu / busy if busy else 0.0
        result = summarize_cpu(
            [(f, line, fn, n * per_sample, n) for (f, line, fn), n in self.samples.items()],
            loop_cpu,
            top,
        )
        result["samples_busy"] = busy
        result["samples_idle"] = self.idle
        result["sample_interval"] = self.interval
        return result


def summarize_cpu(
    rows: list[tuple[str, int, str, float, int]], loop_cpu: float, top: int = 15
) -> dict[str, Any]:
    """Group ``(file, line, function, self seconds, samples)`` rows by owner.

    Percentages are of the profiled self time; ``loop_cpu`` (the event loop's
    CPU time over the same window) is recorded for scale.
    """
    total = sum(r[3] for r in rows) or 1e-12
    by_owner: dict[str, float] = {}
    for filename, _line, function, tottime, _calls in rows:
        owner = owner_of(filename, function)
        by_owner[owner] = by_owner.get(owner, 0.0) + tottime
    ranked = sorted(rows, key=lambda r: r[3], reverse=True)[:top]
    return {
        "profiled_seconds": total,
        "loop_cpu_seconds": loop_cpu,
        "owners": {
            owner: {"seconds": sec, "percent": sec / total * 100}
            for owner, sec in sorted(by_owner.items(), key=lambda kv: kv[1], reverse=True)
        },
        "top": [
            {
                "function": f"{_short(filename)}:{line}({function})",
                "owner": owner_of(filename, function),
                "seconds": tottime,
                "percent": tottime / total * 100,
                "samples": calls,
            }
            for filename, line, function, tottime, calls in ranked
        ],
    }


def _short(filename: str) -> str:
    """A file name without the interpreter's or the repository's prefix."""
    path = filename.replace("\\", "/")
    for marker in ("site-packages/", "dist-packages/", "/lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            if marker.startswith("/lib/python3"):
                path = path.split("/", 1)[-1]
            break
    if "custom_components/" in path:
        path = "custom_components/" + path.split("custom_components/", 1)[1]
    return path


class MemoryProfile:
    """``tracemalloc`` from :meth:`start` to :meth:`stop`: what is still allocated."""

    def start(self) -> None:
        """Start tracing allocations (one frame: the allocating Python function)."""
        tracemalloc.start(1)

    def stop(self, stations: int) -> dict[str, Any]:
        """Snapshot, stop tracing, and group what is allocated by owner."""
        import gc  # noqa: PLC0415

        gc.collect()
        snapshot = tracemalloc.take_snapshot()
        tracemalloc.stop()
        rows = [
            (stat.traceback[0].filename, stat.size, stat.count)
            for stat in snapshot.statistics("filename")
        ]
        return summarize_memory(rows, stations)


def summarize_memory(
    rows: list[tuple[str, int, int]], stations: int, top: int = 15
) -> dict[str, Any]:
    """Group ``(file, bytes, blocks)`` rows by owner, in MiB per station."""
    by_owner: dict[str, int] = {}
    for filename, size, _count in rows:
        owner = owner_of(filename)
        by_owner[owner] = by_owner.get(owner, 0) + size
    total = sum(by_owner.values())
    return {
        "traced_mib_per_station": total / stations / MIB,
        "owners": {
            owner: {"mib_per_station": size / stations / MIB, "percent": size / (total or 1) * 100}
            for owner, size in sorted(by_owner.items(), key=lambda kv: kv[1], reverse=True)
        },
        "top_files": [
            {
                "file": _short(filename),
                "owner": owner_of(filename),
                "mib_per_station": size / stations / MIB,
                "blocks_per_station": count / stations,
            }
            for filename, size, count in sorted(rows, key=lambda r: r[1], reverse=True)[:top]
        ],
    }


def entity_counts(hass: Any, stations: int) -> dict[str, float]:
    """Home Assistant's objects per station: states, registry entries, devices."""
    from homeassistant.helpers import (  # noqa: PLC0415
        device_registry as dr,
        entity_registry as er,
    )

    states = len(hass.states.async_all())
    registry = er.async_get(hass).entities
    astros = [e for e in registry.values() if e.platform == "astros"]
    devices = dr.async_get(hass)
    device_count = sum(
        len(dr.async_entries_for_config_entry(devices, entry.entry_id))
        for entry in hass.config_entries.async_entries("astros")
    )
    return {
        "states": states,
        "states_per_station": states / stations,
        "registry_entries": len(registry),
        "registry_entries_per_station": len(astros) / stations,
        "disabled_per_station": sum(1 for e in astros if e.disabled_by is not None) / stations,
        "devices_per_station": device_count / stations,
    }
