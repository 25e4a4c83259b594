"""``--replay``: a station serving the raw answers of a diagnostics download."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from simulator import FaultKind, Simulator
from simulator.__main__ import build_parser, serve
from simulator.replay import Replay

from .conftest import basic, wait_for


def _envelope(data: Any, model: str = "ASTROS S200", code: int = 0) -> dict[str, Any]:
    return {
        "errorCode": code,
        "errorMsg": "OK" if code == 0 else "failed",
        "data": data,
        "isSuccess": code == 0,
        "model": model,
        "rebootRequired": False,
    }


V2_DIAGNOSTICS: dict[str, Any] = {
    "home_assistant": {"version": "2025.4.4"},
    "integration_manifest": {"domain": "astros"},
    "data": {
        "api_version": "v2",
        "negotiated": {"key_header": "bearer", "expiry": "http-401"},
        "raw_answers": {
            "GET /api/v2/station/model": _envelope(
                {"devName": "Hall", "model": "ASTROS S200", "isAdminInit": False}
            ),
            "GET /api/v2/station/general/": _envelope(
                {"devName": "Hall", "codeValue": "**REDACTED**"}
            ),
            "GET /api/v2/station/firmware?hasNew=true": _envelope(
                {"current": "2.1.0.5", "new": "2.2.0.0"}
            ),
            "get /api/v2/station/firmware": _envelope({"current": "2.1.0.5"}),
            "GET /api/v2/station/ota/check?mode=a": _envelope(True),
            "GET /api/v2/station/ota/check?mode=b": _envelope(False),
            "GET /api/v2/station/conference/appBYOM": _envelope("", code=404),
            "GET /api/v2/station/remote/amsName": "ams.example.org",
            "PUT /api/v2/station/firmware/download/start": _envelope(
                {"process": "45%", "status": 1}
            ),
        },
    },
}


def test_from_diagnostics_and_errors(tmp_path: Path) -> None:
    replay = Replay.from_diagnostics(V2_DIAGNOSTICS)
    assert replay.api == "v2"
    assert replay.prefix == "/api/v2/station"
    assert replay.model == "ASTROS S200"
    assert replay.negotiated == {"key_header": "bearer", "expiry": "http-401"}
    assert "GET /api/v2/station/general" in replay.answers
    assert "GET /api/v2/station/firmware" in replay.answers
    # the inner object on its own is a diagnostics document too
    inner = Replay.from_diagnostics(V2_DIAGNOSTICS["data"])
    assert inner.answers == replay.answers
    assert Replay.from_diagnostics({"api_version": "v1", "raw_answers": {}}).model is None
    for bad, message in (
        ([], "JSON object"),
        ({"data": {"raw_answers": {}}}, "api_version"),
        ({"api_version": "v2"}, "raw_answers"),
        ({"api_version": "v2", "raw_answers": [1]}, "raw_answers"),
        ({"api_version": "v2", "raw_answers": {}, "negotiated": [1]}, "negotiated"),
    ):
        with pytest.raises(ValueError, match=message):
            Replay.from_diagnostics(bad)
    path = tmp_path / "diag.json"
    path.write_text(json.dumps(V2_DIAGNOSTICS), encoding="utf-8")
    assert Replay.load(path).answers == replay.answers
    path.write_text("{nope", encoding="utf-8")
    with pytest.raises(ValueError, match="not JSON"):
        Replay.load(path)
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ValueError, match="cannot read"):
        Replay.load(path)
    with pytest.raises(ValueError, match="cannot read"):
        Replay.load(tmp_path / "missing.json")


async def _call(
    session: aiohttp.ClientSession, url: str, method: str = "GET", **kwargs: Any
) -> tuple[int, Any]:
    async with session.request(method, url, **kwargs) as resp:
        return resp.status, await resp.json()


async def test_replay_v2_answers(session: aiohttp.ClientSession) -> None:
    replay = Replay.from_diagnostics(V2_DIAGNOSTICS)
    async with Simulator(api="v1", stations=3, replay=replay, token_ttl=0) as sim:
        assert len(sim.stations) == 1
        station = sim.stations[0]
        assert station.api == "v2"
        base = station.base_url + "/api/v2/station"
        # login: any password; renewal too
        status, body = await _call(
            session, f"{base}/login", "POST", json={"account": "x", "password": "whatever"}
        )
        assert (status, body["errorCode"]) == (200, 0)
        token = body["data"]["token"]
        assert station.find_token(token) is not None
        assert body["model"] == "ASTROS S200"
        status, body = await _call(session, f"{base}/remote/apikey", "PUT")
        assert body["data"]["expiredTime"] == "-1"
        # stored GETs, verbatim, no key needed; query match first
        status, body = await _call(session, f"{base}/model")
        assert body == V2_DIAGNOSTICS["data"]["raw_answers"]["GET /api/v2/station/model"]
        status, body = await _call(session, f"{base}/general/", params={"username": "admin"})
        assert body["data"] == {"devName": "Hall", "codeValue": "**REDACTED**"}
        status, body = await _call(
            session, f"{base}/firmware", params={"hasNew": "true"}, headers={"X-API-Key": "k"}
        )
        assert body["data"] == {"current": "2.1.0.5", "new": "2.2.0.0"}
        status, body = await _call(session, f"{base}/firmware", params={"username": "admin"})
        assert body["data"] == {"current": "2.1.0.5"}
        # username and order do not matter; unknown parameters: the closest stored answer
        status, body = await _call(
            session, f"{base}/firmware", params={"hasNew": "true", "username": "x", "z": "1"}
        )
        assert body["data"] == {"current": "2.1.0.5", "new": "2.2.0.0"}
        status, body = await _call(session, f"{base}/firmware", params={"hasNew": "false"})
        assert body["data"] == {"current": "2.1.0.5"}
        status, body = await _call(session, f"{base}/ota/check", params={"x": "1"})
        assert body["data"] is True
        status, body = await _call(session, f"{base}/conference/appBYOM")
        assert (status, body["errorCode"]) == (404, 404)
        status, body = await _call(session, f"{base}/remote/amsName")
        assert (status, body["data"]) == (200, "ams.example.org")
        # a stored write answer is served, other writes are OK and change nothing
        status, body = await _call(session, f"{base}/firmware/download/start", "PUT")
        assert body["data"] == {"process": "45%", "status": 1}
        status, body = await _call(session, f"{base}/general", "PATCH", json={"devName": "X"})
        assert (status, body["data"], body["isSuccess"]) == (200, True, True)
        status, body = await _call(session, f"{base}/general")
        assert body["data"]["devName"] == "Hall"
        # unknown GETs and other generations: 404
        status, body = await _call(session, f"{base}/wifi")
        assert (status, body["errorCode"]) == (404, 404)
        status, body = await _call(session, station.base_url + "/api/v1/device")
        assert status == 404
        # faults still apply, and do not spoil the stored answer
        station.faults.add(FaultKind.MISSING_FIELD, path="model", field="devName")
        status, body = await _call(session, f"{base}/model")
        assert "devName" not in body["data"]
        status, body = await _call(session, f"{base}/model")
        assert body["data"]["devName"] == "Hall"
        assert ("GET", "/api/v2/station/model") in station.requests
        assert station.received[0].json_fields == ("account", "password")


async def test_replay_v1_login(session: aiohttp.ClientSession) -> None:
    replay = Replay.from_diagnostics(
        {
            "api_version": "v1",
            "raw_answers": {"GET /api/v1/device": _envelope({"sn": "AST1"}, "ASTROS S100")},
        }
    )
    async with Simulator(replay=replay) as sim:
        station = sim.stations[0]
        base = station.base_url + "/api/v1/device"
        _, body = await _call(session, f"{base}/admin/apikey", "PUT", headers=basic("a", "b"))
        assert body["data"]["scope"] == "full"
        assert isinstance(body["data"]["expiredTime"], int)
        _status, body = await _call(session, base)
        assert body["data"] == {"sn": "AST1"}
        _, body = await _call(session, f"{base}/general/name", "PUT", params={"value": "x"})
        assert (body["data"], body["model"]) == ("", "ASTROS S100")


async def test_serve_replay(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "diag.json"
    path.write_text(json.dumps(V2_DIAGNOSTICS), encoding="utf-8")
    args = build_parser().parse_args(["--replay", str(path), "--port", "0"])
    stop = asyncio.Event()
    task = asyncio.ensure_future(serve(args, stop))
    lines: list[str] = []

    def ready() -> bool:
        lines.extend(capsys.readouterr().out.splitlines())
        return any(line.startswith("control listening") for line in lines)

    await wait_for(ready)
    assert lines[0].startswith("station 0 v2 listening on http://127.0.0.1:")
    assert lines[1] == f"station 0 replays {path}"
    stop.set()
    await asyncio.wait_for(task, 10)


async def test_replay_v2_makes_up_the_model_answer(session: aiohttp.ClientSession) -> None:
    """Diagnostics without the detection answer still detect as v2."""
    general = _envelope({"devName": "Hall"}, model="ASTROS S300")
    for answers, expected in (
        ({"GET /api/v2/station/general": general}, ("Hall", "ASTROS S300")),
        ({"GET /api/v2/station/general": "odd"}, ("ASTROS", "ASTROS")),
        ({}, ("ASTROS", "ASTROS")),
    ):
        replay = Replay.from_diagnostics({"api_version": "v2", "raw_answers": answers})
        async with Simulator(replay=replay) as sim:
            station = sim.stations[0]
            status, body = await _call(session, station.base_url + "/api/v2/station/model")
        assert status == 200
        assert (body["data"]["devName"], body["data"]["model"]) == expected
        assert body["data"]["isAdminInit"] is False
