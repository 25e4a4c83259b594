"""``scripts/bench``: run every measurement and print one table.

Each measurement runs in a fresh interpreter (``python -m bench_lib.single`` /
``bench_lib.scale``) so that one's memory and imports do not leak into the next.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
import subprocess
import sys
import time
from typing import Any

from .report import render_markdown, render_table, update_benchmarks_md
from .sysinfo import describe

REPO = Path(__file__).resolve().parents[2]


def _run(module: str, *args: str, timeout: float) -> dict[str, Any]:
    cmd = [sys.executable, "-m", f"bench_lib.{module}", *args]
    print(f"  running {' '.join(cmd[1:])}", file=sys.stderr, flush=True)
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
    return result


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description=(
            "Measure the astros integration against the simulator and print one table "
            "per API generation (see BENCHMARKS.md)."
        ),
    )
    parser.add_argument("--latency-ms", type=float, default=50.0, help="injected latency (50)")
    parser.add_argument("--api", default="v1,v2", help="generations to measure (v1,v2)")
    parser.add_argument(
        "--sizes", default="10,50,200", help="station counts for the scale runs (10,50,200)"
    )
    parser.add_argument(
        "--minutes", type=float, default=30.0,
        help="simulated minutes of polling for the CPU figure (30)",
    )  # fmt: skip
    parser.add_argument(
        "--hours", type=float, default=6.0,
        help="simulated hours of polling for requests per hour and staleness (6)",
    )  # fmt: skip
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: 10 stations, 5 minutes, 1 hour"
    )
    parser.add_argument("--json", type=Path, help="also write the raw results to this file")
    parser.add_argument(
        "--report", type=Path, metavar="JSON",
        help="measure nothing: print (and with --write, write) the results saved with --json",
    )  # fmt: skip
    parser.add_argument(
        "--write", action="store_true",
        help="write the results, the machine and the date into BENCHMARKS.md",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.minutes, args.hours = "10", 5.0, 1.0
    apis = [a.strip() for a in args.api.split(",") if a.strip()]
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    if args.report:
        saved: dict[str, Any] = json.loads(args.report.read_text(encoding="utf-8"))
        print(render_table(saved))
        if args.write:
            update_benchmarks_md(REPO / "BENCHMARKS.md", render_markdown(saved))
            print("BENCHMARKS.md updated", file=sys.stderr)
        return 0

    machine = describe(REPO)
    results: dict[str, Any] = {
        "machine": machine,
        "latency_ms": args.latency_ms,
        "minutes": args.minutes,
        "hours": args.hours,
        "command": "scripts/bench " + " ".join(argv if argv is not None else sys.argv[1:]),
        "single": {},
        "scale": {},
    }
    print(f"astros benchmark, {machine['date']}", file=sys.stderr)
    for api in apis:
        results["single"][api] = _run(
            "single", "--api", api, "--latency-ms", str(args.latency_ms),
            "--hours", str(args.hours), timeout=1800,
        )  # fmt: skip
    for api in apis:
        results["scale"][api] = {}
        for n in sizes:
            results["scale"][api][str(n)] = _run(
                "scale", "--api", api, "--stations", str(n),
                "--latency-ms", str(args.latency_ms), "--minutes", str(args.minutes),
                timeout=3600,
            )  # fmt: skip

    print(render_table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    if args.write:
        update_benchmarks_md(REPO / "BENCHMARKS.md", render_markdown(results))
        print("BENCHMARKS.md updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
