"""Turn benchmark results into the printed table and the BENCHMARKS.md section.

One *results* dictionary is one run of ``scripts/bench`` on one Home Assistant
version (``docs/benchmarks/ha-<version>.json``)::

    {"machine": {...}, "latency_ms": 50, "hours": 6, "repeat": 3, ...,
     "single": {api: {"tiered": [run, ...], "naive": [run, ...]}},
     "scale": {api: {stations: {"tiered": [run, ...], "naive": [run, ...]}}},
     "profile": {api: {stations: run}}}

Every run is a measurement made in a fresh process; a figure is reported as
the median of the repeats with its spread, ``4.21 [4.05..4.40]`` (one value
when every repeat gave the same). Verdicts are taken on the median.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
import math
from pathlib import Path
import statistics
from typing import Any

START = "<!-- bench:results:start -->"
END = "<!-- bench:results:end -->"

#: Targets at 50 ms of injected latency (the issue).
REFRESH_TARGET = 1.2
ACTION_TARGET = 2.0
REQUESTS_PER_HOUR_TARGET = 600
SETUP_TARGET_S = 30.0
CPU_TARGET_PERCENT = 5.0
MEMORY_TARGET_MIB = 0.5
#: The scale targets apply to this many stations (smaller sizes are context).
TARGET_SIZE = 1000
#: The coordinator's slack against timer jitter, if a run did not record it (s).
DEFAULT_TIER_SLACK = 5.0

Runs = Sequence[dict[str, Any]]

# ----------------------------------------------------------- pure helpers ---


def spread(values: Iterable[float]) -> tuple[float, float, float]:
    """Median, minimum and maximum."""
    vals = list(values)
    return statistics.median(vals), min(vals), max(vals)


def fmt_spread(values: Iterable[float | None], digits: int = 2) -> str:
    """``median [min..max]``; one value when all are equal at ``digits``; ``-`` if none."""
    vals = [v for v in values if v is not None]
    if not vals:
        return "-"
    med, lo, hi = spread(vals)
    text = f"{med:.{digits}f}"
    if f"{lo:.{digits}f}" == f"{hi:.{digits}f}":
        return text
    return f"{text} [{lo:.{digits}f}..{hi:.{digits}f}]"


def judge(values: Iterable[float | None], target: float, *, strict: bool = False) -> str:
    """The verdict of a figure that must stay at most (``strict``: below) ``target``.

    Judged on the median of the repeats, so one slow run on a busy machine
    does not flip it; when some runs fall on the other side of the target the
    verdict says how many (the margin is thin).
    """
    vals = [v for v in values if v is not None]
    if not vals:
        return "-"

    def over(v: float) -> bool:
        return v >= target if strict else v > target

    n_over = sum(1 for v in vals if over(v))
    passed = not over(statistics.median(vals))
    word = "met" if passed else "MISSED"
    if 0 < n_over < len(vals):
        return f"{word} ({n_over} of {len(vals)} runs over)"
    return word


def staleness_ticks(gap: float, tier: float, interval: float, slack: float) -> tuple[int, int]:
    """(ticks between two reads, ticks allowed) for one section.

    The coordinator reads a section on the first tick at which its age is at
    least ``tier - slack``: after ``max(1, ceil((tier - slack) / interval))``
    ticks. A gap is counted in whole ticks (``round(gap / interval)``), so
    timer jitter cannot make 3601 s late against a 3600 s tier.
    """
    allowed = max(1, math.ceil((tier - slack) / interval))
    return round(gap / interval), allowed


def staleness(single: dict[str, Any]) -> tuple[bool, list[str]]:
    """Whether every section was re-read within its tier; the sections that were not."""
    interval = single["scan_interval"]
    slack = single.get("tier_slack", DEFAULT_TIER_SLACK)
    late = []
    for section, gap in sorted(single["hours"]["max_gap"].items()):
        ticks, allowed = staleness_ticks(gap, single["tiers"][section], interval, slack)
        if ticks > allowed:
            late.append(f"{section} {ticks} > {allowed} ticks")
    return not late, late


def setup_duplicates(paths: Iterable[Sequence[str] | str]) -> list[str]:
    """Endpoints requested more than once, ``"GET /x x3"``; the query string ignored."""
    counts: Counter[tuple[str, str]] = Counter()
    for item in paths:
        method, path = item.split(" ", 1) if isinstance(item, str) else (item[0], item[1])
        counts[(method.upper(), path.split("?", 1)[0])] += 1
    return [f"{m} {p} x{n}" for (m, p), n in sorted(counts.items()) if n > 1]


def saved_factor(naive: Iterable[float | None], tiered: Iterable[float | None]) -> str:
    """``x3.1``: how many times the naive median is the tiered one."""
    n = [v for v in naive if v is not None]
    t = [v for v in tiered if v is not None]
    if not n or not t:
        return "-"
    tm = statistics.median(t)
    if tm <= 0:
        return "-"
    return f"x{statistics.median(n) / tm:.1f}"


def _get(run: dict[str, Any], path: str) -> Any:
    value: Any = run
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def values(runs: Runs, path: str) -> list[float]:
    """The figure at ``path`` (dotted keys) of every run that has it."""
    return [v for r in runs if (v := _get(r, path)) is not None]


def cell(runs: Runs, path: str, digits: int = 2) -> str:
    """``median [min..max]`` of a figure over the runs."""
    return fmt_spread(values(runs, path), digits)


def judged(runs: Runs, path: str, target: float, digits: int = 2, *, strict: bool = False) -> str:
    """A figure and its verdict, ``1.08 [1.05..1.10] met``."""
    vals = values(runs, path)
    if not vals:
        return "-"
    return f"{fmt_spread(vals, digits)} {judge(vals, target, strict=strict)}"


# ------------------------------------------------------------- one station ---

Column = Callable[[dict[str, Runs]], str]
Row = tuple[str, str, Column]


def _stale_cell(m: dict[str, Runs]) -> str:
    runs = m["tiered"]
    if not runs:
        return "-"
    checks = [staleness(r) for r in runs]
    late_runs = [late for ok, late in checks if not ok]
    if not late_runs:
        return "yes met"
    return f"no: {', '.join(late_runs[0])} MISSED ({len(late_runs)} of {len(runs)} runs)"


def _dup_cell(m: dict[str, Runs]) -> str:
    runs = m["tiered"]
    if not runs:
        return "-"
    dups = sorted({d for r in runs for d in setup_duplicates(r.get("setup_paths", []))})
    return "none met" if not dups else f"{', '.join(dups)} MISSED"


def _tick_range(m: dict[str, Runs]) -> str:
    counts = [c for r in m["tiered"] for c in r["ticks"]["requests_per_tick"]]
    nonzero = [c for c in counts if c]
    return f"{min(nonzero)}..{max(counts)}" if nonzero else "-"


def _saved_requests(m: dict[str, Runs]) -> str:
    path = "hours.requests_per_hour"
    naive, tiered = values(m["naive"], path), values(m["tiered"], path)
    if not naive or not tiered:
        return "-"
    return (
        f"{saved_factor(naive, tiered)} ({statistics.median(naive):.0f} -> "
        f"{statistics.median(tiered):.0f})"
    )


def _figure(path: str, digits: int = 2, mode: str = "tiered", suffix: str = "") -> Column:
    """A column cell: the figure at ``path`` over the runs of ``mode``."""

    def column(m: dict[str, Runs]) -> str:
        return cell(m[mode], path, digits) + suffix

    return column


def _target(path: str, target: float, digits: int = 2) -> Column:
    """A column cell: the tiered runs' figure at ``path`` and its verdict."""

    def column(m: dict[str, Runs]) -> str:
        return judged(m["tiered"], path, target, digits)

    return column


