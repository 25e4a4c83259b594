"""The control server and the command line."""

from __future__ import annotations

import asyncio
import base64
import json
import os
from pathlib import Path
import signal
import subprocess
import sys
from typing import Any
import urllib.request

import aiohttp
import pytest

from simulator import Simulator
from simulator.__main__ import build_parser, main, serve

from .conftest import PASSWORD, USERNAME, Client, fast, wait_for

ROOT = Path(__file__).resolve().parents[2]


async def _json(session: aiohttp.ClientSession, method: str, url: str, **kwargs: Any) -> Any:
    async with session.request(method, url, **kwargs) as resp:
        return resp.status, await resp.json()


async def test_control_routes(session: aiohttp.ClientSession) -> None:
    async with fast(api=["v1", "v2"], stations=2, control_port=0) as sim:
        base = sim.control_url
        assert base is not None
        assert sim.control_port
        status, stations = await _json(session, "GET", f"{base}/stations")
        assert status == 200
        assert [(s["index"], s["api"], s["online"]) for s in stations] == [
            (0, "v1", True),
            (1, "v2", True),
        ]
        assert stations[1]["mac"] == sim.stations[1].state.eth_mac
        assert stations[0]["port"] == sim.stations[0].port

        client = Client(session, sim.stations[0])
        await client.login()
        form = aiohttp.FormData()
        form.add_field(
            "wallpaperImage",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x20\x00\x00\x00\x12",
            filename="a.png",
        )
        await client.ok("PUT", "general/wallpaper/2", data=form)
        status, state = await _json(session, "GET", f"{base}/stations/0/state")
        assert state["name"] == "ASTROS-1"
        assert state["password"] == PASSWORD
        assert state["status"] == ["standby"]
        assert state["wallpapers"]["2"] == {"name": "a.png", "size": 24}
        assert state["online"] is True
        assert state["ethernet"]["dhcp"] is True

        # faults
        status, fault = await _json(
            session,
            "POST",
            f"{base}/stations/0/faults",
            json={"kind": "error_code", "count": None, "path": "general/name", "error_code": 1004},
        )
        assert status == 200
        assert fault["count"] is None
        await client.error("GET", "general/name", 1004)
        status, _ = await _json(session, "DELETE", f"{base}/stations/0/faults")
        assert status == 200
        await client.ok("GET", "general/name")
        for bad in (
            {"kind": "nope"},
            {"kind": "hang", "count": 0},
            {"kind": "hang", "count": "x"},
            {"kind": "hang", "error_code": "x"},
            {"kind": "hang", "path": 5},
            {"kind": "hang", "field": 5},
        ):
            status, body = await _json(session, "POST", f"{base}/stations/0/faults", json=bad)
            assert status == 400, bad
            assert "error" in body
        status, _ = await _json(session, "POST", f"{base}/stations/0/faults", data=b"[1]")
        assert status == 400

        # tokens
        status, _ = await _json(session, "POST", f"{base}/stations/0/expire-tokens")
        await client.error("GET", "general/name", 1002)
        await client.login()

        # offline / online
        await _json(session, "POST", f"{base}/stations/0/offline")
        with pytest.raises(aiohttp.ClientConnectorError):
            await client.raw("GET", "general/name")
        status, stations = await _json(session, "GET", f"{base}/stations")
        assert stations[0]["online"] is False
        await _json(session, "POST", f"{base}/stations/0/online")
        await client.ok("GET", "general/name")

        # reboot
        status, _ = await _json(
            session, "POST", f"{base}/stations/0/reboot", json={"seconds": 0.01}
        )
        assert status == 200
        station = sim.stations[0]
        await wait_for(lambda: station.state.reboot_count == 1 and station.online)
        status, _ = await _json(session, "POST", f"{base}/stations/0/reboot", json={"seconds": "x"})
        assert status == 400

        # firmware offer
        status, body = await _json(
            session,
            "POST",
            f"{base}/stations/1/firmware",
            json={"available": "2.5.0.0", "reachable": True},
        )
        assert body == {"current": "2.1.0.5", "available": "2.5.0.0"}
        assert sim.stations[1].state.available_firmware == "2.5.0.0"
        status, _ = await _json(
            session, "POST", f"{base}/stations/1/firmware", json={"available": "latest"}
        )
        assert status == 400

        # state patch
        status, state = await _json(
            session,
            "PATCH",
            f"{base}/stations/1/state",
            json={"name": "Patched", "status": ["sharing"], "vendor_reachable": False},
        )
        assert status == 200
        assert state["name"] == "Patched"
        assert sim.stations[1].state.status == {"sharing"}
        for bad in ({"uptime": 5}, {"power_mode": True}, {"status": "x"}, {"name": 5}):
            status, _ = await _json(session, "PATCH", f"{base}/stations/1/state", json=bad)
            assert status == 400, bad

        # unknown station
        for url in (f"{base}/stations/9/state", f"{base}/stations/x/state"):
            status, body = await _json(session, "GET", url)
            assert status == 404
            assert body == {"error": "no such station"}


