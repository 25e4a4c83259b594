"""``python -m scripts.develop_lib``: the steps of ``scripts/develop``.

prepare  write the configuration directory and the owner login (Home Assistant
         must not be running on it)
setup    wait for the running Home Assistant, log in, add the stations
"""

from __future__ import annotations

import argparse
from pathlib import Path
import sys

from . import DEFAULT_PASSWORD, DEFAULT_USERNAME
from .config import write_config
from .live import SetupError, setup, wait_for_url
from .owner import ensure_owner


def _prepare(args: argparse.Namespace) -> int:
    write_config(args.config, port=args.port, frontend=args.frontend, debug=args.debug)
    if ensure_owner(args.config, name=args.name, username=args.username, password=args.password):
        print(f"created the owner login {args.username!r}")
    return 0


def _setup(args: argparse.Namespace) -> int:
    try:
        for url in args.wait_for:
            wait_for_url(url, timeout=args.timeout)
        result = setup(
            args.url,
            args.config,
            username=args.username,
            password=args.password,
            person_name=args.name,
            station_host=args.station_host,
            station_ports=args.station_port,
            start_timeout=args.timeout,
        )
    except SetupError as err:
        print(f"setup failed: {err}", file=sys.stderr)
        return 1
    failed = False
    for station in result.stations:
        if station.outcome == "added":
            print(f"added the station on port {station.port} as {station.title!r}")
        elif station.outcome == "already_configured":
            print(f"the station on port {station.port} is already configured")
        else:
            failed = True
            print(f"the station on port {station.port} was not added: {station.outcome}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="python -m scripts.develop_lib")
    parser.add_argument("--config", type=Path, required=True, help="configuration directory")
    parser.add_argument("--username", default=DEFAULT_USERNAME)
    parser.add_argument("--password", default=DEFAULT_PASSWORD)
    parser.add_argument("--name", default="Demo", help="display name of the owner")
    commands = parser.add_subparsers(dest="command", required=True)

    prepare = commands.add_parser("prepare", help="write the configuration and the login")
    prepare.add_argument("--port", type=int, required=True, help="Home Assistant's HTTP port")
    prepare.add_argument(
        "--no-frontend",
        dest="frontend",
        action="store_false",
        help="the home-assistant-frontend package is not installed",
    )
    prepare.add_argument("--debug", action="store_true", help="debug log of the integration")
    prepare.set_defaults(func=_prepare)

    live = commands.add_parser("setup", help="log in and add the stations")
    live.add_argument("--url", required=True, help="Home Assistant's URL")
    live.add_argument("--station-host", default="127.0.0.1")
    live.add_argument(
        "--station-port", type=int, action="append", default=[], help="a station's port"
    )
    live.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for HA")
    live.add_argument(
        "--wait-for", action="append", default=[], help="first wait until this URL answers 200"
    )
    live.set_defaults(func=_setup)

    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