def single_rows() -> list[Row]:
    """(measurement, target, cell of one generation's runs) of the one-station table."""
    rows: list[Row] = [
        ("requests at setup (detect, login, identity, first refresh)", "",
         _figure("setup_requests", 0)),
        ("setup: endpoints read more than once", "none", _dup_cell),
        ("requests per full refresh (every section)", "", _figure("full_refresh.requests", 0)),
        ("requests per regular tick (fewest..most)", "", _tick_range),
        ("requests per hour per station, measured", f"<= {REQUESTS_PER_HOUR_TARGET}",
         _target("hours.requests_per_hour", REQUESTS_PER_HOUR_TARGET, 1)),
        ("requests per hour per station, from the tier table", "",
         _figure("requests_per_hour_model", 0, suffix=" (+ online check)")),
        ("requests per hour per station, naive (every section every tick)", "",
         _figure("hours.requests_per_hour", 1, mode="naive")),
        ("saved by the tiers: requests per hour, naive -> tiered", "", _saved_requests),
        ("every section re-read within its tier (in whole ticks)", "yes", _stale_cell),
        ("full refresh wall / latency (median of 5 per run)", f"<= {REFRESH_TARGET:g}",
         _target("full_refresh.median_ratio", REFRESH_TARGET)),
        ("regular tick wall / latency (median)", "", _figure("ticks.regular_tick_ratio")),
        ("slowest tick wall / latency", "", _figure("ticks.max_ratio")),
    ]  # fmt: skip
    for kind in ("switch", "select"):
        rows += [
            (f"{kind} action to accepted state shown / latency (median of 5 per run)",
             f"<= {ACTION_TARGET:g}", _target(f"actions.{kind}.shown_median_ratio", ACTION_TARGET)),
            (f"{kind} action until read back / latency (median of 5 per run)", "",
             _figure(f"actions.{kind}.median_ratio")),
            (f"requests per {kind} action (write + re-read)", "",
             _figure(f"actions.{kind}.requests", 0)),
        ]  # fmt: skip
    rows += [
        ("log records at error level (every run, both ways)", "",
         lambda m: str(sum(_errors(r) for r in [*m["tiered"], *m["naive"]]))),
        ("what if: full refresh / latency with 16 requests in flight", "",
         _figure("what_if.full_refresh_ratio_16")),
        ("what if: write alone / latency (no re-read before showing)", "",
         _figure("what_if.write_only_ratio")),
    ]  # fmt: skip
    return rows


