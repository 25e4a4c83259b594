"""Keys and tokens: obtaining, sharing, renewing, refusing."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
from aiohttp import web
import pytest

from custom_components.astros.api import (
    API_KEY_HEADER,
    AstrosAuthenticationError,
    AstrosClient,
    AstrosError,
    AstrosNegotiationError,
    AstrosPermissionError,
    AstrosV1Client,
    AstrosV2Client,
    ConnectionSettings,
    Section,
)
from simulator import FaultKind, SimulatedStation, Simulator

from .conftest import PASSWORD, USERNAME, make_client, paths, serve, settings_of


def login_path(station: SimulatedStation) -> str:
    """Where keys come from."""
    return "admin/apikey" if station.api == "v1" else "login"


def logins(station: SimulatedStation) -> int:
    """How many keys the client asked for."""
    return paths(station).count(login_path(station))


async def test_login_and_reuse(client: AstrosClient, station: SimulatedStation) -> None:
    """One key serves every later call."""
    await client.async_login()
    await client.async_fetch()
    await client.async_fetch([Section.POWER])
    assert logins(station) == 1


async def test_concurrent_calls_share_one_login(
    client: AstrosClient, station: SimulatedStation
) -> None:
    """Many calls started together log in once."""
    await asyncio.gather(*(client.async_fetch() for _ in range(5)))
    assert logins(station) == 1


async def test_expired_key_is_renewed(client: AstrosClient, station: SimulatedStation) -> None:
    """A refused key (1002) is renewed once and the call retried, transparently."""
    await client.async_fetch([Section.POWER])
    station.expire_tokens()
    state = await client.async_fetch()
    assert state.power is not None and state.power.timeout == station.state.power_timeout
    assert logins(station) == 2


async def test_expire_token_fault(client: AstrosClient, station: SimulatedStation) -> None:
    """The EXPIRE_TOKEN fault: still transparent."""
    await client.async_login()
    station.faults.add(FaultKind.EXPIRE_TOKEN, count=1)
    await client.async_set_remote_view(False)
    assert station.state.remote_view is False
    assert logins(station) == 2


async def test_wrong_password(session: aiohttp.ClientSession, station: SimulatedStation) -> None:
    """Wrong credentials at login: AstrosAuthenticationError without the password."""
    client = await make_client(session, station, password="Wrong0ne")
    with pytest.raises(AstrosAuthenticationError) as err:
        await client.async_login()
    assert "Wrong0ne" not in str(err.value)
    with pytest.raises(AstrosAuthenticationError):
        await client.async_fetch()


async def test_password_changed_mid_session(
    client: AstrosClient, station: SimulatedStation
) -> None:
    """After the password changes, the next renewal fails once, clearly."""
    await client.async_fetch([Section.POWER])
    station.state.password = "Changed123"
    station.expire_tokens()
    before = logins(station)
    with pytest.raises(AstrosAuthenticationError) as err:
        await client.async_fetch([Section.POWER])
    assert logins(station) == before + 1
    assert PASSWORD not in str(err.value) and "Changed123" not in str(err.value)


async def test_renewed_key_refused_again(client: AstrosClient, station: SimulatedStation) -> None:
    """1002 again after a renewal, while the key works elsewhere: a refusal of that call.

    Not an authentication failure (the login was accepted), and no loop.
    """
    await client.async_login()
    path, method = ("general/remoteview", "PUT") if station.api == "v1" else ("general", "PATCH")
    station.faults.add(FaultKind.ERROR_CODE, count=2, error_code=1002, path=path, method=method)
    with pytest.raises(AstrosPermissionError):
        await client.async_set_remote_view(True)
    assert logins(station) == 2


async def test_1003_on_a_call_is_not_wrong_credentials(
    client: AstrosClient, station: SimulatedStation
) -> None:
    """errorCode 1003 on an ordinary call: one fresh login and one retry, then it works.

    Only a refused login means the password is wrong; the station's way of
    saying "key expired" is remembered.
    """
    await client.async_login()
    station.faults.add(FaultKind.ERROR_CODE, count=1, error_code=1003)
    state = await client.async_fetch([Section.POWER])
    assert state.power is not None and Section.POWER not in state.failed_sections
    assert logins(station) == 2
    assert client.negotiated["expiry"] == "code-1003"


async def test_username_with_colon(session: aiohttp.ClientSession, sim: Simulator) -> None:
    """A v1 Basic username cannot contain ':'; refused without a crash."""
    station = sim.stations[0]
    client_class = AstrosV1Client if station.api == "v1" else AstrosV2Client
    client = client_class(session, settings_of(station, username="a:b", password="x"))
    with pytest.raises(AstrosAuthenticationError):
        await client.async_login()


async def test_v1_key_renewed_before_expiry(session: aiohttp.ClientSession) -> None:
    """v1 keys announce their expiry: the client renews ahead instead of waiting for 1002."""
    async with Simulator(api="v1", token_ttl=2.0) as simulator:
        station = simulator.stations[0]
        client = await make_client(session, station)
        await client.async_fetch([Section.POWER])
        await asyncio.sleep(1.6)
        await client.async_fetch([Section.POWER])
        login = ["admin/apikey", "time"]  # the key, then the station's clock to time it
        assert paths(station) == [*login, "power/mode", *login, "power/mode"]


async def test_secrets_never_logged(
    client: AstrosClient, station: SimulatedStation, caplog: pytest.LogCaptureFixture
) -> None:
    """Debug logs carry neither the password nor the key."""
    caplog.set_level(logging.DEBUG, logger="custom_components.astros.api")
    await client.async_fetch()
    station.expire_tokens()
    await client.async_fetch()
    key = client._key  # type: ignore[attr-defined]
    assert key and caplog.text
    assert PASSWORD not in caplog.text and key not in caplog.text


class FakeStation:
    """A v2-like station answering HTTP 401/403 instead of errorCode 1002."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.tokens = 0
        self.valid: str | None = None
        self.reject_all = False

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/api/v2/station/login", self.login)
        app.router.add_get("/api/v2/station/power/setting", self.power)
        app.router.add_get("/api/v2/station/remote/apikey", self.apikey)
        return app

    @staticmethod
    def envelope(data: Any) -> web.Response:
        return web.json_response(
            {"errorCode": 0, "errorMsg": "OK", "data": data, "isSuccess": True}
        )

    async def login(self, _request: web.Request) -> web.Response:
        self.tokens += 1
        self.valid = f"token{self.tokens:011d}"
        return self.envelope({"token": self.valid})

    def refused(self, request: web.Request) -> bool:
        return self.reject_all or request.headers.get(API_KEY_HEADER) != self.valid

    async def apikey(self, request: web.Request) -> web.Response:
        if self.refused(request):
            return web.Response(status=self.status, text="Unauthorized")
        return self.envelope({"token": self.valid, "expiredTime": "-1", "scope": "full"})

    async def power(self, request: web.Request) -> web.Response:
        if self.refused(request):
            return web.Response(status=self.status, text="Unauthorized")
        return self.envelope({"mode": 1, "time": 5})


