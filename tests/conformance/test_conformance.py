"""The real client against the vendor documents (issue 11).

The client (``custom_components.astros.api``) is run against a simulated station of
each generation: detection, login, every read and every public method. The
simulator records what each request carried (``station.received``); every request
is then checked against the table transcribed from the documents
(:mod:`tests.conformance.endpoints`), not against the simulator's own reading:

- its method and path are a documented endpoint;
- every required parameter is there, in the documented place (query, JSON body,
  multipart part, path);
- nothing else travels (no undocumented query parameter, body field or file part;
  no body where the section documents none). The API key travels in a header, which
  is not checked here (where it goes is a dialect).

Every failing request is listed with the document's section number, all at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
import datetime as dt
import inspect
from typing import Any

import aiohttp
import pytest

from custom_components.astros.api import (
    AstrosClient,
    AstrosUnsupportedError,
    ConnectionSettings,
    FirmwareUpdateState,
    Gatekeeper,
    Language,
    LoginCodeMode,
    NetworkingMode,
    OnScreenOption,
    PowerMode,
    Receiver,
    Resolution,
    WifiBand,
    WifiUpdate,
    async_connect,
)
from simulator import SimulatedStation, Simulator
from simulator.station import Received
from tests.simulator.conftest import png_bytes

from .endpoints import ENDPOINTS, JSON, MULTIPART, QUERY, Endpoint, find, path_params

USERNAME = "admin"
PASSWORD = "Astros2025"

Step = Callable[[AstrosClient], Awaitable[Any]]


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """The client does not need Home Assistant: no hass instance per test."""


@pytest.fixture(autouse=True)
def _loopback_sockets(socket_enabled: None) -> None:
    """Real sockets on 127.0.0.1 (Home Assistant's test plugin blocks them otherwise)."""


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


def violations(received: Received) -> list[str]:
    """What in one request the documents do not allow (empty: conforms)."""
    what = f"{received.method} {received.path}"
    endpoint = find(received.method, received.path)
    if endpoint is None:
        return [f"{what}: no such endpoint in the documents"]
    where = f"{what} (section {endpoint.api} {endpoint.section})"
    problems: list[str] = []
    query = endpoint.where(QUERY)
    json_fields = endpoint.where(JSON)
    parts = endpoint.where(MULTIPART)
    located = {
        QUERY: set(received.query),
        JSON: set(received.json_fields or ()),
        MULTIPART: set(received.form_fields),
    }
    for kind, documented in ((QUERY, query), (JSON, json_fields), (MULTIPART, parts)):
        for name in sorted(located[kind] - set(documented)):
            elsewhere = [p.where for p in endpoint.params if p.name == name]
            hint = f" (documented in the {elsewhere[0]})" if elsewhere else " (undocumented)"
            problems.append(f"{where}: {kind} parameter {name!r}{hint}")
        for name, param in sorted(documented.items()):
            if param.required and name not in located[kind]:
                problems.append(f"{where}: required {kind} parameter {name!r} missing")
    for name, values in sorted(received.query.items()):
        if len(values) > 1:
            problems.append(f"{where}: query parameter {name!r} repeated")
    if received.body == "json" and not json_fields and received.json_fields != ():
        problems.append(f"{where}: a JSON body where the section documents none")
    if received.body == "multipart" and not parts:
        problems.append(f"{where}: a multipart body where the section documents none")
    if received.body == "other":
        problems.append(f"{where}: a body that is neither JSON nor multipart")
    if path_params(endpoint, received.path).get("id") == "":
        problems.append(f"{where}: path parameter id missing")
    return problems


def _steps(api: str, station: SimulatedStation) -> dict[str, list[Step]]:
    """Calls exercising every public method of the client (by name)."""
    state = station.state
    image = png_bytes(320, 180)

    async def firmware_update(client: AstrosClient) -> None:
        await client.async_start_firmware_update()
        for _ in range(500):
            progress = await client.async_firmware_progress()
            if progress.state in (FirmwareUpdateState.DOWNLOADED, FirmwareUpdateState.IDLE):
                break
            await asyncio.sleep(0.02)

    async def install(client: AstrosClient) -> None:
        await client.async_install_downloaded_firmware()

    async def configuration(client: AstrosClient) -> None:
        exported = await client.async_export_configuration()
        await client.async_import_configuration(exported)

    def prepare_firmware(client: AstrosClient) -> Awaitable[Any]:
        state.available_firmware = "3.0.0.0"
        return client.async_check_firmware()

    common: dict[str, list[Step]] = {
        "async_get_identity": [lambda c: c.async_get_identity()],
        "async_fetch": [lambda c: c.async_fetch()],
        "async_uses_factory_password": [lambda c: c.async_uses_factory_password()],
        "async_check_firmware": [prepare_firmware],
        "async_set_name": [lambda c: c.async_set_name("Conformance-1")],
        "async_set_language": [lambda c: c.async_set_language(Language.TRADITIONAL_CHINESE)],
        "async_set_login_code": [
            lambda c: c.async_set_login_code(LoginCodeMode.FIXED, "2468"),
            lambda c: c.async_set_login_code(LoginCodeMode.NONE),
            lambda c: c.async_set_login_code(LoginCodeMode.RANDOM),
        ],
        "async_set_remote_view": [lambda c: c.async_set_remote_view(False)],
        "async_upload_wallpaper": [lambda c: c.async_upload_wallpaper(3, image, "3-test.png")],
        "async_set_wallpaper": [
            lambda c: c.async_set_wallpaper(3),
            lambda c: c.async_set_wallpaper(0),
        ],
        "async_delete_wallpaper": [lambda c: c.async_delete_wallpaper(3)],
        "async_set_resolution": [lambda c: c.async_set_resolution(Resolution.HD_1280X720)],
        "async_set_vga": [lambda c: c.async_set_vga(True), lambda c: c.async_set_vga(False)],
        "async_set_power": [
            lambda c: c.async_set_power(PowerMode.SLEEP, 15),
            lambda c: c.async_set_power(PowerMode.SUSPEND, 60),
        ],
        "async_set_time_zone": [lambda c: c.async_set_time_zone("Europe/London")],
        "async_set_auto_time": [lambda c: c.async_set_auto_time(False)],
        "async_set_ntp_server": [lambda c: c.async_set_ntp_server("time.example.org")],
        "async_set_wifi": [
            lambda c: c.async_set_wifi(
                WifiUpdate(hide_ssid=True, band=WifiBand.GHZ_2_4, gatekeeper=Gatekeeper.BLOCK_ALL)
            ),
            lambda c: c.async_set_wifi(WifiUpdate(networking_mode=NetworkingMode.BRIDGE)),
            lambda c: c.async_set_wifi(WifiUpdate(band=WifiBand.GHZ_5, channel=44)),
        ],
        "async_export_configuration": [configuration],
        "async_import_configuration": [],  # with the export
        # firmware and reboot last: the station reboots
        "async_start_firmware_update": [firmware_update],
        "async_firmware_progress": [],  # with the start
        "async_install_downloaded_firmware": [install],
        "async_reboot": [],
        "async_login": [lambda c: c.async_login()],
        # one generation only: the other raises AstrosUnsupportedError (nothing sent)
        "async_set_display": [lambda c: c.async_set_display(False)],
        "async_set_receiver": [lambda c: c.async_set_receiver(Receiver.AIRPLAY, False)],
        "async_set_audio_from_hdmi": [lambda c: c.async_set_audio_from_hdmi(False)],
        "async_set_on_screen_option": [
            lambda c: c.async_set_on_screen_option(OnScreenOption.IP_ADDRESS, False)
        ],
        "async_set_image_slider_interval": [lambda c: c.async_set_image_slider_interval(30)],
        "async_set_time_24h": [lambda c: c.async_set_time_24h(False)],
        "async_set_daily_reboot": [lambda c: c.async_set_daily_reboot(True, dt.time(4, 30))],
        "async_set_auto_projection": [lambda c: c.async_set_auto_projection(True)],
        "async_set_ntp_port": [lambda c: c.async_set_ntp_port(1123)],
        "async_cancel_firmware_download": [lambda c: c.async_cancel_firmware_download()],
        "async_set_admin_password": [lambda c: c.async_set_admin_password("Conformance2026")],
    }
    if api == "v1":
        common["async_reboot"] = [lambda c: c.async_reboot(delay=5, reason="conformance")]
    else:
        common["async_reboot"] = [lambda c: c.async_reboot()]
    return common


async def _wait_back(station: SimulatedStation) -> None:
    for _ in range(1000):
        if station.online and not station.rebooting:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the station did not come back")


@pytest.mark.parametrize("api", ["v1", "v2"])
async def test_client_requests_follow_the_documents(
    session: aiohttp.ClientSession, api: str
) -> None:
    async with Simulator(
        api=api,
        username=USERNAME,
        password=PASSWORD,
        reboot_seconds=0.1,
        update_seconds=0.2,
        time_scale=0.001,
    ) as sim:
        station = sim.stations[0]
        settings = ConnectionSettings(
            host=station.host, port=station.port, username=USERNAME, password=PASSWORD
        )
        client = await async_connect(session, settings)  # detection and login
        assert client.api_version == api
        steps = _steps(api, station)
        public = {
            name
            for name, member in inspect.getmembers(type(client))
            if name.startswith("async_") and inspect.iscoroutinefunction(member)
        }
        assert public <= set(steps), f"methods not exercised: {sorted(public - set(steps))}"
        errors: list[str] = []
        for name, calls in steps.items():
            for call in calls:
                try:
                    await call(client)
                except AstrosUnsupportedError:
                    pass
                except Exception as err:  # every failure is listed below
                    errors.append(f"{name}: {type(err).__name__}: {err}")
                await _wait_back(station)
        # after the reboots the client still reads everything
        try:
            await client.async_fetch()
        except Exception as err:
            errors.append(f"async_fetch after reboot: {type(err).__name__}: {err}")

        problems = list(
            dict.fromkeys(p for received in station.received for p in violations(received))
        )
        used = {
            (e.method, e.path)
            for e in (find(r.method, r.path) for r in station.received)
            if e is not None
        }
        unused = sorted(
            f"{e.section} {e.method} {e.path}"
            for e in ENDPOINTS
            if e.api == api and (e.method, e.path) not in used
        )
        print(f"documented {api} endpoints the client never called:", *unused, sep="\n  ")
        # the writes that matter most were really sent (15.2: isManual in the query)
        firmware = "/api/v1/device/admin/firmware" if api == "v1" else "/api/v2/station/firmware"
        assert ("POST", firmware) in used, errors
        assert not problems and not errors, "\n".join(
            [
                "requests that do not follow the documents:",
                *problems,
                "client calls that failed:",
                *errors,
            ]
        )


# ---------------------------------------------------------------- the checker itself


def _received(
    method: str,
    path: str,
    query: dict[str, list[str]] | None = None,
    *,
    body: str = "none",
    json_fields: tuple[str, ...] | None = None,
    form_fields: tuple[str, ...] = (),
) -> Received:
    return Received(
        method, path, query or {}, {}, body=body, json_fields=json_fields, form_fields=form_fields
    )


def test_checker_accepts_and_refuses() -> None:
    """The checker finds each kind of deviation (and accepts a conforming request)."""
    user = {"username": ["admin"]}
    assert violations(_received("GET", "/api/v1/device", user)) == []
    assert violations(_received("DELETE", "/api/v1/device/general/wallpaper/3", user)) == []
    ok_firmware = _received("POST", "/api/v2/station/firmware", {**user, "isManual": ["false"]})
    assert violations(ok_firmware) == []
    body_firmware = _received(
        "POST", "/api/v2/station/firmware", user, body="json", json_fields=("isManual",)
    )
    found = violations(body_firmware)
    assert any("json parameter 'isManual' (documented in the query)" in p for p in found)
    assert any("required query parameter 'isManual' missing" in p for p in found)
    assert any("15.2" in p for p in found)
    assert violations(_received("GET", "/api/v2/station/nothing")) == [
        "GET /api/v2/station/nothing: no such endpoint in the documents"
    ]
    assert violations(_received("GET", "/api/v1/device/time", {})) == [
        "GET /api/v1/device/time (section v1 7.5): required query parameter 'username' missing"
    ]
    extra = violations(_received("GET", "/api/v2/station/remote/apikey", user))
    assert extra == [
        "GET /api/v2/station/remote/apikey (section v2 13.3): query parameter 'username'"
        " (undocumented)"
    ]
    assert (
        violations(
            _received("POST", "/api/v2/station/system/reset", user, body="json", json_fields=())
        )
        == []
    )
    assert violations(
        _received("POST", "/api/v2/station/system/reset", user, body="json", json_fields=("a",))
    )
    assert violations(_received("POST", "/api/v2/station/system/reset", user, body="other"))
    assert violations(
        _received("PUT", "/api/v1/device/general/name", {**user, "value": ["a", "b"]})
    ) == ["PUT /api/v1/device/general/name (section v1 4.2): query parameter 'value' repeated"]
    upload = _received(
        "POST",
        "/api/v2/station/upload",
        {**user, "type": ["BG"], "name": ["3-a.png"]},
        body="multipart",
        form_fields=("file",),
    )
    assert violations(upload) == []
    wrong_part = _received(
        "PUT", "/api/v1/device/display/resolution", {**user, "value": ["2"]}, body="multipart"
    )
    assert violations(wrong_part) == [
        "PUT /api/v1/device/display/resolution (section v1 3.3): a multipart body where the"
        " section documents none"
    ]
    assert find("DELETE", "/api/v2/station/general/wallpaper/") is None
    assert find("DELETE", "/api/v2/station/general/wallpaper/3/x") is None


def test_table_is_consistent() -> None:
    """One row per (method, path); sections unique per generation; known places."""
    keys = [(e.method, e.path) for e in ENDPOINTS]
    assert len(keys) == len(set(keys))
    for api in ("v1", "v2"):
        sections = [e.section for e in ENDPOINTS if e.api == api]
        assert len(sections) == len(set(sections))
    for endpoint in ENDPOINTS:
        assert isinstance(endpoint, Endpoint)
        names = [p.name for p in endpoint.params]
        assert len(names) == len(set(names)), endpoint
        assert all(p.where in (QUERY, JSON, MULTIPART, "path") for p in endpoint.params)
        assert ("{id}" in endpoint.path) == ("id" in names), endpoint