def _modes(by_mode: Any) -> dict[str, Runs]:
    """``{"tiered": [...], "naive": [...]}`` (a bare run or list is the tiered one)."""
    if isinstance(by_mode, dict) and ("tiered" in by_mode or "naive" in by_mode):
        return {"tiered": by_mode.get("tiered", []), "naive": by_mode.get("naive", [])}
    runs = by_mode if isinstance(by_mode, list) else [by_mode]
    return {"tiered": runs, "naive": []}


def single_table(versions: Sequence[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    """Header and rows: one column per generation and Home Assistant version."""
    cols = [
        (f"{api} (HA {_ha(res)})" if len(versions) > 1 else api, _modes(modes))
        for res in versions
        for api, modes in res["single"].items()
    ]
    header = ["one station", "target", *[name for name, _ in cols]]
    rows = [[name, target, *[fn(m) for _, m in cols]] for name, target, fn in single_rows()]
    return header, rows


def section_table(versions: Sequence[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    """Per section: requests / tier / largest gap in ticks (allowed)."""
    cols = []
    for res in versions:
        for api, modes in res["single"].items():
            runs = _modes(modes)["tiered"]
            if runs:
                name = f"{api} (HA {_ha(res)})" if len(versions) > 1 else api
                cols.append((name, runs))
    sections = sorted({s for _, runs in cols for s in runs[0]["tiers"]})
    rows = []
    for section in sections:
        row = [section]
        for _, runs in cols:
            first = runs[0]
            if section not in first["tiers"]:
                row.append("-")
                continue
            interval = first["scan_interval"]
            slack = first.get("tier_slack", DEFAULT_TIER_SLACK)
            gaps = [
                staleness_ticks(
                    r["hours"]["max_gap"][section], r["tiers"][section], interval, slack
                )
                for r in runs
                if section in r["hours"]["max_gap"]
            ]
            worst = max(g for g, _ in gaps) if gaps else 0
            allowed = gaps[0][1] if gaps else 0
            row.append(
                f"{first['requests_per_section'].get(section, '-')} / "
                f"{first['tiers'][section] / 60:g} min / {worst} of {allowed} ticks"
            )
        rows.append(row)
    return ["section", *[name for name, _ in cols]], rows


# ----------------------------------------------------------- many stations ---

SCALE_FIGURES: tuple[tuple[str, str, int], ...] = (
    ("states/station", "counts.states_per_station", 0),
    ("setup s", "setup_seconds", 1),
    ("loop CPU s/min", "loop_cpu_per_minute", 3),
    ("loop % core", "loop_core_percent", 2),
    ("of which GC %", "gc_share_percent", 0),
    ("process % core", "process_core_percent", 2),
    ("RSS MiB/station", "rss_per_station_polled_mib", 3),
    ("simulator CPU s/min", "simulator_cpu_per_minute", 2),
)
SCALE_TARGETS: dict[str, tuple[float, bool]] = {
    "setup_seconds": (SETUP_TARGET_S, False),
    "loop_core_percent": (CPU_TARGET_PERCENT, True),
    "rss_per_station_polled_mib": (MEMORY_TARGET_MIB, True),
}


def _trace_cell(runs: Runs) -> str:
    traces = [r.get("rss_per_station_trace_mib") or [] for r in runs]
    points = min((len(t) for t in traces), default=0)
    if not points:
        return "-"
    minutes = runs[0].get("rss_trace_minutes") or []
    meds = [statistics.median(t[i] for t in traces) for i in range(points)]
    text = " / ".join(f"{v:.3f}" for v in meds)
    if len(minutes) >= points:
        text += f" at {'/'.join(f'{m:g}' for m in minutes[:points])} min"
    return text


def _scale_cell(runs: Runs, key: str, digits: int, n: int, mode: str) -> str:
    """A figure; with its verdict where a target applies (tiered, at TARGET_SIZE)."""
    if not runs:
        return "-"
    if mode == "tiered" and n == TARGET_SIZE and key in SCALE_TARGETS:
        target, strict = SCALE_TARGETS[key]
        return judged(runs, key, target, digits, strict=strict)
    return cell(runs, key, digits)


def _errors(run: dict[str, Any]) -> int:
    """Log records at error level during a run (``scripts/bench`` counts them)."""
    return int(run.get("_errors_count", len(run.get("_errors_logged", []))))


def _loaded(runs: Runs, n: int) -> str:
    loaded = values(runs, "loaded")
    if not loaded:
        return "-"
    errors = sum(_errors(r) for r in runs)
    return f"{min(loaded):.0f}/{n}" + (f" ({errors} errors logged)" if errors else "")


def scale_table(results: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """One Home Assistant version: rows per generation, size and polling mode."""
    header = ["API", "stations", "polling", "runs", "loaded",
              *[name for name, _, _ in SCALE_FIGURES], "RSS MiB/station trace"]  # fmt: skip
    rows: list[list[str]] = []
    for api, sizes in results["scale"].items():
        for n_text, by_mode in sizes.items():
            n = int(n_text)
            modes = _modes(by_mode)
            for mode in ("tiered", "naive"):
                runs = modes[mode]
                if not runs:
                    continue
                rows.append([
                    api, n_text, mode, str(len(runs)), _loaded(runs, n),
                    *[_scale_cell(runs, key, d, n, mode) for _, key, d in SCALE_FIGURES],
                    _trace_cell(runs),
                ])  # fmt: skip
            if modes["tiered"] and modes["naive"]:
                rows.append([
                    api, n_text, "naive / tiered", "", "",
                    *[saved_factor(values(modes["naive"], key), values(modes["tiered"], key))
                      if not key.startswith("counts.") else ""
                      for _, key, _ in SCALE_FIGURES],
                    "",
                ])  # fmt: skip
    return header, rows


def scale_compare_table(
    versions: Sequence[dict[str, Any]],
) -> tuple[list[str], list[list[str]]]:
    """Several Home Assistant versions side by side: the figures with targets."""
    keys = [("setup s", "setup_seconds", 1), ("loop % core", "loop_core_percent", 2),
            ("RSS MiB/station", "rss_per_station_polled_mib", 3)]  # fmt: skip
    header = ["API", "stations", "polling"]
    for res in versions:
        header += [f"{name} (HA {_ha(res)})" for name, _, _ in keys]
    index: list[tuple[str, str, str]] = []
    for res in versions:
        for api, sizes in res["scale"].items():
            for n_text, by_mode in sizes.items():
                for mode in ("tiered", "naive"):
                    if _modes(by_mode)[mode] and (api, n_text, mode) not in index:
                        index.append((api, n_text, mode))
    rows = []
    for api, n_text, mode in index:
        row = [api, n_text, mode]
        for res in versions:
            runs = _modes(res["scale"].get(api, {}).get(n_text, {}))[mode]
            row += [_scale_cell(runs, key, d, int(n_text), mode) for _, key, d in keys]
        rows.append(row)
    return header, rows


# ----------------------------------------------------------------- profile ---


def profile_tables(
    results: dict[str, Any], top: int = 15
) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) of where the loop's time and the memory go."""
    out = []
    for api, sizes in results.get("profile", {}).items():
        for n_text, run in sizes.items():
            cpu = run.get("cpu_profile") or {}
            mem = run.get("memory_profile") or {}
            owners = list(dict.fromkeys([*cpu.get("owners", {}), *mem.get("owners", {})]))
            rows = [
                [
                    owner,
                    _f(cpu.get("owners", {}).get(owner, {}).get("percent"), 1),
                    _f(mem.get("owners", {}).get(owner, {}).get("mib_per_station"), 3),
                ]
                for owner in owners
            ]
            rows.append(["total", "100.0", _f(mem.get("traced_mib_per_station"), 3)])
            counts = run.get("counts", {})
            errors = _errors(run)
            title = (
                f"where it goes: {api}, {n_text} stations (one profiled run: sampled self time "
                f"of the event loop over {run.get('poll_minutes', 0):g} simulated minutes, % of "
                f"its CPU; tracemalloc after polling, MiB per station); "
                f"{counts.get('states_per_station', 0):g} states, "
                f"{counts.get('registry_entries_per_station', 0):g} entity registry entries "
                f"({counts.get('disabled_per_station', 0):g} disabled), "
                f"{counts.get('devices_per_station', 0):g} device per station"
                + (f"; {errors} errors logged (see the JSON)" if errors else "")
            )
            out.append((title, ["owner", "% loop CPU", "MiB/station"], rows))
            top_rows = [
                [f"{t['percent']:.1f}", str(t.get("samples", "-")), t["owner"], t["function"]]
                for t in cpu.get("top", [])[:top]
            ]
            out.append((
                f"top {top} functions by self time: {api}, {n_text} stations",
                ["% loop CPU", "samples", "owner", "function"], top_rows,
            ))  # fmt: skip
    return out


def bare_table(results: dict[str, Any]) -> tuple[str, list[str], list[list[str]]] | None:
    """Home Assistant's own cost of bare entities (no integration), if measured."""
    bare = results.get("bare")
    if not bare:
        return None
    title = (
        f"reference: Home Assistant alone, {bare['stations']} config entries of "
        f"{bare['entities_per_station']} trivial sensors each (has_entity_name, unique id, "
        "device info), one run"
    )
    header = ["setup s", "RSS MiB/station", "RSS KiB/entity", "state write CPU µs"]
    row = [
        _f(bare.get("setup_seconds"), 1),
        _f(bare.get("rss_per_station_mib"), 3),
        _f(bare.get("rss_per_entity_kib"), 1),
        _f(bare.get("write_cpu_per_state_us"), 1),
    ]
    return title, header, [row]


# --------------------------------------------------------------- rendering ---


def _f(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _ha(results: dict[str, Any]) -> str:
    return str(results["machine"].get("homeassistant", "?"))


def _text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)), line]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(line.rstrip() for line in out)


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c).replace("|", "/") for c in r) + " |" for r in rows]
    return "\n".join(out)


