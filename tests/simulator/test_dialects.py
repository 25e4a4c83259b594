"""Station dialects (issue 11): every axis over real HTTP, plus the envelope refusals."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import aiohttp
import pytest

from simulator import FaultKind, SimulatedStation, Simulator
from simulator.dialects import AXES, COMBINED_MISSING, Dialect
from simulator.state import EthernetState, StationState, WifiState

from .conftest import PASSWORD, USERNAME, Client, basic, fast, key_headers, wait_for

FACTORY = StationState()


# ---------------------------------------------------------------- the Dialect value


def test_parse_and_text_round_trip() -> None:
    assert Dialect.parse("") == Dialect() == Dialect.parse("default") == Dialect.parse(None)
    assert str(Dialect()) == "default"
    assert Dialect().is_default
    dialect = Dialect.parse(" key_header=Bearer , put=replace,missing=conference/appBYOM+/x/ ,")
    assert dialect.key_header == "bearer"
    assert dialect.put == "replace"
    assert dialect.missing == frozenset({"conference/appBYOM", "x"})
    assert not dialect.is_default
    assert str(dialect) == "key_header=bearer,put=replace,missing=conference/appBYOM+x"
    assert Dialect.parse(str(dialect)) == dialect
    assert Dialect.parse("list-shape=bare").list_shape == "bare"
    assert dialect.lacks("x")
    assert not dialect.lacks("conference")


def test_combined_and_alternatives() -> None:
    combined = Dialect.parse("COMBINED")
    assert combined == Dialect.combined()
    for name, values in AXES.items():
        assert getattr(combined, name) != values[0], name
        assert getattr(Dialect(), name) == values[0], name
    assert combined.missing == COMBINED_MISSING
    assert Dialect.parse(str(combined)) == combined
    rows = dict(Dialect.alternatives())
    assert len(rows) == sum(len(v) - 1 for v in AXES.values()) + 1
    for text, dialect in rows.items():
        assert Dialect.parse(text) == dialect
        assert not dialect.is_default
    assert combined.as_dict()["missing"] == sorted(COMBINED_MISSING)
    assert combined.with_(put="merge").put == "merge"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("put=sometimes", "put must be one of"),
        ("colour=red", "unknown dialect axis"),
        ("put", "must be axis=value"),
    ],
)
def test_parse_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Dialect.parse(text)


def test_missing_must_be_a_set() -> None:
    with pytest.raises(ValueError, match="set of endpoint paths"):
        Dialect(missing="conference/appBYOM")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="set of endpoint paths"):
        Dialect(missing=frozenset({1}))  # type: ignore[arg-type]


# ---------------------------------------------------------------- helpers


async def _station(api: str, dialect: str) -> Simulator:
    sim = fast(api=api, dialect=dialect)
    await sim.start()
    return sim


async def _raw(
    session: aiohttp.ClientSession,
    station: SimulatedStation,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    params: dict[str, str] | None = None,
    **kwargs: Any,
) -> tuple[int, dict[str, Any]]:
    prefix = "/api/v1/device" if station.api == "v1" else "/api/v2/station"
    query = {"username": USERNAME, **(params or {})}
    async with session.request(
        method,
        f"{station.base_url}{prefix}/{path}",
        params=query,
        headers=headers or {},
        **kwargs,
    ) as resp:
        return resp.status, await resp.json()


# ---------------------------------------------------------------- key_header / expiry

_FORMS = AXES["key_header"]


@pytest.mark.parametrize("api", ["v1", "v2"])
@pytest.mark.parametrize("form", _FORMS)
async def test_key_header_only_its_own_form(
    session: aiohttp.ClientSession, api: str, form: str
) -> None:
    async with fast(api=api, dialect=f"key_header={form}") as sim:
        station = sim.stations[0]
        client = Client(session, station)
        key = await client.login()
        path = "general/name" if api == "v1" else "general"
        for other in _FORMS:
            status, body = await _raw(
                session, station, "GET", path, headers=key_headers(other, key)
            )
            assert status == 200
            expected = 0 if other == form else 1002
            assert body["errorCode"] == expected, (form, other, body)
        # the scheme word is case-insensitive; a second word is not a key
        if form in ("bearer", "basic"):
            header = {"Authorization": f"{form.upper()} {key}"}
            _, body = await _raw(session, station, "GET", path, headers=header)
            assert body["errorCode"] == 0
            header = {"Authorization": f"{form} {key} extra"}
            _, body = await _raw(session, station, "GET", path, headers=header)
            assert body["errorCode"] == 1002


async def test_v1_basic_key_form_and_password_change(session: aiohttp.ClientSession) -> None:
    """``PUT admin/password`` takes the key in the station's form or Basic credentials;
    ``PUT admin/apikey`` keeps Basic username:password in every form."""
    async with fast(api="v1", dialect="key_header=basic") as sim:
        station = sim.stations[0]
        client = Client(session, station)
        key = await client.login()
        assert await client.ok("PUT", "admin/password", params={"value": "Second2025"}) == ""
        assert station.state.password == "Second2025"
        status, body = await _raw(
            session,
            station,
            "PUT",
            "admin/password",
            params={"value": "Third2025"},
            headers=basic(USERNAME, "Second2025"),
        )
        assert (status, body["errorCode"]) == (200, 0)
        assert station.state.password == "Third2025"
        # neither a valid key nor valid credentials: wrong credentials
        _, body = await _raw(
            session,
            station,
            "PUT",
            "admin/password",
            params={"value": "Fourth2025"},
            headers={"Authorization": "Basic bm9wZTpub3Bl"},
        )
        assert body["errorCode"] == 1003
        assert station.state.password == "Third2025"
        assert station.find_token(key) is not None


async def test_v1_bearer_password_change_with_basic(session: aiohttp.ClientSession) -> None:
    async with fast(api="v1", dialect="key_header=bearer") as sim:
        station = sim.stations[0]
        status, body = await _raw(
            session,
            station,
            "PUT",
            "admin/password",
            params={"value": "Second2025"},
            headers=basic(USERNAME, PASSWORD),
        )
        assert (status, body["errorCode"]) == (200, 0)
        assert station.state.password == "Second2025"


@pytest.mark.parametrize("api", ["v1", "v2"])
@pytest.mark.parametrize(
    ("expiry", "status", "code"),
    [
        ("code-1002", 200, 1002),
        ("code-1003", 200, 1003),
        ("http-401", 401, 401),
        ("http-403", 403, 403),
    ],
)
async def test_expiry(
    session: aiohttp.ClientSession, api: str, expiry: str, status: int, code: int
) -> None:
    async with fast(api=api, dialect=f"expiry={expiry}") as sim:
        station = sim.stations[0]
        client = Client(session, station)
        await client.login()
        path = "general/name" if api == "v1" else "general"
        await client.ok("GET", path)
        station.expire_tokens()
        got_status, body = await _raw(
            session, station, "GET", path, headers={"X-API-Key": client.key or ""}
        )
        assert (got_status, body["errorCode"], body["isSuccess"]) == (status, code, False)
        got_status, body = await _raw(session, station, "GET", path)  # no key at all
        assert (got_status, body["errorCode"]) == (status, code)
        # a refused login is always 1003 on the login call
        if api == "v1":
            got_status, body = await _raw(
                session, station, "PUT", "admin/apikey", headers=basic(USERNAME, "bad")
            )
        else:
            got_status, body = await _raw(
                session, station, "POST", "login", json={"account": USERNAME, "password": "bad"}
            )
        assert (got_status, body["errorCode"]) == (200, 1003)


# ---------------------------------------------------------------- put=replace (v1)


def _set_non_factory(state: StationState) -> None:
    state.wifi.hide_ssid = True
    state.wifi.security = 0
    state.wifi.password = "Other2025pass"
    state.wifi.band = 0
    state.wifi.networking_mode = 1
    state.wifi.gatekeeper = 2
    state.vga_enabled = True
    state.hdmi_resolution = state.vga_resolution = 3
    state.audio_from_hdmi = False
    state.ntp_server = "ntp.example.org"
    state.ntp_port = 1123
    state.auto_time = False
    state.power_timeout = 60
    state.login_code_type = 2
    state.login_code = "4321"
    state.ethernet.dhcp = False
    state.ethernet.ip = "10.1.2.3"
    state.ethernet.mask = "255.255.0.0"
    state.ethernet.gateway = "10.1.0.1"
    state.ethernet.dns1 = "10.1.0.2"
    state.ethernet.dns2 = "10.1.0.3"


@pytest.mark.parametrize("put", ["merge", "replace"])
async def test_v1_put_replace_resets_omitted_fields(
    session: aiohttp.ClientSession, put: str
) -> None:
    async with fast(api="v1", dialect=f"put={put}") as sim:
        station = sim.stations[0]
        state = station.state
        _set_non_factory(state)
        client = Client(session, station)
        await client.login()
        replace = put == "replace"

        await client.ok("PUT", "network/wifi", params={"mode": "AP", "hideSSID": "false"})
        wifi, factory_wifi = state.wifi, WifiState()
        assert wifi.hide_ssid is False
        for name, current in (
            ("security", 0),
            ("password", "Other2025pass"),
            ("band", 0),
            ("networking_mode", 1),
            ("gatekeeper", 2),
        ):
            expected = getattr(factory_wifi, name) if replace else current
            assert getattr(wifi, name) == expected, name

        await client.ok("PUT", "display/resolution", params={"value": "0" if replace else "2"})
        assert state.vga_enabled is (not replace)
        # with every field sent nothing is reset
        await client.ok("PUT", "display/resolution", params={"value": "4", "enableVGA": "true"})
        assert (state.hdmi_resolution, state.vga_enabled) == (4, True)

        await client.ok("PUT", "time/ntp", params={"auto": "false"})
        assert state.auto_time is False
        assert state.ntp_server == (FACTORY.ntp_server if replace else "ntp.example.org")
        assert state.ntp_port == (FACTORY.ntp_port if replace else 1123)
        await client.ok("PUT", "time/ntp", params={"ip": "ntp.example.net"})
        assert state.auto_time is (FACTORY.auto_time if replace else False)

        await client.ok("PUT", "power/mode", params={"mode": "1"})
        assert state.power_mode == 1
        assert state.power_timeout == (FACTORY.power_timeout if replace else 60)
        # with mode 1 a timeout sent is kept under replace, ignored under merge
        await client.ok("PUT", "power/mode", params={"mode": "1", "timeout": "15"})
        assert state.power_timeout == (15 if replace else 60)
        bad_timeout = {"mode": "1", "timeout": "7"}
        if replace:
            await client.error("PUT", "power/mode", 1001, params=bad_timeout)
        else:
            await client.ok("PUT", "power/mode", params=bad_timeout)

        await client.ok("PUT", "general/logincode", params={"type": "1"})
        assert (state.login_code_type, state.login_code != "4321") == (1, replace)

        params = {"enableDHCP": "false", "ip": "10.9.9.9", "mask": "255.0.0.0"}
        params["gateway"] = "10.0.0.1"
        await client.ok("PUT", "network/ethernet", params=params)
        eth = state.ethernet
        assert (eth.ip, eth.mask, eth.gateway) == ("10.9.9.9", "255.0.0.0", "10.0.0.1")
        factory_eth = EthernetState()
        assert eth.dns1 == (factory_eth.dns1 if replace else "10.1.0.2")
        assert eth.dns2 == (factory_eth.dns2 if replace else "10.1.0.3")


async def test_v1_put_replace_wifi_password_check(session: aiohttp.ClientSession) -> None:
    """Under replace WPA2 is checked against the factory password, not the current."""
    async with fast(api="v1", dialect="put=replace") as sim:
        station = sim.stations[0]
        station.state.wifi.password = "x"  # not a valid WPA2 password
        client = Client(session, station)
        await client.login()
        await client.ok("PUT", "network/wifi", params={"mode": "AP", "security": "1"})
        assert station.state.wifi.password == WifiState().password


# ---------------------------------------------------------------- put=replace (v2)


@pytest.mark.parametrize("put", ["merge", "replace"])
async def test_v2_put_resolution_replace(session: aiohttp.ClientSession, put: str) -> None:
    async with fast(api="v2", dialect=f"put={put}") as sim:
        station = sim.stations[0]
        state = station.state
        _set_non_factory(state)
        client = Client(session, station)
        await client.login()
        replace = put == "replace"
        await client.ok("PUT", "resolution", json={"isAudioFromHDMI": True})
        assert state.audio_from_hdmi is True
        assert state.vga_enabled is (FACTORY.vga_enabled if replace else True)
        assert state.hdmi_resolution == (FACTORY.hdmi_resolution if replace else 3)
        body = {"enableVGA": True, "resolution": 2, "isAudioFromHDMI": False}
        await client.ok("PUT", "resolution", json=body)
        assert (state.vga_enabled, state.hdmi_resolution, state.audio_from_hdmi) == (
            True,
            2,
            False,
        )
        # PATCH always merges
        await client.ok("PATCH", "power/setting", json={"time": 5})
        assert state.power_timeout == 5
        assert state.power_mode == 0


# ---------------------------------------------------------------- shapes (v2)


@pytest.mark.parametrize("shape", AXES["list_shape"])
async def test_list_shapes(session: aiohttp.ClientSession, shape: str) -> None:
    async with fast(api="v2", dialect=f"list_shape={shape}") as sim:
        station = sim.stations[0]
        station.state.wallpapers[3] = ("3-cat.jpg", b"x")
        client = Client(session, station)
        await client.login()
        wallpapers = await client.ok("GET", "general/wallpaper/list")
        resolutions = await client.ok("GET", "resolution/list")
    objects = [
        {"id": 0, "name": "default-1.jpg", "builtIn": True},
        {"id": 1, "name": "default-2.jpg", "builtIn": True},
        {"id": 3, "name": "3-cat.jpg", "builtIn": False},
    ]
    names = ["Auto", "3840x2160", "1920x1080", "1280x720", "1024x768", "1920x1200"]
    resolution_objects = [{"id": i, "name": n} for i, n in enumerate(names)]
    if shape == "objects":
        assert wallpapers == objects
        assert resolutions == resolution_objects
    elif shape == "bare":
        assert wallpapers == [0, 1, 3]
        assert resolutions == names
    else:
        assert wallpapers == {"total": 3, "list": objects}
        assert resolutions == {"total": 6, "list": resolution_objects}


@pytest.mark.parametrize(
    ("shape", "first", "last"),
    [("string", "0", "100"), ("int", 0, 100), ("percent", "0%", "100%")],
)
async def test_progress_and_ota_check_shapes(
    session: aiohttp.ClientSession, shape: str, first: Any, last: Any
) -> None:
    for check in AXES["ota_check_shape"]:
        async with fast(api="v2", dialect=f"progress_shape={shape},ota_check_shape={check}") as sim:
            station = sim.stations[0]
            state = station.state
            state.available_firmware = "2.2.0.0"
            client = Client(session, station)
            await client.login()
            idle = await client.ok("GET", "ota/check")
            assert idle == (False if check == "bool" else {"process": first, "status": 0})
            assert await client.ok("PUT", "firmware/download/start") == {
                "process": first,
                "status": 1,
            }
            await wait_for(lambda: state.ota_status == 2)  # noqa: B023
            done = await client.ok("GET", "ota/check")
            assert done == (True if check == "bool" else {"process": last, "status": 2})
            assert await client.ok("PUT", "firmware/download/start") == {
                "process": last,
                "status": 2,
            }


async def test_download_restart(session: aiohttp.ClientSession) -> None:
    for mode in AXES["download_restart"]:
        async with fast(api="v2", dialect=f"download_restart={mode}", update_seconds=0.5) as sim:
            station = sim.stations[0]
            state = station.state
            state.available_firmware = "2.2.0.0"
            client = Client(session, station)
            await client.login()
            await client.ok("PUT", "firmware/download/start")
            await wait_for(lambda: state.ota_progress >= 20)  # noqa: B023
            again = await client.ok("PUT", "firmware/download/start")
            if mode == "continue":  # (it may even have finished meanwhile on a busy host)
                assert int(again["process"]) >= 20
                assert again["status"] in (1, 2)
            else:
                assert again == {"process": "0", "status": 1}
            await wait_for(lambda: state.ota_status == 2)  # noqa: B023
            finished = await client.ok("PUT", "firmware/download/start")
            assert finished == (
                {"process": "100", "status": 2}
                if mode == "continue"
                else {"process": "0", "status": 1}
            )
            # a restarted download must finish again before it can be installed
            if mode == "restart":
                await client.error("POST", "firmware", 1005, params={"isManual": "false"})
                state.vendor_reachable = False
                await client.error("PUT", "firmware/download/start", 1100)
                state.vendor_reachable = True


@pytest.mark.parametrize("mode", AXES["config_export"])
async def test_config_export(session: aiohttp.ClientSession, mode: str) -> None:
    async with fast(api="v2", dialect=f"config_export={mode}") as sim:
        client = Client(session, sim.stations[0])
        await client.login()
        data = await client.ok("GET", "system/config")
    if mode == "name":
        assert data == "AstrosProfile.json"
    else:
        assert data["fileName"] == "AstrosProfile.json"
        document = json.loads(base64.b64decode(data["content"]))
        assert document["format"] == "astros-configuration"


async def test_power_mode_numbering(session: aiohttp.ClientSession) -> None:
    async with fast(api="v2", dialect="power_mode=1-2") as sim:
        station = sim.stations[0]
        client = Client(session, station)
        await client.login()
        assert await client.ok("GET", "power/setting") == {"mode": 1, "time": 30}
        await client.error("PATCH", "power/setting", 1001, json={"mode": 0})
        await client.ok("PATCH", "power/setting", json={"mode": 2})
        assert station.state.power_mode == 1  # internal: suspend
        assert (await client.ok("GET", "power/setting"))["mode"] == 2
        await client.ok("PATCH", "power/setting", json={"mode": 1})
        assert station.state.power_mode == 0
        station.dialect = Dialect()
        assert (await client.ok("GET", "power/setting"))["mode"] == 0
        await client.error("PATCH", "power/setting", 1001, json={"mode": 2})


# ---------------------------------------------------------------- missing endpoints


async def test_missing_endpoints(session: aiohttp.ClientSession) -> None:
    missing = "conference/appBYOM+general/wallpaper/{id}+general/remoteview"
    async with fast(api=["v1", "v2"], stations=2, dialect=f"missing={missing}") as sim:
        v1, v2 = (Client(session, st) for st in sim.stations)
        await v1.login()
        await v2.login()
        for client, method, path in (
            (v2, "GET", "conference/appBYOM"),
            (v2, "PUT", "conference/appBYOM"),
            (v2, "DELETE", "general/wallpaper/3"),
            (v1, "GET", "general/remoteview"),
            (v1, "PUT", "general/wallpaper/3"),
        ):
            body = await client.raw(method, path, expect_status=404)
            assert (body["errorCode"], body["isSuccess"]) == (404, False)
        assert await v2.ok("GET", "general/wallpaper/list")
        assert await v1.ok("GET", "general/name") == "ASTROS-1"


# ---------------------------------------------------------------- firmware isManual


async def test_firmware_manual_in_the_body(session: aiohttp.ClientSession) -> None:
    async with fast(api="v2", dialect="firmware_manual=body") as sim:
        station = sim.stations[0]
        client = Client(session, station)
        await client.login()
        await client.error("POST", "firmware", 1001, params={"isManual": "true"})
        await client.error(
            "POST", "firmware", 1001, params={"isManual": "true"}, json={"isManual": True}
        )
        await client.error("POST", "firmware", 1001, json={})
        await client.error("POST", "firmware", 1001, json={"isManual": True, "other": 1})
        await client.error("POST", "firmware", 1005, json={"isManual": True})
        station.state.uploaded_firmware = b"2.7.0.0"
        assert await client.ok("POST", "firmware", json={"isManual": True}) is True
        await wait_for(lambda: station.state.firmware_version == "2.7.0.0" and station.online)


# ---------------------------------------------------------------- switching at run time


async def test_station_dialect_can_change(session: aiohttp.ClientSession) -> None:
    async with Simulator(api="v2", dialect=Dialect(list_shape="bare")) as sim:
        station = sim.stations[0]
        client = Client(session, station)
        await client.login()
        assert await client.ok("GET", "resolution/list") == [
            "Auto",
            "3840x2160",
            "1920x1080",
            "1280x720",
            "1024x768",
            "1920x1200",
        ]
        station.dialect = Dialect.parse("key_header=bare")
        # the client helper follows the station's form; X-API-Key is no longer a key
        body = await client.raw("GET", "resolution/list", headers={"X-API-Key": client.key})
        assert body["errorCode"] == 0
        assert body["data"][0] == {"id": 0, "name": "Auto"}
        _, body = await _raw(
            session, station, "GET", "resolution/list", headers={"X-API-Key": client.key or ""}
        )
        assert body["errorCode"] == 1002


async def test_combined_station_sets_up(session: aiohttp.ClientSession) -> None:
    async with fast(api=["v1", "v2"], stations=2, dialect="combined") as sim:
        for station in sim.stations:
            assert station.dialect == Dialect.combined()
            client = Client(session, station)
            await client.login()
            if station.api == "v1":
                assert await client.ok("GET", "") is not None
                await client.raw("GET", "general/remoteview", expect_status=404)
            else:
                assert (await client.ok("GET", "power/setting"))["mode"] == 1
                status, body = await _raw(session, station, "GET", "general")
                assert (status, body["errorCode"]) == (401, 401)


# ---------------------------------------------------------------- envelope refusals


@pytest.mark.parametrize("api", ["v1", "v2"])
async def test_envelope_refusals(session: aiohttp.ClientSession, api: str) -> None:
    async with fast(api=api) as sim:
        station = sim.stations[0]
        client = Client(session, station)
        await client.login()
        name_path = "general/name" if api == "v1" else "general"

        async def rename(value: str) -> dict[str, Any]:
            if api == "v1":
                return await client.raw("PUT", "general/name", params={"value": value})
            return await client.raw("PATCH", "general", json={"devName": value})

        station.faults.add(FaultKind.NOT_SUCCESS, path=name_path)
        async with session.get(
            client.url(name_path),
            params={"username": USERNAME},
            headers=key_headers("x-api-key", client.key or ""),
        ) as resp:
            body = await resp.json()
        assert (resp.status, body["errorCode"], body["isSuccess"], body["data"]) == (
            200,
            0,
            False,
            "",
        )
        # DATA_FALSE ignores GETs, answers the next write with data false and skips it
        station.faults.add(FaultKind.DATA_FALSE, path=name_path)
        assert await client.ok("GET", name_path)
        body = await rename("Renamed")
        assert (body["errorCode"], body["isSuccess"], body["data"]) == (0, True, False)
        assert station.state.name == "ASTROS-1"
        station.faults.add("not_success", method="PUT" if api == "v1" else "PATCH")
        async with session.request(
            "PUT" if api == "v1" else "PATCH",
            client.url(name_path),
            params={"username": USERNAME, "value": "Renamed"},
            json=None if api == "v1" else {"devName": "Renamed"},
            headers=key_headers("x-api-key", client.key or ""),
        ) as resp:
            body = await resp.json()
        assert (body["errorCode"], body["isSuccess"]) == (0, False)
        assert station.state.name == "ASTROS-1"
        body = await rename("Renamed")
        assert body["data"] in ("", True)
        assert station.state.name == "Renamed"


# ---------------------------------------------------------------- what was received


async def test_received_requests_are_recorded(session: aiohttp.ClientSession) -> None:
    async with fast(api=["v1", "v2"], stations=2) as sim:
        v1, v2 = (Client(session, st) for st in sim.stations)
        await v1.login()
        await v2.login()
        await v2.ok("PATCH", "general", json={"devName": "Hall"})
        form = aiohttp.FormData()
        form.add_field("file", b"2.9.0.0", filename="u.zip")
        await v2.ok("POST", "upload", params={"type": "OTA", "name": "u.zip"}, data=form)
        # bodies the handler never reads are recorded too
        await v2.ok("GET", "general", json={"stray": 1})
        await v2.ok("GET", "general", data=b"not json", headers={"Content-Type": "text/plain"})
        await v2.ok("GET", "general", json=[1, 2])
        form = aiohttp.FormData()
        form.add_field("x", b"1", filename="x.bin")
        await v1.ok("GET", "general/name", params={"a": "1"}, data=form)
        await v1.raw("PUT", "general/name", params={"value": "A", "dup": "1"})

        login, patch, upload, stray, text, listed = sim.stations[1].received[:6]
        assert (login.method, login.body, login.json_fields) == (
            "POST",
            "json",
            ("account", "password"),
        )
        assert "username" not in login.query
        assert patch.query == {"username": ["admin"]}
        assert (patch.body, patch.json_fields) == ("json", ("devName",))
        assert "X-API-Key" in patch.headers
        assert upload.query["type"] == ["OTA"]
        assert (upload.body, upload.form_fields) == ("multipart", ("file",))
        assert upload.content_type == "multipart/form-data"
        assert (stray.body, stray.json_fields) == ("json", ("stray",))
        assert text.body == "other"
        assert (listed.body, listed.json_fields) == ("json", None)
        v1_received = sim.stations[0].received
        assert v1_received[0].body == "none"
        assert v1_received[0].path == "/api/v1/device/admin/apikey"
        assert (v1_received[1].body, v1_received[1].form_fields) == ("multipart", ("x",))
        assert v1_received[1].query == {"username": ["admin"], "a": ["1"]}
        assert v1_received[2].content_type == ""
        assert len(sim.stations[1].requests) == len(sim.stations[1].received)


async def test_many_stations_start_quickly() -> None:
    """200 stations with a dialect start and stop (no timing asserted)."""
    async with Simulator(api=["v1", "v2"], stations=200, dialect="combined") as sim:
        assert len({st.port for st in sim.stations}) == 200
        await asyncio.sleep(0)


async def test_received_is_bounded(
    session: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("simulator.station.RECEIVED_KEPT", 3)
    async with fast(api="v1") as sim:
        station = sim.stations[0]
        for value in range(8):
            await _raw(session, station, "GET", "general/name", params={"n": str(value)})
        assert 3 <= len(station.received) <= 6
        assert station.received[-1].query["n"] == ["7"]
        assert len(station.requests) == 8
