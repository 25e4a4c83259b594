"""``python -m simulator``: serve simulated stations until SIGINT/SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys

from .core import Simulator, parse_apis
from .dialects import Dialect
from .replay import Replay


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m simulator",
        description="Simulated Astrogate ASTROS stations (v1 and/or v2 API) on 127.0.0.1.",
    )
    parser.add_argument(
        "--api",
        default="v1",
        help="v1, v2, or a comma-separated list cycled over the stations (v1,v2)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument(
        "--port",
        type=int,
        default=8080,
        help="port of station 0; station i listens on port+i (0: free ports)",
    )
    parser.add_argument("--stations", type=int, default=1, help="number of stations (1)")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay of every answer")
    parser.add_argument("--username", default="admin", help="account name (admin)")
    parser.add_argument(
        "--password",
        default="Astros2025",
        help="account password (Astros2025; 'admin' = never changed since the factory)",
    )
    parser.add_argument("--https", action="store_true", help="TLS with a self-signed certificate")
    parser.add_argument(
        "--control-port",
        type=int,
        default=None,
        help="port of the control server (default: port-1, or a free port when port is 0)",
    )
    parser.add_argument(
        "--token-ttl", type=float, default=3600.0, help="API key/token lifetime, s (0: never)"
    )
    parser.add_argument("--reboot-seconds", type=float, default=2.0, help="reboot duration, s")
    parser.add_argument(
        "--update-seconds", type=float, default=2.0, help="firmware download/install duration, s"
    )
    parser.add_argument(
        "--time-scale",
        type=float,
        default=1.0,
        help="real seconds per simulated second for minute-based timers (sleep, reboot delay)",
    )
    parser.add_argument(
        "--dialect",
        default="default",
        help=(
            "readings every station speaks: axis=value,... ('combined': every alternative;"
            " see simulator/dialects.py), e.g. key_header=bearer,put=replace"
        ),
    )
    parser.add_argument(
        "--replay",
        metavar="FILE",
        default=None,
        help="serve one station replaying a diagnostics download (--api/--stations ignored)",
    )
    return parser


async def serve(args: argparse.Namespace, stop: asyncio.Event | None = None) -> None:
    """Run until SIGINT/SIGTERM (or until ``stop`` is set)."""
    control_port = args.control_port
    replay = Replay.load(args.replay) if args.replay else None
    if control_port is None:
        control_port = args.port - 1 if args.port > 0 else 0
    sim = Simulator(
        api=parse_apis(args.api),
        stations=args.stations,
        host=args.host,
        port=args.port,
        latency_ms=args.latency_ms,
        username=args.username,
        password=args.password,
        https=args.https,
        token_ttl=args.token_ttl,
        reboot_seconds=args.reboot_seconds,
        update_seconds=args.update_seconds,
        time_scale=args.time_scale,
        control_port=control_port,
        dialect=Dialect.parse(args.dialect),
        replay=replay,
    )
    loop = asyncio.get_running_loop()
    signals: list[signal.Signals] = []
    if stop is None:
        stop = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # pragma: no cover - Windows
                loop.add_signal_handler(sig, stop.set)
                signals.append(sig)
    await sim.start()
    try:
        for station in sim.stations:
            print(f"station {station.index} {station.api} listening on {station.base_url}")
            if replay is not None:
                print(f"station {station.index} replays {args.replay}")
            elif not station.dialect.is_default:
                print(f"station {station.index} dialect {station.dialect}")
        print(f"control listening on {sim.control_url}", flush=True)
        await stop.wait()
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)
        await sim.stop()
        print("simulator stopped", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = build_parser().parse_args(argv)
    try:
        parse_apis(args.api)
        Dialect.parse(args.dialect)
        if args.replay:
            Replay.load(args.replay)
    except ValueError as err:
        print(err, file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":  # pragma: no cover - the CLI tests run it in a subprocess
    sys.exit(main())
