"""Detection of the API generation and client creation."""

from __future__ import annotations

import dataclasses
import socket

import aiohttp
from aiohttp import web
import pytest

from custom_components.astros.api import (
    ApiVersion,
    AstrosCertificateError,
    AstrosConnectionError,
    AstrosResponseError,
    AstrosTimeoutError,
    AstrosV1Client,
    AstrosV2Client,
    ConnectionSettings,
    async_create_client,
    async_detect_api_version,
)
from simulator import FaultKind, SimulatedStation

from .conftest import PASSWORD, serve, settings_of


def local(port: int, **kwargs: object) -> ConnectionSettings:
    """Settings of a server on 127.0.0.1."""
    return ConnectionSettings(host="127.0.0.1", port=port, **kwargs)  # type: ignore[arg-type]


async def test_detects_generation(
    session: aiohttp.ClientSession, station: SimulatedStation
) -> None:
    """Each simulated generation is recognised without credentials."""
    version = await async_detect_api_version(session, settings_of(station))
    assert version == ApiVersion(station.api)
    assert station.state.reboot_count == 0


async def test_create_client_detects(
    session: aiohttp.ClientSession, station: SimulatedStation
) -> None:
    """async_create_client picks the class of the detected generation."""
    client = await async_create_client(session, settings_of(station))
    expected = AstrosV1Client if station.api == "v1" else AstrosV2Client
    assert type(client) is expected
    assert client.api_version == ApiVersion(station.api)
    identity = await client.async_get_identity()
    assert identity.mac == station.state.eth_mac
    assert PASSWORD not in repr(client)


@pytest.mark.parametrize(
    "body",
    [
        web.Response(text="<html>hello</html>", content_type="text/html"),
        web.json_response({"hello": "world"}),
        web.json_response([1, 2, 3]),
    ],
    ids=["html", "json-object", "json-list"],
)
async def test_other_http_server_is_not_a_station(
    session: aiohttp.ClientSession, body: web.Response
) -> None:
    """A web server that does not answer envelopes is refused."""

    async def handler(_request: web.Request) -> web.StreamResponse:
        return web.Response(body=body.body, status=200, content_type=body.content_type)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    runner, port = await serve(app)
    try:
        with pytest.raises(AstrosResponseError, match="not an ASTROS station"):
            await async_detect_api_version(session, local(port))
    finally:
        await runner.cleanup()


async def test_http_404_server_is_not_a_station(session: aiohttp.ClientSession) -> None:
    """A server answering 404 pages everywhere is refused."""
    runner, port = await serve(web.Application())
    try:
        with pytest.raises(AstrosResponseError):
            await async_detect_api_version(session, local(port))
    finally:
        await runner.cleanup()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_connection_refused(session: aiohttp.ClientSession) -> None:
    """Nobody listening: a connection error."""
    with pytest.raises(AstrosConnectionError):
        await async_detect_api_version(session, local(_free_port()))
    with pytest.raises(AstrosConnectionError):
        await async_create_client(session, local(_free_port(), password=PASSWORD))


async def test_detect_timeout(session: aiohttp.ClientSession, station: SimulatedStation) -> None:
    """A station that never answers: a timeout."""
    station.faults.add(FaultKind.HANG, count=None)
    with pytest.raises(AstrosTimeoutError):
        await async_detect_api_version(session, settings_of(station, request_timeout=0.2))
    station.faults.clear()


async def test_invalid_host(session: aiohttp.ClientSession) -> None:
    """A host that cannot be part of a URL is a connection error, not a crash."""
    with pytest.raises(AstrosConnectionError):
        await async_detect_api_version(session, ConnectionSettings(host="bad host/name", port=80))
    with pytest.raises(AstrosConnectionError):
        await async_detect_api_version(session, ConnectionSettings(host=""))


async def test_https_without_verification(session: aiohttp.ClientSession) -> None:
    """use_https and verify_ssl=False reach a station with a self-signed certificate."""
    from simulator import Simulator

    async with Simulator(api="v2", https=True) as sim:
        station = sim.stations[0]
        verified = dataclasses.replace(settings_of(station), use_https=True)
        with pytest.raises(AstrosCertificateError):
            await async_detect_api_version(session, verified)
        unverified = dataclasses.replace(verified, verify_ssl=False)
        version = await async_detect_api_version(session, unverified)
        assert version is ApiVersion.V2
        client = await async_create_client(session, unverified)
        assert (await client.async_get_identity()).mac == station.state.eth_mac
