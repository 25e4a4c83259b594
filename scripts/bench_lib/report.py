"""Turn benchmark results into the printed table and the BENCHMARKS.md section."""

from __future__ import annotations

from pathlib import Path
from typing import Any

START = "<!-- bench:results:start -->"
END = "<!-- bench:results:end -->"

#: Targets at 50 ms of injected latency (the issue).
REFRESH_TARGET = {"v1": 3.0, "v2": 2.0}
ACTION_TARGET = 2.0
REQUESTS_PER_HOUR_TARGET = 600
SETUP_TARGET_S = 30.0
CPU_TARGET_PERCENT = 5.0
MEMORY_TARGET_MIB = 1.0
TARGET_SIZE = "200"
#: Timer jitter tolerated when comparing a read gap with a tier (seconds).
GAP_TOLERANCE = 1.0


def _f(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _ok(passed: bool | None) -> str:
    return {True: "met", False: "MISSED", None: "-"}[passed]


def staleness(single: dict[str, Any]) -> tuple[bool, list[str]]:
    """Whether every section was re-read within its tier; the sections that were not."""
    interval = single["scan_interval"]
    late = []
    for section, gap in single["hours"]["max_gap"].items():
        tier = max(single["tiers"][section], interval)
        if gap > tier + GAP_TOLERANCE:
            late.append(f"{section} {gap:.0f}s > {tier:.0f}s")
    return not late, late


def single_rows(results: dict[str, Any]) -> list[tuple[str, list[str], str, list[str]]]:
    """(metric, value per generation, target, verdict per generation)."""
    apis = list(results["single"])
    s = results["single"]
    rows: list[tuple[str, list[str], str, list[str]]] = []

    def row(
        name: str, values: list[str], target: str = "", verdicts: list[bool | None] | None = None
    ) -> None:
        rows.append((name, values, target, [_ok(v) for v in verdicts] if verdicts else []))

    row("requests at setup (detect, login, identity, first refresh)",
        [str(s[a]["setup_requests"]) for a in apis])  # fmt: skip
    row("requests per full refresh (every section)",
        [str(s[a]["full_refresh"]["requests"]) for a in apis])  # fmt: skip
    row("requests per regular tick (fewest..most)",
        [f"{min(x for x in s[a]['ticks']['requests_per_tick'] if x)}.."
         f"{max(s[a]['ticks']['requests_per_tick'])}" for a in apis])  # fmt: skip
    row("requests per hour per station, measured",
        [f"{s[a]['hours']['requests_per_hour']:.1f}" for a in apis],
        f"<= {REQUESTS_PER_HOUR_TARGET}",
        [s[a]["hours"]["requests_per_hour"] <= REQUESTS_PER_HOUR_TARGET for a in apis])  # fmt: skip
    row("requests per hour per station, from the tier table",
        [f"{s[a]['requests_per_hour_model']:.0f} (+ online check)" for a in apis])  # fmt: skip
    stale = [staleness(s[a]) for a in apis]
    row("every section re-read within its tier",
        ["yes" if ok else "no: " + ", ".join(late) for ok, late in stale],
        "yes", [ok for ok, _ in stale])  # fmt: skip
    row("full refresh wall / latency (median of 5)",
        [_f(s[a]["full_refresh"]["median_ratio"]) for a in apis],
        "<= " + " / ".join(f"{REFRESH_TARGET[a]:.0f}" for a in apis),
        [s[a]["full_refresh"]["median_ratio"] <= REFRESH_TARGET[a] for a in apis])  # fmt: skip
    row("regular tick wall / latency (median; slowest tick, its requests)",
        [f"{_f(s[a]['ticks']['regular_tick_ratio'])}; {_f(s[a]['ticks']['max_ratio'])}, "
         f"{s[a]['ticks'].get('slowest_tick_requests', '?')}" for a in apis])  # fmt: skip
    for kind in ("switch", "select"):
        row(f"{kind} action to accepted state shown / latency (median; max of 5)",
            [f"{_f(s[a]['actions'][kind]['shown_median_ratio'])}; "
             f"{_f(s[a]['actions'][kind]['shown_max_ratio'])}" for a in apis],
            f"<= {ACTION_TARGET:.0f}",
            [s[a]["actions"][kind]["shown_median_ratio"] <= ACTION_TARGET
             for a in apis])  # fmt: skip
        row(f"{kind} action until read back / latency (median; max of 5)",
            [f"{_f(s[a]['actions'][kind]['median_ratio'])}; "
             f"{_f(s[a]['actions'][kind]['max_ratio'])}" for a in apis])  # fmt: skip
        row(f"requests per {kind} action (write + re-read)",
            [f"{s[a]['actions'][kind]['requests']:.0f}" for a in apis])  # fmt: skip
    if all(s[a].get("what_if") for a in apis):
        row("what if: full refresh / latency with 16 requests in flight",
            [_f(s[a]["what_if"]["full_refresh_ratio_16"]) for a in apis])  # fmt: skip
        row("what if: write alone / latency (no re-read before showing)",
            [_f(s[a]["what_if"]["write_only_ratio"]) for a in apis])  # fmt: skip
    return rows


def scale_rows(results: dict[str, Any]) -> list[list[str]]:
    """One row per generation and size."""
    rows = []
    for api, sizes in results["scale"].items():
        for n, r in sizes.items():
            big = n == TARGET_SIZE
            rows.append([
                api,
                n,
                f"{r['loaded']}/{n}",
                _f(r["setup_seconds"], 1)
                + (f" ({_ok(r['setup_seconds'] <= SETUP_TARGET_S)})" if big else ""),
                _f(r["loop_cpu_per_minute"], 3),
                _f(r["loop_core_percent"], 2)
                + (f" ({_ok(r['loop_core_percent'] < CPU_TARGET_PERCENT)})" if big else ""),
                _f(r["process_core_percent"], 2),
                _f(r["rss_per_station_polled_mib"], 3)
                + (f" ({_ok(r['rss_per_station_polled_mib'] < MEMORY_TARGET_MIB)})" if big else ""),
                _f(r["simulator_cpu_per_minute"], 2),
            ])  # fmt: skip
    return rows


SCALE_HEADER = [
    "API",
    "stations",
    "loaded",
    "setup s",
    "loop CPU s/min",
    "loop % core",
    "process % core",
    "RSS MiB/station",
    "simulator CPU s/min",
]


def _text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)), line]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(out)