async def test_serve_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    args = build_parser().parse_args(["--api", "v1,v2", "--stations", "2", "--port", "0"])
    stop = asyncio.Event()
    task = asyncio.ensure_future(serve(args, stop))
    lines: list[str] = []

    def ready() -> bool:
        lines.extend(capsys.readouterr().out.splitlines())
        return any(line.startswith("control listening") for line in lines)

    await wait_for(ready)
    assert lines[0].startswith("station 0 v1 listening on http://127.0.0.1:")
    assert lines[1].startswith("station 1 v2 listening on http://127.0.0.1:")
    stop.set()
    await asyncio.wait_for(task, 10)
    assert "simulator stopped" in capsys.readouterr().out


def test_main_rejects_bad_api(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--api", "v3"]) == 2
    assert "api must be" in capsys.readouterr().err


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_cli_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_env(),
        timeout=60,
        check=True,
    )
    for option in (
        "--api",
        "--port",
        "--stations",
        "--latency-ms",
        "--https",
        "--control-port",
        "--token-ttl",
        "--reboot-seconds",
        "--time-scale",
    ):
        assert option in result.stdout


def test_cli_run() -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "simulator",
            "--api",
            "v1,v2",
            "--stations",
            "2",
            "--port",
            "0",
            "--latency-ms",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=_env(),
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline().strip() for _ in range(3)]
        assert lines[0].startswith("station 0 v1 listening on http://127.0.0.1:"), lines
        assert lines[1].startswith("station 1 v2 listening on http://127.0.0.1:"), lines
        assert lines[2].startswith("control listening on http://127.0.0.1:"), lines
        v1_url = lines[0].rsplit(" ", 1)[1]
        v2_url = lines[1].rsplit(" ", 1)[1]
        control = lines[2].rsplit(" ", 1)[1]

        request = urllib.request.Request(
            f"{v1_url}/api/v1/device/admin/apikey?username={USERNAME}",
            method="PUT",
            headers={
                "Authorization": "Basic "
                + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
            },
        )
        with urllib.request.urlopen(request, timeout=10) as resp:
            assert json.load(resp)["errorCode"] == 0
        with urllib.request.urlopen(f"{v2_url}/api/v2/station/model", timeout=10) as resp:
            assert json.load(resp)["data"]["model"] == "ASTROS S200"
        with urllib.request.urlopen(f"{control}/stations", timeout=10) as resp:
            assert [s["api"] for s in json.load(resp)] == ["v1", "v2"]
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
        assert proc.returncode == 0, err
        assert "simulator stopped" in out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


async def test_simulator_context_manager_control_port_none() -> None:
    async with Simulator(api="v2") as sim:
        assert sim.control_url is None
        assert sim.stations[0].base_url.startswith("http://127.0.0.1:")


