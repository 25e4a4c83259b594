"""Issue 12 (client side) and the contract's availability rules: each test fails without its fix."""

from __future__ import annotations

import dataclasses
import json
import time
from typing import Any

import aiohttp
from aiohttp import web
import pytest

from custom_components.astros.api import (
    ApiVersion,
    AstrosAuthenticationError,
    AstrosCertificateError,
    AstrosClient,
    AstrosConnectionError,
    AstrosPermissionError,
    AstrosRedirectError,
    AstrosRequestError,
    AstrosResponseError,
    AstrosV1Client,
    AstrosV2Client,
    AstrosValidationError,
    ConnectionSettings,
    LoginCodeMode,
    Section,
    async_connect,
    async_create_client,
    async_detect,
    async_get_certificate_fingerprint,
    create_client,
    normalize_fingerprint,
)
from custom_components.astros.api.redact import REDACTED, redact_json, redact_text
from simulator import FaultKind, SimulatedStation, Simulator

from .conftest import PASSWORD, USERNAME, make_client, paths, serve, settings_of


def envelope(data: Any, code: int = 0) -> web.Response:
    """A documented answer."""
    return web.json_response(
        {"errorCode": code, "errorMsg": "OK", "data": data, "isSuccess": code == 0}
    )


# ---------------------------------------------------------------- redirects and sizes


async def test_redirect_is_not_followed(session: aiohttp.ClientSession) -> None:
    """A 307 to another host is an error naming it; the password never travels there."""
    received: list[str] = []

    async def login(request: web.Request) -> web.Response:
        received.append(await request.text())
        raise web.HTTPTemporaryRedirect("http://collector.example:8080/api/v2/station/login")

    async def model(_request: web.Request) -> web.Response:
        return envelope({"model": "X", "devName": "A"})

    app = web.Application()
    app.router.add_post("/api/v2/station/login", login)
    app.router.add_get("/api/v2/station/model", model)
    runner, port = await serve(app)
    try:
        settings = ConnectionSettings(host="127.0.0.1", port=port, password=PASSWORD)
        client = create_client(session, settings, ApiVersion.V2)
        with pytest.raises(AstrosRedirectError) as err:
            await client.async_login()
        assert err.value.target_host == "collector.example"
        assert "collector.example" in str(err.value)
        assert len(received) == 1  # sent once, to the station, never re-sent
    finally:
        await runner.cleanup()


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_oversized_answer_refused(session: aiohttp.ClientSession, chunked: bool) -> None:
    """An answer larger than 1 MiB is refused, announced or not."""
    body = json.dumps({"errorCode": 0, "data": "x" * (2 * 1024 * 1024)}).encode()

    async def model(request: web.Request) -> web.StreamResponse:
        if not chunked:
            return web.Response(body=body, content_type="application/json")
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        await response.prepare(request)
        for start in range(0, len(body), 65536):
            await response.write(body[start : start + 65536])
        return response

    app = web.Application()
    app.router.add_get("/api/v2/station/model", model)
    runner, port = await serve(app)
    try:
        client = create_client(session, ConnectionSettings(host="127.0.0.1", port=port), "v2")
        with pytest.raises(AstrosResponseError, match="more than"):
            await client.async_uses_factory_password()  # GET model, before any login
    finally:
        await runner.cleanup()


# ---------------------------------------------------------------- certificates


async def test_certificate_pinning() -> None:
    """Trust on first use: read the fingerprint, pin it; another certificate is refused."""
    async with (
        Simulator(api="v2", https=True, username=USERNAME, password=PASSWORD) as sim,
        aiohttp.ClientSession() as session,
    ):
        station = sim.stations[0]
        fingerprint = await async_get_certificate_fingerprint(station.host, station.port)
        assert len(fingerprint) == 64
        colons = ":".join(fingerprint[i : i + 2] for i in range(0, 64, 2)).upper()
        pinned = dataclasses.replace(
            settings_of(station), use_https=True, certificate_fingerprint=colons
        )
        assert pinned.certificate_fingerprint == fingerprint
        client = await async_connect(session, pinned)
        assert (await client.async_get_identity()).mac == station.state.eth_mac
        wrong = dataclasses.replace(pinned, certificate_fingerprint="00" * 32)
        with pytest.raises(AstrosCertificateError):
            await async_detect(session, wrong)


