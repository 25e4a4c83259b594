"""Fixtures of the simulator tests: simulators, a plain aiohttp client, images."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator, Awaitable, Callable
import io
import struct
from typing import Any
import zlib

import aiohttp
import pytest

from simulator import SimulatedStation, Simulator

USERNAME = "admin"
PASSWORD = "Astros2025"


def png_bytes(width: int, height: int) -> bytes:
    """A minimal valid PNG (1 grey pixel row repeated)."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def jpeg_header(width: int, height: int) -> bytes:
    """JPEG markers up to a baseline frame header (enough for the size check)."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def jpeg_bytes(width: int, height: int) -> bytes:
    """A real JPEG made with Pillow."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 20, 30)).save(out, format="JPEG", progressive=True)
    return out.getvalue()


async def wait_for(predicate: Callable[[], bool], limit: float = 10.0) -> None:
    """Poll ``predicate`` until true (fails after ``limit`` s; no timing asserted)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not reached")
        await asyncio.sleep(0.01)


def basic(login: str, password: str) -> dict[str, str]:
    """An HTTP Basic ``Authorization`` header (aiohttp's BasicAuth is deprecated)."""
    token = base64.b64encode(f"{login}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def key_headers(form: str, key: str) -> dict[str, str]:
    """The header carrying ``key`` in the ``key_header`` dialect ``form``."""
    if form == "x-api-key":
        return {"X-API-Key": key}
    if form == "bare":
        return {"Authorization": key}
    return {"Authorization": f"{form.capitalize()} {key}"}


class Client:
    """A plain HTTP client for one station (v1 or v2)."""

    def __init__(self, session: aiohttp.ClientSession, station: SimulatedStation) -> None:
        self.session = session
        self.station = station
        self.key: str | None = None
        prefix = "/api/v1/device" if station.api == "v1" else "/api/v2/station"
        self.prefix = station.base_url + prefix

    def url(self, path: str) -> str:
        return f"{self.prefix}/{path}" if path else self.prefix

    async def login(self) -> str:
        if self.station.api == "v1":
            body = await self.raw(
                "PUT", "admin/apikey", headers=basic(USERNAME, PASSWORD), key=False
            )
        else:
            body = await self.raw(
                "POST",
                "login",
                json={"account": USERNAME, "password": PASSWORD},
                key=False,
                username=False,
            )
        assert body["errorCode"] == 0, body
        self.key = body["data"]["token"]
        return self.key

    async def raw(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        key: bool = True,
        username: bool = True,
        expect_status: int = 200,
        **kwargs: Any,
    ) -> dict[str, Any]:
        query = {"username": USERNAME} if username else {}
        query.update(params or {})
        headers = dict(kwargs.pop("headers", {}))
        if key and self.key:
            headers.update(key_headers(self.station.dialect.key_header, self.key))
        async with self.session.request(
            method, self.url(path), params=query, headers=headers, **kwargs
        ) as resp:
            assert resp.status == expect_status, await resp.text()
            body: dict[str, Any] = await resp.json()
        assert set(body) >= {"errorCode", "errorMsg", "isSuccess", "model", "rebootRequired"}
        assert body["isSuccess"] is (body["errorCode"] == 0)
        return body

    async def ok(self, method: str, path: str, **kwargs: Any) -> Any:
        body = await self.raw(method, path, **kwargs)
        assert body["errorCode"] == 0, body
        return body["data"]

    async def error(self, method: str, path: str, code: int, **kwargs: Any) -> dict[str, Any]:
        body = await self.raw(method, path, **kwargs)
        assert body["errorCode"] == code, body
        assert body["errorMsg"]
        return body


@pytest.fixture(autouse=True)
def _loopback_sockets(socket_enabled: None) -> None:
    """The simulator needs real sockets: pytest-socket (used by Home Assistant's
    test plugin) blocks them unless ``socket_enabled`` is requested."""


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


def fast(**kwargs: Any) -> Simulator:
    """A simulator with tiny timers."""
    options: dict[str, Any] = {"reboot_seconds": 0.05, "update_seconds": 0.05}
    options.update(kwargs)
    return Simulator(**options)


@pytest.fixture
async def sim_v1() -> AsyncIterator[Simulator]:
    async with fast(api="v1") as sim:
        yield sim


@pytest.fixture
async def sim_v2() -> AsyncIterator[Simulator]:
    async with fast(api="v2") as sim:
        yield sim


@pytest.fixture
async def v1(sim_v1: Simulator, session: aiohttp.ClientSession) -> Client:
    client = Client(session, sim_v1.stations[0])
    await client.login()
    return client


@pytest.fixture
async def v2(sim_v2: Simulator, session: aiohttp.ClientSession) -> Client:
    client = Client(session, sim_v2.stations[0])
    await client.login()
    return client


@pytest.fixture
def make_client(session: aiohttp.ClientSession) -> Callable[[SimulatedStation], Client]:
    return lambda station: Client(session, station)


Factory = Callable[[SimulatedStation], Client]
AsyncPredicate = Callable[[], Awaitable[bool]]