def _scale_note(results: dict[str, Any]) -> str:
    minutes = results.get("minutes", {})
    if isinstance(minutes, dict):
        window = ", ".join(f"{n}: {m:g}" for n, m in minutes.items()) + " simulated minutes"
    else:
        window = f"{minutes:g} simulated minutes"
    naive = results.get("minutes_naive")
    naive_text = f", naive {naive:g}" if naive else ""
    return (
        f"CPU over {window} of polling{naive_text}; memory trace: after setup, after that "
        f"window and after more polling; targets for {TARGET_SIZE} stations (tiered): "
        f"setup <= {SETUP_TARGET_S:g} s, loop < {CPU_TARGET_PERCENT:g} % of a core, "
        f"< {MEMORY_TARGET_MIB:g} MiB per station"
    )


def _spread_note(results: dict[str, Any]) -> str:
    repeat = results.get("repeat", 1)
    text = f"median [min..max] of {repeat} runs"
    if any(str(TARGET_SIZE) in sizes for sizes in results.get("scale", {}).values()):
        large = results.get("repeat_large", repeat)
        naive_large = results.get("repeat_naive_large")
        extra = f", naive {naive_large}" if naive_large is not None else ""
        text += f" ({large} at {TARGET_SIZE} stations{extra})"
    return f"{text}, each in a fresh process; one value: every run gave it; verdicts on the median"