async def test_serve_stops_on_sigterm(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a stop event the simulator stops on SIGINT/SIGTERM, as the CLI does."""
    args = build_parser().parse_args(["--api", "v2", "--port", "0"])
    task = asyncio.ensure_future(serve(args))
    await wait_for(lambda: "control listening" in capsys.readouterr().out)
    os.kill(os.getpid(), signal.SIGTERM)
    await asyncio.wait_for(task, 10)
    assert "simulator stopped" in capsys.readouterr().out


def test_main_runs_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """``main`` validates the arguments, then serves until stopped."""
    served: list[Any] = []

    async def fake_serve(args: Any) -> None:
        served.append(args)

    monkeypatch.setattr("simulator.__main__.serve", fake_serve)
    assert main(["--api", "v1,v2", "--stations", "2"]) == 0
    assert served[0].stations == 2


def test_certificate_for_a_host_name() -> None:
    """A host name (not an address) goes into the certificate as a DNS name."""
    from cryptography import x509

    from simulator.tls import self_signed

    cert_pem, _key = self_signed("station.example")
    cert = x509.load_pem_x509_certificate(cert_pem)
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "station.example" in names.get_values_for_type(x509.DNSName)


async def test_control_dialect_route(session: aiohttp.ClientSession) -> None:
    async with fast(api=["v1", "v2"], stations=2, control_port=0, dialect="put=replace") as sim:
        base = sim.control_url
        status, body = await _json(session, "GET", f"{base}/stations/1/dialect")
        assert status == 200
        assert body["dialect"] == "put=replace"
        assert body["axes"]["put"] == "replace"
        status, body = await _json(
            session, "POST", f"{base}/stations/1/dialect", json={"dialect": "key_header=bearer"}
        )
        assert (status, body["dialect"]) == (200, "key_header=bearer")
        assert str(sim.stations[1].dialect) == "key_header=bearer"
        assert str(sim.stations[0].dialect) == "put=replace"  # per station
        status, body = await _json(
            session,
            "POST",
            f"{base}/stations/1/dialect",
            json={"list_shape": "bare", "missing": ["conference/appBYOM"]},
        )
        assert body["dialect"] == "key_header=bearer,list_shape=bare,missing=conference/appBYOM"
        client = Client(session, sim.stations[1])
        await client.login()
        assert await client.ok("GET", "general/wallpaper/list") == [0, 1]
        await client.raw("GET", "conference/appBYOM", expect_status=404)
        status, body = await _json(
            session,
            "POST",
            f"{base}/stations/1/dialect",
            json={"dialect": "combined", "put": "merge"},
        )
        assert body["axes"]["put"] == "merge"
        assert body["axes"]["expiry"] == "http-401"
        for bad in (
            {"dialect": 3},
            {"dialect": "put=never"},
            {"colour": "red"},
            {"missing": 5},
        ):
            status, body = await _json(session, "POST", f"{base}/stations/1/dialect", json=bad)
            assert status == 400, bad
            assert body["error"]
        status, listing = await _json(session, "GET", f"{base}/stations")
        assert listing[0]["dialect"] == "put=replace"
        status, state = await _json(session, "GET", f"{base}/stations/0/state")
        assert state["dialect"] == "put=replace"
        status, body = await _json(session, "POST", f"{base}/stations/1/dialect")
        assert status == 200  # an empty body changes nothing
        assert body["axes"]["expiry"] == "http-401"


async def test_serve_with_dialect(capsys: pytest.CaptureFixture[str]) -> None:
    args = build_parser().parse_args(["--api", "v2", "--port", "0", "--dialect", "combined"])
    stop = asyncio.Event()
    task = asyncio.ensure_future(serve(args, stop))
    lines: list[str] = []

    def ready() -> bool:
        lines.extend(capsys.readouterr().out.splitlines())
        return any(line.startswith("control listening") for line in lines)

    await wait_for(ready)
    assert lines[1].startswith("station 0 dialect key_header=bearer,")
    stop.set()
    await asyncio.wait_for(task, 10)


def test_main_rejects_bad_dialect_and_replay(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["--dialect", "put=never"]) == 2
    assert "put must be one of" in capsys.readouterr().err
    assert main(["--replay", str(tmp_path / "none.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