async def test_certificate_fingerprint_errors(
    session: aiohttp.ClientSession, station: SimulatedStation
) -> None:
    """No TLS at the address, nobody there, or a malformed fingerprint: clear errors."""
    with pytest.raises(AstrosConnectionError):  # plain HTTP: no handshake
        await async_get_certificate_fingerprint(station.host, station.port, seconds=2)
    await station.go_offline()
    with pytest.raises(AstrosConnectionError):
        await async_get_certificate_fingerprint(station.host, station.port, seconds=2)
    await station.go_online()
    for bad in ("abc", "zz" * 32, 42):
        with pytest.raises(AstrosValidationError):
            normalize_fingerprint(bad)  # type: ignore[arg-type]
        with pytest.raises(AstrosValidationError):
            ConnectionSettings(host="h", certificate_fingerprint=bad)  # type: ignore[arg-type]


# ---------------------------------------------------------------- secrets


def test_short_password_is_not_redacted_inside_words() -> None:
    """A short secret is replaced where it stands alone, never inside other words."""
    text = "user ab: wrong password ab; about abc"
    assert redact_text(text, ["ab"]) == "user ***: wrong password ***; about abc"
    assert "Secret123" not in redact_text("xSecret123y refused", ["Secret123"])
    assert redact_text("nothing here", ["", "Secret123"]) == "nothing here"
    answer = {"token": "k", "list": [{"password": "p", "x": "Secret123"}], "code": ""}
    assert redact_json(answer, ["Secret123"]) == {
        "token": REDACTED,
        "list": [{"password": REDACTED, "x": REDACTED}],
        "code": "",
    }


async def test_settings_repr_hides_password() -> None:
    """ConnectionSettings travels everywhere: its repr never shows the password."""
    settings = ConnectionSettings(host="h", password="Secret123")
    assert "Secret123" not in repr(settings)


async def test_raw_answers_redacted(client: AstrosClient, station: SimulatedStation) -> None:
    """Diagnostics get the last answer of every read, without a secret in it."""
    station.state.login_code_type, station.state.login_code = 2, "8642"
    await client.async_fetch()
    raw = client.raw_answers
    base = "/api/v1/device" if station.api == "v1" else "/api/v2/station"
    power = "power/mode" if station.api == "v1" else "power/setting"
    assert raw[f"GET {base}/{power}"]["data"]["timeout" if station.api == "v1" else "time"] == (
        station.state.power_timeout
    )
    text = json.dumps(raw)
    key = client._key  # type: ignore[attr-defined]
    for secret in (PASSWORD, key, station.state.wifi.password, "8642"):
        assert secret not in text
    assert REDACTED in text


async def test_refused_login_code_not_repeated(client: AstrosClient) -> None:
    """The invalid-value error does not repeat a refused login code."""
    with pytest.raises(AstrosValidationError) as err:
        await client.async_set_login_code(LoginCodeMode.FIXED, "12345")
    assert "12345" not in str(err.value)


# ---------------------------------------------------------------- refusals


async def test_permission_refusal_is_not_authentication(
    session: aiohttp.ClientSession, station: SimulatedStation
) -> None:
    """1004, or 403 from a station known to report expiry another way: that call is refused."""
    client = create_client(
        session, settings_of(station), station.api, negotiated={"expiry": "code-1002"}
    )
    await client.async_login()
    logins = len(station.requests)
    for code in (1004, 403):
        station.faults.add(FaultKind.ERROR_CODE, count=1, error_code=code)
        with pytest.raises(AstrosPermissionError) as err:
            await client.async_set_remote_view(False)
        assert not isinstance(err.value, AstrosAuthenticationError)
    assert len(station.requests) == logins + 2  # no login in between


