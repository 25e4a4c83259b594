"""CPU and memory figures of the current process (Linux ``/proc``, psutil not needed)."""

from __future__ import annotations

from dataclasses import dataclass
import gc
import os
from pathlib import Path
import resource
import time

MIB = 1024 * 1024


def rss_bytes() -> int:
    """Resident set size now (``VmRSS``), in bytes."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    # ru_maxrss is the peak, in KiB on Linux: a poor but portable fallback.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # pragma: no cover


def settled_rss_bytes() -> int:
    """RSS after a full garbage collection and returning free arenas to the OS."""
    gc.collect()
    gc.collect()
    try:
        import ctypes  # noqa: PLC0415

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        pass
    return rss_bytes()


@dataclass(frozen=True)
class CpuSample:
    """CPU seconds used so far: the whole process and the calling thread."""

    process: float
    thread: float
    wall: float

    @classmethod
    def now(cls) -> CpuSample:
        """Sample now. Call it from the event loop's thread to get the loop's share."""
        return cls(time.process_time(), time.thread_time(), time.perf_counter())

    def __sub__(self, other: CpuSample) -> CpuSample:
        return CpuSample(
            self.process - other.process, self.thread - other.thread, self.wall - other.wall
        )


def cpu_count() -> int:
    """Usable cores."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class GcTimer:
    """CPU time the garbage collector takes while started (the calling thread's)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.collections = [0, 0, 0]
        self._began = 0.0

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.thread_time()
            return
        self.seconds += time.thread_time() - self._began
        self.collections[info["generation"]] += 1

    def start(self) -> None:
        """Count from now on."""
        gc.callbacks.append(self._callback)

    def stop(self) -> None:
        """Stop counting."""
        gc.callbacks.remove(self._callback)
