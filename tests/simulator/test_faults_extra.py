"""The faults of the hardening soak: redirects, 403 on one endpoint, oversized
answers, and a station that changes identity at the same address."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest

from simulator import FaultKind, Simulator
from simulator.faults import OVERSIZED_BYTES, Faults

from .conftest import USERNAME, Client, fast, key_headers


async def test_redirect_default_target_and_not_carried_out(v1: Client) -> None:
    station = v1.station
    station.faults.add("redirect", path="general/name", method="PUT")
    async with v1.session.put(
        v1.url("general/name"),
        params={"username": USERNAME, "value": "Elsewhere"},
        headers=_key(v1),
        allow_redirects=False,
    ) as resp:
        assert resp.status == 307
        assert resp.headers["Location"] == (
            f"http://127.0.0.2:{station.port}/api/v1/device/general/name"
            f"?username={USERNAME}&value=Elsewhere"
        )
        assert await resp.read() == b""
    assert station.state.name == "ASTROS-1"  # the write was not carried out
    assert station.faults.active == []
    assert await v1.ok("GET", "general/name") == "ASTROS-1"


@pytest.mark.parametrize(("code", "status"), [(308, 308), (301, 301), (1000, 307), (500, 307)])
async def test_redirect_status_and_location(v2: Client, code: int, status: int) -> None:
    v2.station.faults.add(
        FaultKind.REDIRECT, error_code=code, location="https://example.invalid:9443/"
    )
    async with v2.session.get(
        v2.url("general/name"), params={"username": USERNAME}, allow_redirects=False
    ) as resp:
        assert resp.status == status
        assert resp.headers["Location"] == (
            f"https://example.invalid:9443/api/v2/station/general/name?username={USERNAME}"
        )


async def test_redirect_location_must_be_a_url(sim_v1: Simulator) -> None:
    faults: Faults = sim_v1.stations[0].faults
    with pytest.raises(ValueError, match="location"):
        faults.add(FaultKind.REDIRECT, location="127.0.0.2:80")
    assert faults.active == []
    fault = faults.add(FaultKind.REDIRECT, location="http://127.0.0.1:1/")
    assert fault.as_dict()["location"] == "http://127.0.0.1:1"
    assert "location" not in faults.add(FaultKind.HTTP_403).as_dict()


async def test_http_403_on_one_endpoint_only(v2: Client) -> None:
    station = v2.station
    station.faults.add("http-403", count=None, path="station/general")
    for _ in range(2):
        body = await v2.raw("GET", "general", expect_status=403)
        assert body["errorCode"] == 403
        assert body["isSuccess"] is False
    # a write to that endpoint is refused and not carried out
    await v2.raw("PATCH", "general", json={"devName": "Other"}, expect_status=403)
    assert station.state.name == "ASTROS-1"
    # every other endpoint answers, with the same key
    assert (await v2.ok("GET", "ethernet"))["mac"] == station.state.eth_mac
    assert len(station.faults.active) == 1
    station.faults.clear()
    assert (await v2.ok("GET", "general"))["devName"] == "ASTROS-1"


async def _read_oversized(
    client: Client, method: str, path: str, **kwargs: Any
) -> tuple[aiohttp.ClientResponse, bytes]:
    kwargs.setdefault("params", {"username": USERNAME})
    async with client.session.request(
        method, client.url(path), headers=_key(client), **kwargs
    ) as resp:
        return resp, await resp.read()


async def test_oversized_is_valid_json_sent_chunked(v1: Client) -> None:
    station = v1.station
    station.faults.add(FaultKind.OVERSIZED, path="general/name")
    resp, raw = await _read_oversized(v1, "GET", "general/name")
    assert resp.status == 200
    assert resp.content_length is None
    assert resp.headers.get("Transfer-Encoding") == "chunked"
    assert len(raw) > OVERSIZED_BYTES > 1024 * 1024
    body = json.loads(raw)
    assert body["errorCode"] == 0
    assert body["data"] == "ASTROS-1"
    assert len(body["padding"]) > OVERSIZED_BYTES
    assert station.faults.active == []


async def test_oversized_write_is_carried_out(v1: Client) -> None:
    station = v1.station
    station.faults.add("OVERSIZED", method="PUT")
    resp, raw = await _read_oversized(v1, "PUT", "general/name", params=None)
    # the key header but no username: the station's own refusal is padded too
    assert resp.status == 200
    assert json.loads(raw)["errorCode"] == 1001
    station.faults.add("OVERSIZED", method="PUT")
    async with v1.session.put(
        v1.url("general/name"),
        params={"username": USERNAME, "value": "Renamed"},
        headers=_key(v1),
    ) as put:
        assert len(await put.read()) > OVERSIZED_BYTES
    assert station.state.name == "Renamed"


async def test_oversized_client_that_stops_reading(v2: Client) -> None:
    """A client that gives up after 1 MiB leaves the station working."""
    station = v2.station
    station.faults.add(FaultKind.OVERSIZED, count=3)
    for _ in range(3):
        async with v2.session.get(
            v2.url("general"), params={"username": USERNAME}, headers=_key(v2)
        ) as resp:
            chunk = await resp.content.readexactly(1024 * 1024)
            assert chunk.startswith(b'{"errorCode": 0')
            resp.close()
    assert (await v2.ok("GET", "general"))["devName"] == "ASTROS-1"


def test_new_kinds_parse() -> None:
    assert FaultKind.parse("Redirect") is FaultKind.REDIRECT
    assert FaultKind.parse("http-403") is FaultKind.HTTP_403
    assert FaultKind.parse("OVERSIZED") is FaultKind.OVERSIZED


async def test_new_kinds_through_the_control_server(session: aiohttp.ClientSession) -> None:
    async with fast(api="v1", control_port=0) as sim:
        base = sim.control_url
        station = sim.stations[0]
        async with session.post(
            f"{base}/stations/0/faults",
            json={"kind": "redirect", "count": 1, "error_code": 308},
        ) as resp:
            assert resp.status == 200
            assert (await resp.json())["kind"] == "REDIRECT"
        async with session.get(f"{station.base_url}/api/v1/device", allow_redirects=False) as resp:
            assert resp.status == 308
            assert resp.headers["Location"].startswith(f"http://127.0.0.2:{station.port}/")


async def test_identity_change_at_the_same_address(
    sim_v1: Simulator, sim_v2: Simulator, make_client: Any
) -> None:
    """Another Ethernet MAC answers at the same address, and the old one comes back."""
    v1 = make_client(sim_v1.stations[0])
    v2 = make_client(sim_v2.stations[0])
    await v1.login()
    await v2.login()
    for client, read in (
        (v1, lambda c: c.ok("GET", "network/ethernet/macaddress")),
        (v2, _v2_mac),
    ):
        state = client.station.state
        original = state.eth_mac
        state.eth_mac = "02:a5:70:ff:ff:fe"
        assert await read(client) == "02:a5:70:ff:ff:fe"
        state.eth_mac = original
        assert await read(client) == original


async def _v2_mac(client: Client) -> Any:
    data = await client.ok("GET", "ethernet")
    return data["mac"]


def _key(client: Client) -> dict[str, str]:
    return key_headers(client.station.dialect.key_header, client.key or "")