@pytest.mark.parametrize("kind", [FaultKind.NOT_SUCCESS, FaultKind.DATA_FALSE])
async def test_envelope_refusals(
    client: AstrosClient, station: SimulatedStation, kind: FaultKind
) -> None:
    """isSuccess false, or a write answering false, with errorCode 0: refused, not done."""
    await client.async_login()
    station.faults.add(kind, count=1)
    with pytest.raises(AstrosRequestError):
        await client.async_set_remote_view(False)
    if kind is FaultKind.NOT_SUCCESS:
        path = "power/mode" if station.api == "v1" else "power/setting"
        station.faults.add(kind, count=1, path=path)
        state = await client.async_fetch()
        assert state.failed_sections == {Section.POWER}


class ViewOnlyStation:
    """A v1 station issuing view-only keys whose clock is two hours behind (not simulated)."""

    def __init__(self) -> None:
        self.logins = 0
        self.offset = -7200.0

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_put("/api/v1/device/admin/apikey", self.apikey)
        app.router.add_get("/api/v1/device/time", self.clock)
        app.router.add_get("/api/v1/device/power/mode", self.power)
        app.router.add_put("/api/v1/device/general/remoteview", self.write)
        return app

    async def apikey(self, _request: web.Request) -> web.Response:
        self.logins += 1
        expires = int(time.time() + self.offset + 3600)
        return envelope(
            {"token": f"key{self.logins:013d}", "expiredTime": expires, "scope": "view_only"}
        )

    async def clock(self, _request: web.Request) -> web.Response:
        now = time.time() + self.offset
        return envelope(time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(now)))

    async def power(self, _request: web.Request) -> web.Response:
        return envelope({"mode": 0, "timeout": 5})

    async def write(self, _request: web.Request) -> web.Response:
        return envelope("", 1004)


async def test_view_only_key_and_station_clock(session: aiohttp.ClientSession) -> None:
    """A view-only key is exposed and its writes are refusals; its lifetime is the station's.

    The station's clock is two hours behind: compared with ours, its key
    would look expired at once and be renewed at every call.
    """
    fake = ViewOnlyStation()
    runner, port = await serve(fake.app())
    try:
        settings = ConnectionSettings(host="127.0.0.1", port=port, password="p")
        client = AstrosV1Client(session, settings)
        for _ in range(3):
            await client.async_fetch([Section.POWER])
        assert fake.logins == 1
        assert client.read_only is True
        with pytest.raises(AstrosPermissionError):
            await client.async_set_remote_view(True)
        assert fake.logins == 1
    finally:
        await runner.cleanup()


# ---------------------------------------------------------------- availability


async def test_failed_section_keeps_the_rest(
    client: AstrosClient, station: SimulatedStation
) -> None:
    """One failing read makes only its section failed; its earlier data stays."""
    first = await client.async_fetch()
    path = "power/mode" if station.api == "v1" else "power/setting"
    station.faults.add(FaultKind.HTTP_500, count=1, path=path)
    second = await client.async_fetch(previous=first)
    assert second.failed_sections == {Section.POWER}
    assert second.power == first.power and second.time is not None
    third = await client.async_fetch([Section.POWER], second)
    assert third.failed_sections == frozenset()


async def test_core_or_everything_failing_raises(
    client: AstrosClient, station: SimulatedStation
) -> None:
    """The station is unavailable when its core read fails or nothing answers."""
    await client.async_fetch()
    if station.api == "v2":  # (a v1 fault on the root would hit every path below it)
        station.faults.add(FaultKind.ERROR_CODE, count=1, path="general", error_code=1200)
        with pytest.raises(AstrosRequestError):
            await client.async_fetch()
    await station.go_offline()
    with pytest.raises(AstrosConnectionError):
        await client.async_fetch()
    await station.go_online()