def render_table(results: dict[str, Any]) -> str:
    """The table ``scripts/bench`` prints (the run just made)."""
    m = results["machine"]
    header, rows = single_table([results])
    parts = [
        f"astros benchmark  {m['date']}  {m['cpu']}, {m['cores']} cores, {m['memory']}, "
        f"Python {m['python']}, Home Assistant {m['homeassistant']}, "
        f"latency {results['latency_ms']:g} ms",
        _spread_note(results),
        "",
        _text_table(header, rows),
    ]
    if results.get("scale"):
        sh, sr = scale_table(results)
        parts += ["", "scale: " + _scale_note(results), _text_table(sh, sr)]
    for title, ph, pr in profile_tables(results):
        parts += ["", title, _text_table(ph, pr)]
    if bare := bare_table(results):
        parts += ["", bare[0], _text_table(bare[1], bare[2])]
    return "\n".join(parts)


def render_markdown(versions: Sequence[dict[str, Any]]) -> str:
    """The generated part of BENCHMARKS.md: every stored version side by side."""
    versions = sorted(versions, key=lambda r: _version_key(_ha(r)))
    lines: list[str] = []
    for res in versions:
        m = res["machine"]
        lines += [
            f"- **Home Assistant {m['homeassistant']}**: measured {m['date']} with "
            f"`{res['command'].strip()}` at revision {m['revision']}; {m['cpu']}, "
            f"{m['cores']} cores, {m['memory']} RAM, {m['os']}; Python {m['python']}, "
            f"aiohttp {m['aiohttp']}. Injected latency {res['latency_ms']:g} ms; requests "
            f"per hour over {res['hours']:g} simulated hours; {_spread_note(res)}.",
        ]
    header, rows = single_table(versions)
    sh, sr = section_table(versions)
    lines += [
        "",
        "### One station",
        "",
        _md_table(header, rows),
        "",
        "Requests to read each section / its polling tier (0 = every tick) / the largest "
        "gap between two reads, in ticks, of the ticks allowed (worst run):",
        "",
        _md_table(sh, sr),
        "",
        "### Many stations in one Home Assistant",
        "",
    ]
    if len(versions) > 1:
        ch, cr = scale_compare_table(versions)
        lines += ["Side by side (" + _scale_note(versions[0]) + "):", "", _md_table(ch, cr), ""]
    for res in versions:
        if not res.get("scale"):
            continue
        th, tr = scale_table(res)
        lines += [
            f"Home Assistant {_ha(res)}, every figure ({_scale_note(res)}):",
            "",
            _md_table(th, tr),
            "",
        ]
    for res in versions:
        for title, ph, pr in profile_tables(res):
            lines += [f"Home Assistant {_ha(res)}, {title}:", "", _md_table(ph, pr), ""]
        if bare := bare_table(res):
            lines += [f"Home Assistant {_ha(res)}, {bare[0]}:", "", _md_table(bare[1], bare[2]), ""]
    return "\n".join(lines).rstrip()


def _version_key(version: str) -> tuple[int, ...]:
    parts = []
    for p in version.split("."):
        digits = "".join(ch for ch in p if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def update_benchmarks_md(path: Path, section: str) -> None:
    """Replace the generated section of BENCHMARKS.md (between the markers)."""
    text = path.read_text(encoding="utf-8") if path.exists() else f"{START}\n{END}\n"
    if START not in text or END not in text:
        text = text.rstrip() + f"\n\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{section}\n{END}{tail}", encoding="utf-8")
