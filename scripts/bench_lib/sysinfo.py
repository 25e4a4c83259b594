"""Describe the machine and software a benchmark ran on."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
import platform
import subprocess
import sys


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return None


def _version(module: str) -> str:
    try:
        from importlib.metadata import version  # noqa: PLC0415

        return version(module)
    except Exception:
        return "?"


def _git_revision(root: Path) -> str:
    if given := os.environ.get("ASTROS_BENCH_REVISION"):
        return given  # set by scripts/bench where git is not at hand (the chroot)
    try:
        out = subprocess.run(  # noqa: S603
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(  # noqa: S603
            ["git", "-C", str(root), "status", "--porcelain", "--", "custom_components"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return out + ("+uncommitted" if dirty else "")


def describe(root: Path) -> dict[str, str]:
    """Machine, software and date, as strings for the report."""
    mem = _memory_gib()
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count() or "?"),
        "memory": f"{mem:.1f} GiB" if mem else "?",
        "os": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        "homeassistant": _version("homeassistant"),
        "aiohttp": _version("aiohttp"),
        "revision": _git_revision(root),
    }