async def test_unsupported_endpoint_asked_rarely(session: aiohttp.ClientSession) -> None:
    """An endpoint answered as unknown hides its section and is not asked at every fetch."""
    async with Simulator(
        api="v2", username=USERNAME, password=PASSWORD, dialect="missing=conference/appBYOM"
    ) as sim:
        station = sim.stations[0]
        client = await make_client(session, station)
        state = await client.async_fetch()
        assert state.unsupported_sections == {Section.APP_BYOM} and state.app_byom is None
        station.requests.clear()
        state = await client.async_fetch(previous=state)
        assert "conference/appBYOM" not in paths(station)
        assert state.unsupported_sections == {Section.APP_BYOM}
        # A firmware change asks again.
        station.dialect = station.dialect.with_(missing=frozenset())
        station.state.firmware_version = "2.9.0.0"
        await client.async_fetch([Section.FIRMWARE], state)
        state = await client.async_fetch(previous=state)
        assert state.unsupported_sections == frozenset() and state.app_byom is not None
        client.forget_unsupported()  # also on demand


async def test_stored_generation_trusted_then_detected_again(
    session: aiohttp.ClientSession, station: SimulatedStation
) -> None:
    """A stored generation is used as is; if the station moved, it is detected again."""
    other = "v1" if station.api == "v2" else "v2"
    client = await async_connect(
        session, settings_of(station), api_version=other, negotiated={"key_header": "bearer"}
    )
    assert client.api_version is ApiVersion(station.api)
    assert client.negotiated["key_header"] == "x-api-key"
    station.requests.clear()
    same = await async_connect(session, settings_of(station), api_version=station.api)
    assert same.api_version is ApiVersion(station.api)
    assert not any(p == "model" for p in paths(station))  # not detected again


async def test_detection_answers_reused(
    session: aiohttp.ClientSession, station: SimulatedStation
) -> None:
    """What detection read identifies the station before login and is not asked again."""
    detection = await async_detect(session, settings_of(station))
    assert detection.model == station.state.model
    client = await async_create_client(session, settings_of(station))
    if station.api == "v2":
        assert detection.name == station.state.name
        assert detection.factory_password is False
        station.requests.clear()
        assert await client.async_uses_factory_password() is False
        assert paths(station) == []
    assert type(client) is (AstrosV1Client if station.api == "v1" else AstrosV2Client)


async def test_large_answer_decoded(session: aiohttp.ClientSession) -> None:
    """An answer under the cap but large (decoded off the event loop) is read as usual."""
    name = "n" * (200 * 1024)

    async def model(_request: web.Request) -> web.Response:
        return envelope({"model": "ASTROS S200", "devName": name})

    app = web.Application()
    app.router.add_get("/api/v2/station/model", model)
    runner, port = await serve(app)
    try:
        detection = await async_detect(session, ConnectionSettings(host="127.0.0.1", port=port))
        assert detection.name == name
    finally:
        await runner.cleanup()


async def test_configuration_upload_checked(
    client: AstrosClient, station: SimulatedStation
) -> None:
    """Nothing, too much, or (v2) something that is not JSON is refused before sending."""
    await client.async_login()
    station.requests.clear()
    for data in (b"", b"x" * (16 * 1024 * 1024 + 1), "text"):
        with pytest.raises(AstrosValidationError):
            await client.async_import_configuration(data)  # type: ignore[arg-type]
    if station.api == "v2":
        with pytest.raises(AstrosValidationError):
            await client.async_import_configuration(b"\x00not json")
    assert station.requests == []


@pytest.mark.parametrize(("api", "lacking"), [("v1", "time"), ("v2", "remote/apikey")])
async def test_login_without_the_probe_endpoint(
    session: aiohttp.ClientSession, api: str, lacking: str
) -> None:
    """A station lacking the first probe endpoint: the next one serves; the key still works."""
    async with Simulator(
        api=api, username=USERNAME, password=PASSWORD, dialect=f"key_header=bare,missing={lacking}"
    ) as sim:
        station = sim.stations[0]
        client = await make_client(session, station)
        state = await client.async_fetch([Section.POWER])
        assert state.power is not None and state.failed_sections == frozenset()
        assert client.negotiated["key_header"] == "bare"
