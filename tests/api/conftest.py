"""Fixtures: a simulated station of each generation and a client talking to it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web
import pytest

from custom_components.astros.api import (
    ApiVersion,
    AstrosClient,
    ConnectionSettings,
    async_create_client,
)
from simulator import SimulatedStation, Simulator

USERNAME = "admin"
PASSWORD = "Astros2025"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """The client does not need Home Assistant: no hass instance per test."""


@pytest.fixture(autouse=True)
def _loopback_sockets(socket_enabled: None) -> None:
    """Real sockets on 127.0.0.1 (Home Assistant's test plugin blocks them otherwise)."""


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """An aiohttp session closed after the test."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture(params=["v1", "v2"])
def api(request: pytest.FixtureRequest) -> str:
    """Both API generations."""
    return str(request.param)


@pytest.fixture
async def sim(api: str) -> AsyncIterator[Simulator]:
    """One station of the generation under test, with tiny timings."""
    async with Simulator(
        api=api,
        stations=1,
        port=0,
        username=USERNAME,
        password=PASSWORD,
        reboot_seconds=0.2,
        update_seconds=0.2,
        time_scale=0.001,
    ) as simulator:
        yield simulator


@pytest.fixture
def station(sim: Simulator) -> SimulatedStation:
    """The simulated station."""
    return sim.stations[0]


async def make_client(
    session: aiohttp.ClientSession,
    station: SimulatedStation,
    *,
    password: str = PASSWORD,
    request_timeout: float = 5.0,
) -> AstrosClient:
    """A client of the station's generation (not detected: faster)."""
    return await async_create_client(
        session,
        settings_of(station, password=password, request_timeout=request_timeout),
        api_version=ApiVersion(station.api),
    )


def settings_of(
    station: SimulatedStation,
    *,
    password: str = PASSWORD,
    request_timeout: float = 5.0,
    username: str = USERNAME,
) -> ConnectionSettings:
    """How to reach the simulated station."""
    return ConnectionSettings(
        host=station.host,
        port=station.port,
        username=username,
        password=password,
        request_timeout=request_timeout,
    )


@pytest.fixture
async def client(session: aiohttp.ClientSession, station: SimulatedStation) -> AstrosClient:
    """A client of the station under test."""
    return await make_client(session, station)


def paths(station: SimulatedStation) -> list[str]:
    """The paths the station received, without the base path."""
    prefix = "/api/v1/device" if station.api == "v1" else "/api/v2/station"
    return [path.removeprefix(prefix).lstrip("/") for _method, path in station.requests]


async def serve(app: web.Application) -> tuple[web.AppRunner, int]:
    """Serve ``app`` on a free loopback port (a non-ASTROS server, a fake station)."""
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, int(runner.addresses[0][1])
