"""``scripts/bench``: run every measurement and print one table.

Each measurement runs in a fresh interpreter (``python -m bench_lib.single`` /
``bench_lib.scale``) so that one's memory and imports do not leak into the next;
each is repeated (``--repeat``) and both ways: with the integration's polling
tiers and naive (every section at every tick). The repeats are interleaved
(every measurement once, then every measurement again, ...) so that a busy spell
on the machine lands on one repeat of several figures, not on every repeat of one.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
import json
import os
from pathlib import Path
import subprocess
import sys
import time
from typing import Any

from .report import TARGET_SIZE, render_markdown, render_table, update_benchmarks_md
from .sysinfo import describe

REPO = Path(__file__).resolve().parents[2]
STORE = REPO / "docs" / "benchmarks"
#: Sizes from this many stations on use --repeat-large and --repeat-naive-large.
LARGE = 500
#: Sizes below this many stations get two memory trace windows, larger ones one.
SMALL = 100
#: Wall seconds per station: of a tick of tiered polling, of setup (measured on
#: the 2-core machine of BENCHMARKS.md), to estimate the run time; naive ticks
#: cost about NAIVE_FACTOR times a tiered one.
TICK_COST = 0.0027
SETUP_COST = 0.025
NAIVE_FACTOR = 2.6
#: Entities per station of the reference without the integration (bench_lib.bare):
#: as many as a v2 station has states.
BARE_ENTITIES = 41


@dataclass
class Job:
    """One measurement: a module and its arguments, where its result goes."""

    module: str
    args: list[str]
    key: tuple[str, ...]
    estimate: float


def _run(module: str, *args: str, timeout: float) -> dict[str, Any]:
    cmd = [sys.executable, "-m", f"bench_lib.{module}", *args]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "scripts"), str(REPO)])}
    t0 = time.perf_counter()
    proc = subprocess.run(  # noqa: S603
        cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"{module} {' '.join(args)} failed with exit code {proc.returncode}")
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    result: dict[str, Any] = json.loads(lines[-1])
    result["_bench_wall"] = time.perf_counter() - t0
    warnings = [line for line in proc.stderr.splitlines() if "ERROR" in line]
    if warnings:
        result["_errors_logged"] = warnings[:20]
        result["_errors_count"] = len(warnings)
    return result


def _scale_estimate(n: int, ticks: int, *, naive: bool, profile: bool) -> float:
    per_tick = n * TICK_COST * (NAIVE_FACTOR if naive else 1) * (1.5 if profile else 1)
    return 8 + n * SETUP_COST * (2 if profile else 1) + (ticks + 2) * per_tick


def plan(args: argparse.Namespace, apis: list[str], sizes: list[int]) -> list[Job]:
    """Every measurement to run, in order (repeats interleaved)."""
    modes = ["tiered"] + ([] if args.no_naive else ["naive"])
    jobs: list[Job] = []
    latency = ["--latency-ms", str(args.latency_ms)]
    rounds = max(args.repeat, args.repeat_large, args.repeat_naive_large)
    for i in range(rounds):
        for api in apis:
            if i >= args.repeat:
                break
            for mode in modes:
                # Naive polling costs the same every hour: one is exact (and cheaper).
                hours = min(args.hours, 1.0) if mode == "naive" else args.hours
                jobs.append(Job(
                    "single",
                    ["--api", api, *latency, "--hours", str(hours),
                     *(["--naive"] if mode == "naive" else [])],
                    ("single", api, mode),
                    (6 if mode == "naive" else 12) + 1.0 * hours,
                ))  # fmt: skip
        for api in apis:
            for n in sizes:
                large = n >= LARGE
                for mode in modes:
                    naive = mode == "naive"
                    repeat = args.repeat
                    if large:
                        repeat = args.repeat_naive_large if naive else args.repeat_large
                    if i >= repeat:
                        continue
                    if naive:
                        # Every section every tick: each tick costs the same, a short
                        # window is representative; memory is sampled once, after it.
                        minutes, trace, trace_minutes = args.minutes_naive, 0, 0.0
                    else:
                        minutes, trace_minutes = args.minutes, args.trace_minutes
                        trace = 2 if n < SMALL else 1
                    ticks = round(minutes * 2) + trace * round(trace_minutes * 2)
                    jobs.append(Job(
                        "scale",
                        ["--api", api, "--stations", str(n), *latency, "--minutes", str(minutes),
                         "--trace", str(trace), "--trace-minutes", str(trace_minutes),
                         *(["--naive"] if naive else [])],
                        ("scale", api, str(n), mode),
                        _scale_estimate(n, ticks, naive=naive, profile=False),
                    ))  # fmt: skip
    if not args.no_profile and sizes:
        n = max(sizes)
        jobs.append(Job(
            "bare", ["--stations", str(n), "--entities", str(BARE_ENTITIES)],
            ("bare", "", str(n)), 5 + n * BARE_ENTITIES * 0.00025,
        ))  # fmt: skip
        for api in apis:
            jobs.append(Job(
                "scale",
                ["--api", api, "--stations", str(n), *latency,
                 "--minutes", str(args.minutes_profile), "--trace", "0", "--profile"],
                ("profile", api, str(n)),
                _scale_estimate(n, round(args.minutes_profile * 2) + 2, naive=False, profile=True),
            ))  # fmt: skip
    return jobs


def _store(results: dict[str, Any], key: tuple[str, ...], run: dict[str, Any]) -> None:
    kind, api, *rest = key
    if kind == "single":
        results["single"].setdefault(api, {"tiered": [], "naive": []})[rest[0]].append(run)
    elif kind == "scale":
        sizes = results["scale"].setdefault(api, {})
        sizes.setdefault(rest[0], {"tiered": [], "naive": []})[rest[1]].append(run)
    elif kind == "bare":
        results["bare"] = run
    else:
        results["profile"].setdefault(api, {})[rest[0]] = run


def _fmt_s(seconds: float) -> str:
    return f"{int(seconds // 60)}m{int(seconds % 60):02d}s"


def measure(args: argparse.Namespace, apis: list[str], sizes: list[int]) -> dict[str, Any]:
    """Run the plan; progress and the estimated time left on stderr."""
    machine = describe(REPO)
    results: dict[str, Any] = {
        "machine": machine,
        "ha": args.ha,
        "latency_ms": args.latency_ms,
        "hours": args.hours,
        "minutes": args.minutes,
        "minutes_naive": args.minutes_naive,
        "trace_minutes": args.trace_minutes,
        "minutes_profile": args.minutes_profile,
        "repeat": args.repeat,
        "repeat_large": args.repeat_large if any(n >= LARGE for n in sizes) else args.repeat,
        "repeat_naive_large": args.repeat_naive_large,
        "command": "scripts/bench " + " ".join(args.argv),
        "single": {},
        "scale": {},
        "profile": {},
    }
    jobs = plan(args, apis, sizes)
    total_est = sum(j.estimate for j in jobs)
    print(
        f"astros benchmark, {machine['date']}, Home Assistant {machine['homeassistant']}: "
        f"{len(jobs)} measurements, about {_fmt_s(total_est)} (estimate)",
        file=sys.stderr,
        flush=True,
    )
    t0 = time.perf_counter()
    done_est = 0.0
    for k, job in enumerate(jobs, 1):
        label = " ".join([job.module, *job.args])
        print(f"  [{k}/{len(jobs)}] {label}", file=sys.stderr, flush=True)
        run = _run(job.module, *job.args, timeout=3600)
        _store(results, job.key, run)
        done_est += job.estimate
        elapsed = time.perf_counter() - t0
        left = (total_est - done_est) * elapsed / done_est
        print(
            f"        {run['_bench_wall']:.0f} s; elapsed {_fmt_s(elapsed)}, "
            f"about {_fmt_s(left)} left",
            file=sys.stderr,
            flush=True,
        )
    results["wall_seconds"] = time.perf_counter() - t0
    return results


def _stored() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(STORE.glob("ha-*.json"))]


def _write(results: dict[str, Any] | None) -> None:
    """Store ``results`` (if any) and re-render BENCHMARKS.md from every stored file."""
    if results is not None:
        STORE.mkdir(parents=True, exist_ok=True)
        path = STORE / f"ha-{results['machine']['homeassistant']}.json"
        path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        print(f"{path.relative_to(REPO)} written", file=sys.stderr)
    stored = _stored()
    if not stored:
        raise SystemExit(f"no stored results in {STORE.relative_to(REPO)}")
    update_benchmarks_md(REPO / "BENCHMARKS.md", render_markdown(stored))
    print(
        f"BENCHMARKS.md updated from {len(stored)} stored file(s) "
        f"(Home Assistant {', '.join(r['machine']['homeassistant'] for r in stored)})",
        file=sys.stderr,
    )


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description=(
            "Measure the astros integration against the simulator and print one table "
            "per API generation (see BENCHMARKS.md)."
        ),
    )
    parser.add_argument(
        "--ha", choices=("oldest", "current"), default="oldest",
        help="Home Assistant to measure: oldest (the host venv, default) or current "
        "(2026.10.4 in the Debian sid chroot scripts/test uses; needs root)",
    )  # fmt: skip
    parser.add_argument("--latency-ms", type=float, default=50.0, help="injected latency (50)")
    parser.add_argument("--api", default="v1,v2", help="generations to measure (v1,v2)")
    parser.add_argument(
        "--sizes", default="10,200,1000",
        help="station counts for the scale runs (10,200,1000)",
    )  # fmt: skip
    parser.add_argument(
        "--minutes", type=float, default=10.0,
        help="simulated minutes of tiered polling for the CPU window (10: every tier up to "
        "10 minutes read once)",
    )  # fmt: skip
    parser.add_argument(
        "--trace-minutes", type=float, default=5.0,
        help="simulated minutes of each further window of the memory trace: 2 windows, "
        f"1 from {SMALL} stations on (5)",
    )  # fmt: skip
    parser.add_argument(
        "--minutes-profile", type=float, default=5.0,
        help="simulated minutes of polling in the profiling run (5)",
    )  # fmt: skip
    parser.add_argument(
        "--minutes-naive", type=float, default=2.0,
        help="simulated minutes of naive polling for its CPU window (2; every tick is alike)",
    )  # fmt: skip
    parser.add_argument(
        "--hours", type=float, default=6.0,
        help="simulated hours of polling for requests per hour and staleness (6)",
    )  # fmt: skip
    parser.add_argument(
        "--repeat", type=int, default=3,
        help="runs of every measurement, each in a fresh process (3)",
    )  # fmt: skip
    parser.add_argument(
        "--repeat-large", type=int, default=2,
        help=f"runs of the tiered scale measurements from {LARGE} stations on (2)",
    )  # fmt: skip
    parser.add_argument(
        "--repeat-naive-large", type=int, default=1,
        help=f"runs of the naive scale measurements from {LARGE} stations on (1)",
    )  # fmt: skip
    parser.add_argument(
        "--no-naive", action="store_true",
        help="skip the naive baseline (every section read at every tick)",
    )  # fmt: skip
    parser.add_argument(
        "--no-profile", action="store_true",
        help="skip the profiling run (largest size, each generation, once) and the "
        "reference of bare entities without the integration",
    )  # fmt: skip
    parser.add_argument(
        "--quick", action="store_true",
        help="a smoke run: 10 stations, 2 repeats, 2 minutes, 1 hour",
    )  # fmt: skip
    parser.add_argument("--json", type=Path, help="also write the raw results to this file")
    parser.add_argument(
        "--report", action="store_true",
        help="measure nothing: print the stored results (docs/benchmarks/ha-*.json); "
        "with --write, re-render BENCHMARKS.md from them",
    )  # fmt: skip
    parser.add_argument(
        "--write", action="store_true",
        help="store the results as docs/benchmarks/ha-<version>.json and re-render "
        "BENCHMARKS.md from every stored version",
    )  # fmt: skip
    args = parser.parse_args(argv)
    args.argv = list(argv if argv is not None else sys.argv[1:])
    if args.quick:
        args.sizes, args.minutes, args.minutes_naive, args.hours = "10", 2.0, 1.0, 1.0
        args.trace_minutes = args.minutes_profile = 2.0
        args.repeat = args.repeat_large = 2
    apis = [a.strip() for a in args.api.split(",") if a.strip()]
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if min(args.repeat, args.repeat_large, args.repeat_naive_large) < 1:
        parser.error("--repeat, --repeat-large and --repeat-naive-large take at least 1")
    if TARGET_SIZE not in sizes:
        print(
            f"note: the scale targets apply to {TARGET_SIZE} stations, not measured here",
            file=sys.stderr,
        )

    if args.report:
        stored = _stored()
        if not stored:
            raise SystemExit(f"no stored results in {STORE.relative_to(REPO)}")
        print("\n\n".join(render_table(r) for r in stored))
        if args.write:
            _write(None)
        return 0

    results = measure(args, apis, sizes)
    print(f"measured in {_fmt_s(results['wall_seconds'])}", file=sys.stderr)
    # The raw results first: a rendering problem must not lose a long run.
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if args.write:
        _write(results)
    print(render_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