def render_table(results: dict[str, Any]) -> str:
    """The table ``scripts/bench`` prints."""
    apis = list(results["single"])
    rows = [
        [name, *values, target, " ".join(verdicts)]
        for name, values, target, verdicts in single_rows(results)
    ]
    m = results["machine"]
    parts = [
        f"astros benchmark  {m['date']}  {m['cpu']}, {m['cores']} cores, {m['memory']}, "
        f"Python {m['python']}, Home Assistant {m['homeassistant']}, "
        f"latency {results['latency_ms']:g} ms",
        "",
        _text_table(["one station", *apis, "target", "verdict"], rows),
        "",
        f"scale ({results['minutes']:g} simulated minutes of polling; target for "
        f"{TARGET_SIZE}: setup <= {SETUP_TARGET_S:g} s, loop < {CPU_TARGET_PERCENT:g} % "
        f"of a core, < {MEMORY_TARGET_MIB:g} MiB per station)",
        _text_table(SCALE_HEADER, scale_rows(results)),
    ]
    return "\n".join(parts)


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c).replace("|", "/") for c in r) + " |" for r in rows]
    return "\n".join(out)


def render_markdown(results: dict[str, Any]) -> str:
    """The generated part of BENCHMARKS.md."""
    apis = list(results["single"])
    m = results["machine"]
    rows = [
        [name, *values, target, " ".join(verdicts)]
        for name, values, target, verdicts in single_rows(results)
    ]
    per_section = [
        [
            section,
            *[
                f"{results['single'][a]['requests_per_section'].get(section, '-')} / "
                f"{results['single'][a]['tiers'].get(section, 0) / 60:g} min / "
                f"{results['single'][a]['hours']['max_gap'].get(section, 0) / 60:.1f} min"
                if section in results["single"][a]["tiers"]
                else "-"
                for a in apis
            ],
        ]
        for section in sorted({s for a in apis for s in results["single"][a]["tiers"]})
    ]
    lines = [
        f"Measured {m['date']} with `{results['command'].strip()}` at revision {m['revision']}.",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM, {m['os']}; "
        f"Python {m['python']}, Home Assistant {m['homeassistant']}, aiohttp {m['aiohttp']}. "
        f"Injected latency {results['latency_ms']:g} ms; requests per hour over "
        f"{results['hours']:g} simulated hours; CPU over {results['minutes']:g} simulated "
        "minutes of polling.",
        "",
        "### One station",
        "",
        _md_table(["measurement", *apis, "target", "verdict"], rows),
        "",
        "Requests to read each section / its polling tier (0 = every tick) / the largest "
        "gap seen between two reads:",
        "",
        _md_table(["section", *apis], per_section),
        "",
        "### Many stations in one Home Assistant",
        "",
        _md_table(SCALE_HEADER, scale_rows(results)),
    ]
    return "\n".join(lines)


def update_benchmarks_md(path: Path, section: str) -> None:
    """Replace the generated section of BENCHMARKS.md (between the markers)."""
    text = path.read_text(encoding="utf-8") if path.exists() else f"{START}\n{END}\n"
    if START not in text or END not in text:
        text = text.rstrip() + f"\n\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{section}\n{END}{tail}", encoding="utf-8")
