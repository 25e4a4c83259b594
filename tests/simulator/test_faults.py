"""Fault injection, offline/online, latency, robustness."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest

from simulator import FaultKind, Simulator
from simulator.faults import Faults

from .conftest import Client, fast, wait_for


async def test_refuse_until_cleared(v1: Client) -> None:
    station = v1.station
    port = station.port
    station.faults.add(FaultKind.REFUSE, count=None)
    assert not station.online
    with pytest.raises(aiohttp.ClientConnectorError):
        await v1.raw("GET", "general/name")
    station.faults.clear()
    await wait_for(lambda: station._listener is not None)
    assert station.port == port
    assert await v1.ok("GET", "general/name") == "ASTROS-1"


async def test_refuse_counted(sim_v1: Simulator) -> None:
    station = sim_v1.stations[0]
    connector = aiohttp.TCPConnector(force_close=True)
    async with aiohttp.ClientSession(connector=connector) as session:
        client = Client(session, station)
        await client.login()
        # POST: aiohttp retries an idempotent request (GET) once on a reset
        station.faults.add("refuse", count=2)
        for _ in range(2):
            with pytest.raises(aiohttp.ClientConnectionError):
                await client.raw("POST", "display", params={"value": "false"})
        await client.ok("POST", "display", params={"value": "false"})
        assert station.faults.active == []
        station.faults.add("refuse", count=2)
        with pytest.raises(aiohttp.ClientConnectionError):
            await client.raw("GET", "general/name")  # both attempts reset
        assert await client.ok("GET", "general/name") == "ASTROS-1"


async def test_offline_online_same_port(v1: Client) -> None:
    station = v1.station
    port = station.port
    await station.go_offline()
    assert not station.online
    with pytest.raises(aiohttp.ClientConnectorError):
        await v1.raw("GET", "general/name")
    station.faults.clear()  # does not bring an offline station back
    assert not station.online
    await station.go_online()
    assert station.port == port
    assert await v1.ok("GET", "general/name") == "ASTROS-1"
    await station.go_online()  # idempotent


async def test_hang(v1: Client) -> None:
    station = v1.station
    station.faults.add(FaultKind.HANG, path="general/name")
    with pytest.raises(asyncio.TimeoutError):
        await v1.raw("GET", "general/name", timeout=aiohttp.ClientTimeout(total=0.2))
    assert await v1.ok("GET", "general/name") == "ASTROS-1"  # count 1 consumed
    station.faults.add(FaultKind.HANG, count=None)
    pending = asyncio.ensure_future(v1.ok("GET", "general/language"))
    await wait_for(lambda: bool(station._hangs))
    assert not pending.done()
    station.faults.clear()
    assert await pending == 0


async def test_hang_ends_on_stop(session: aiohttp.ClientSession) -> None:
    sim = fast(api="v2")
    await sim.start()
    station = sim.stations[0]
    client = Client(session, station)
    station.faults.add(FaultKind.HANG, count=None)
    pending = asyncio.ensure_future(client.raw("GET", "model", username=False))
    await wait_for(lambda: bool(station._hangs))
    await asyncio.wait_for(sim.stop(), 5)
    with pytest.raises(aiohttp.ClientError):
        await pending


async def test_http_500_malformed_and_error_code(
    v2: Client, session: aiohttp.ClientSession
) -> None:
    station = v2.station
    station.faults.add(FaultKind.HTTP_500, count=2)
    for _ in range(2):
        body = await v2.raw("GET", "general", expect_status=500)
        assert body["errorCode"] == 500
    await v2.ok("GET", "general")
    station.faults.add(FaultKind.MALFORMED_JSON, path="/general")
    async with session.get(
        v2.url("general"), params={"username": "admin"}, headers={"X-API-Key": v2.key or ""}
    ) as resp:
        assert resp.status == 200
        with pytest.raises(json.JSONDecodeError):
            json.loads(await resp.text())
    station.faults.add(FaultKind.ERROR_CODE, error_code=1005)
    await v2.error("GET", "general", 1005)
    station.faults.add(FaultKind.ERROR_CODE)
    await v2.error("GET", "general", 1000)


async def test_expire_token_fault(v1: Client) -> None:
    v1.station.faults.add(FaultKind.EXPIRE_TOKEN)
    await v1.error("GET", "general/name", 1002)
    await v1.login()
    await v1.ok("GET", "general/name")


async def test_missing_field_and_wrong_type(v1: Client) -> None:
    faults = v1.station.faults
    faults.add(FaultKind.MISSING_FIELD, path="/api/v1/device")
    await v1.ok("POST", "display", params={"value": "true"})  # not a GET: not consumed
    data = await v1.ok("GET", "")
    assert "sn" not in data
    assert "name" in data
    faults.add(FaultKind.MISSING_FIELD, field="status")
    data = await v1.ok("GET", "")
    assert "status" not in data
    assert "sn" in data
    faults.add(FaultKind.MISSING_FIELD)
    body = await v1.raw("GET", "general/name")
    assert "data" not in body
    faults.add(FaultKind.WRONG_TYPE, field="uptime")
    assert (await v1.ok("GET", ""))["uptime"] == "abc"
    faults.add(FaultKind.WRONG_TYPE)
    assert isinstance((await v1.ok("GET", ""))["sn"], dict)
    faults.add(FaultKind.WRONG_TYPE)
    assert isinstance(await v1.ok("GET", "general/remoteview"), dict)
    faults.add(FaultKind.WRONG_TYPE)
    assert isinstance(await v1.ok("GET", "general/name"), dict)
    faults.add(FaultKind.WRONG_TYPE, field="hdmi")
    assert (await v1.ok("GET", "display/resolution"))["hdmi"] == "abc"
    faults.add(FaultKind.WRONG_TYPE)
    assert await v1.ok("GET", "general/language") == "abc"
    # an error answer is left alone (and consumes the fault)
    faults.add(FaultKind.WRONG_TYPE)
    await v1.error("GET", "general/name", 1001, username=False)
    assert faults.active == []


async def test_path_filter_and_until_cleared(v1: Client) -> None:
    faults = v1.station.faults
    faults.add(FaultKind.ERROR_CODE, path="general/name", count=None, error_code=1200)
    for _ in range(3):
        await v1.error("GET", "general/name", 1200)
    await v1.ok("GET", "general/language")
    faults.clear()
    await v1.ok("GET", "general/name")


def test_fault_kinds() -> None:
    assert FaultKind.parse("HTTP_500") is FaultKind.HTTP_500
    assert FaultKind.parse("missing-field") is FaultKind.MISSING_FIELD
    with pytest.raises(ValueError, match="unknown"):
        FaultKind.parse("explode")


async def test_fault_count_validation(sim_v1: Simulator) -> None:
    faults: Faults = sim_v1.stations[0].faults
    with pytest.raises(ValueError, match="count"):
        faults.add(FaultKind.HANG, count=0)
    assert faults.add(FaultKind.HANG, count=3, path="x").as_dict() == {
        "kind": "HANG",
        "count": 3,
        "path": "x",
        "error_code": 1000,
        "field": None,
        "method": None,
    }


async def test_requests_log_and_latency(session: aiohttp.ClientSession) -> None:
    async with fast(api="v2", latency_ms=5) as sim:
        station = sim.stations[0]
        client = Client(session, station)
        await client.ok("GET", "model", username=False)
        await client.raw("GET", "nope", expect_status=404)
        assert station.requests == [
            ("GET", "/api/v2/station/model"),
            ("GET", "/api/v2/station/nope"),
        ]
        station.requests.clear()
        assert station.requests == []


async def test_unexpected_exception_is_1200(v1: Client, caplog: Any) -> None:
    v1.station.state.time_zone = None  # type: ignore[assignment]
    await v1.error("GET", "time", 1200)
    assert "unexpected error" in caplog.text


async def test_request_on_open_connection_while_offline(v1: Client) -> None:
    """A request reaching a station that just closed its listener gets no answer."""
    station = v1.station
    station._close_listener()  # listener closed, keep-alive connection still open
    with pytest.raises(aiohttp.ClientError):
        await v1.raw("GET", "general/name")
    await station.go_online()
    await v1.ok("GET", "general/name")


async def test_many_stations_and_mixed_apis(session: aiohttp.ClientSession) -> None:
    async with Simulator(api="v1,v2", stations=5) as sim:
        assert [st.api for st in sim.stations] == ["v1", "v2", "v1", "v2", "v1"]
        assert len({st.port for st in sim.stations}) == 5
        assert len({st.state.eth_mac for st in sim.stations}) == 5
        assert len({st.state.wifi_mac for st in sim.stations}) == 5
        assert [st.state.name for st in sim.stations][:2] == ["ASTROS-1", "ASTROS-2"]
        for station in sim.stations:
            client = Client(session, station)
            await client.login()
            path = "general/name" if station.api == "v1" else "general"
            await client.ok("GET", path)
    with pytest.raises(ValueError, match="api"):
        Simulator(api="v3")
    with pytest.raises(ValueError, match="stations"):
        Simulator(stations=0)


async def test_consecutive_ports(session: aiohttp.ClientSession) -> None:
    probe = Simulator(api="v1", stations=1)
    await probe.start()
    base = probe.stations[0].port
    await probe.stop()
    async with Simulator(api=["v2", "v1"], stations=2, port=base) as sim:
        assert [st.port for st in sim.stations] == [base, base + 1]
        assert sim.control_url is None
        await sim.start()  # no-op when started


async def test_start_failure_cleans_up() -> None:
    blocker = Simulator(api="v1")
    await blocker.start()
    try:
        sim = Simulator(api="v1", stations=2, port=blocker.stations[0].port - 1)
        with pytest.raises(OSError):  # the second port is taken
            await sim.start()
        assert not sim.stations[0].online
    finally:
        await blocker.stop()