@pytest.mark.parametrize("status", [401, 403])
async def test_http_401_403_renew(session: aiohttp.ClientSession, status: int) -> None:
    """HTTP 401/403 mean "key not accepted" as well: renewed once; never a reauth loop."""
    fake = FakeStation(status)
    runner, port = await serve(fake.app())
    try:
        settings = ConnectionSettings(host="127.0.0.1", port=port, username=USERNAME, password="p")
        client = AstrosV2Client(session, settings)
        state = await client.async_fetch([Section.POWER])
        assert state.power is not None and state.power.timeout == 5
        fake.valid = "revoked"
        state = await client.async_fetch([Section.POWER])
        assert fake.tokens == 2
        assert client.negotiated["expiry"] == f"http-{status}"
        fake.reject_all = True
        with pytest.raises(AstrosNegotiationError) as err:  # the login works, no key form does
            await client.async_fetch([Section.POWER])
        assert err.value.point == "key_header"
        assert fake.tokens == 3
    finally:
        await runner.cleanup()


async def test_secrets_absent_from_errors(client: AstrosClient, station: SimulatedStation) -> None:
    """No exception text carries the password or the key, even if the station echoes them."""
    await client.async_login()
    key = client._key  # type: ignore[attr-defined]
    texts: list[str] = []
    faults = [
        (FaultKind.ERROR_CODE, 1000),
        (FaultKind.HTTP_500, 0),
        (FaultKind.MALFORMED_JSON, 0),
        (FaultKind.ERROR_CODE, 1004),
    ]
    for kind, code in faults:
        station.faults.add(kind, count=1, error_code=code)
        with pytest.raises(AstrosError) as err:
            await client.async_set_remote_view(True)
        texts += [str(err.value), repr(err.value)]
    original = station.envelope

    def echoing(data: Any = "", code: int = 0, message: str = "OK") -> dict[str, Any]:
        return original(data, code, f"{message} {PASSWORD} {key}")

    station.envelope = echoing  # type: ignore[method-assign]
    station.faults.add(FaultKind.ERROR_CODE, count=1, error_code=1001)
    with pytest.raises(AstrosError) as err:
        await client.async_set_remote_view(True)
    texts += [str(err.value), repr(err.value), getattr(err.value, "station_message", "")]
    station.state.password = "Other1234"
    station.expire_tokens()
    with pytest.raises(AstrosAuthenticationError) as auth_err:
        await client.async_fetch()
    texts += [str(auth_err.value), repr(auth_err.value)]
    joined = "\n".join(texts)
    assert PASSWORD not in joined and key not in joined
