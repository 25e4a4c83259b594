"""Generation 1 behaviour over real HTTP."""

from __future__ import annotations

import base64
import json
import re
import time

import aiohttp
import pytest

from simulator import Simulator

from .conftest import (
    PASSWORD,
    USERNAME,
    Client,
    basic,
    fast,
    jpeg_bytes,
    jpeg_header,
    png_bytes,
    wait_for,
)


async def test_apikey_and_authentication(v1: Client, session: aiohttp.ClientSession) -> None:
    assert v1.key is not None
    assert re.fullmatch(r"[A-Za-z0-9]{16}", v1.key)
    body = await v1.raw("PUT", "admin/apikey", headers=basic(USERNAME, PASSWORD), key=False)
    data = body["data"]
    assert data["scope"] == "full"
    assert isinstance(data["expiredTime"], int)
    assert data["expiredTime"] > time.time()
    # the older key stays valid
    assert await v1.ok("GET", "general/name") == "ASTROS-1"
    await v1.error("PUT", "admin/apikey", 1003, headers=basic(USERNAME, "nope"), key=False)
    await v1.error("PUT", "admin/apikey", 1003, headers=basic("root", PASSWORD), key=False)
    await v1.error("PUT", "admin/apikey", 1002, key=False)
    await v1.error("PUT", "admin/apikey", 1003, key=False, headers={"Authorization": "Basic !!!"})
    await v1.error("GET", "general/name", 1002, key=False)
    await v1.error("GET", "general/name", 1002, key=False, headers={"X-API-Key": "A" * 16})
    await v1.error("GET", "general/name", 1001, username=False)
    await v1.error("GET", "general/name", 1003, params={"username": "root"})
    v1.station.expire_tokens()
    await v1.error("GET", "general/name", 1002)


async def test_token_lifetime(session: aiohttp.ClientSession) -> None:
    async with fast(api="v1", token_ttl=0.05) as sim:
        client = Client(session, sim.stations[0])
        await client.login()
        station = sim.stations[0]
        await wait_for(lambda: station.find_token(client.key) is None)
        await client.error("GET", "general/name", 1002)
    async with fast(api="v1", token_ttl=0) as sim:
        client = Client(session, sim.stations[0])
        body = await client.raw("PUT", "admin/apikey", headers=basic(USERNAME, PASSWORD), key=False)
        assert body["data"]["expiredTime"] == -1


async def test_password_change(v1: Client) -> None:
    await v1.error("PUT", "admin/password", 1001, params={"value": "bad pass!"})
    await v1.error("PUT", "admin/password", 1001)
    assert v1.station.state.password == PASSWORD
    await v1.ok("PUT", "admin/password", params={"value": "NewPass1"})
    assert v1.station.state.password == "NewPass1"
    await v1.error("PUT", "admin/apikey", 1003, headers=basic(USERNAME, PASSWORD), key=False)
    # Basic works for admin/password too
    await v1.ok(
        "PUT",
        "admin/password",
        params={"value": PASSWORD},
        key=False,
        headers=basic(USERNAME, "NewPass1"),
    )
    assert v1.station.state.password == PASSWORD
    # the key survived the password changes
    await v1.ok("GET", "general/name")


async def test_device_info(v1: Client) -> None:
    data = await v1.ok("GET", "")
    state = v1.station.state
    assert data == {
        "sn": state.serial,
        "model": state.model,
        "ethMacAddress": state.eth_mac,
        "name": "ASTROS-1",
        "fwVersion": state.firmware_version,
        "uptime": data["uptime"],
        "status": "standby",
    }
    assert isinstance(data["uptime"], int)
    assert re.fullmatch(r"([0-9a-f]{2}:){5}[0-9a-f]{2}", data["ethMacAddress"])
    state.status.add("sharing")
    state.status.add("custom")
    assert (await v1.ok("GET", ""))["status"] == "standby,sharing,custom"
    assert await v1.ok("GET", "network/ethernet/macaddress") == state.eth_mac
    assert await v1.ok("GET", "network/wifi/macaddress") == state.wifi_mac


async def test_display_and_resolution(v1: Client) -> None:
    state = v1.station.state
    await v1.ok("POST", "display", params={"value": "false"})
    assert state.display_on is False
    await v1.error("POST", "display", 1001, params={"value": "off"})
    await v1.error("POST", "display", 1001)
    assert state.display_on is False
    await v1.ok("POST", "display", params={"value": "TRUE"})
    assert state.display_on is True

    data = await v1.ok("GET", "display/resolution")
    assert data == {
        "hdmi": {"resolution": 0, "cec": True},
        "vga": {"resolution": -1, "enable": False},
    }
    body = await v1.raw("PUT", "display/resolution", params={"value": "1"})
    assert body["errorCode"] == 0
    assert body["rebootRequired"] is True
    await v1.error("PUT", "display/resolution", 1001, params={"value": "1", "enableVGA": "true"})
    await v1.error("PUT", "display/resolution", 1001, params={"value": "6"})
    await v1.error("PUT", "display/resolution", 1001, params={"value": "x"})
    assert state.hdmi_resolution == 1
    assert state.vga_enabled is False
    await v1.ok("PUT", "display/resolution", params={"value": "3", "enableVGA": "true"})
    data = await v1.ok("GET", "display/resolution")
    assert data["vga"] == {"resolution": 3, "enable": True}
    # VGA stays on: 5 is refused without enableVGA too
    await v1.error("PUT", "display/resolution", 1001, params={"value": "5"})


async def test_general_settings(v1: Client) -> None:
    state = v1.station.state
    await v1.ok("PUT", "general/name", params={"value": "Room-42"})
    assert await v1.ok("GET", "general/name") == "Room-42"
    assert state.wifi.ssid == "Room-42"
    for bad in ("", "with space", "x" * 17, "émile"):
        await v1.error("PUT", "general/name", 1001, params={"value": bad})
    assert state.name == "Room-42"

    await v1.ok("PUT", "general/language", params={"value": "2"})
    assert await v1.ok("GET", "general/language") == 2
    await v1.error("PUT", "general/language", 1001, params={"value": "3"})
    assert state.language == 2

    await v1.ok("PUT", "general/logincode", params={"type": "2", "code": "4321"})
    assert await v1.ok("GET", "general/logincode") == {"type": 2, "code": "4321"}
    await v1.error("PUT", "general/logincode", 1001, params={"type": "2"})
    await v1.error("PUT", "general/logincode", 1001, params={"type": "2", "code": "12a4"})
    await v1.error("PUT", "general/logincode", 1001, params={"type": "3"})
    await v1.ok("PUT", "general/logincode", params={"type": "1"})
    assert await v1.ok("GET", "general/logincode") == {"type": 1, "code": ""}
    await v1.ok("PUT", "general/logincode", params={"type": "0"})
    code = await v1.ok("GET", "general/logincode")
    assert code["type"] == 0
    assert re.fullmatch(r"\d{4}", code["code"])

    await v1.ok("PUT", "general/remoteview", params={"value": "false"})
    assert await v1.ok("GET", "general/remoteview") is False
    await v1.error("PUT", "general/remoteview", 1001, params={"value": "1"})
    assert state.remote_view is False


async def test_wallpapers(v1: Client) -> None:
    state = v1.station.state
    assert await v1.ok("GET", "general/wallpaper") == 0

    def form(content: bytes, name: str = "pic.png") -> aiohttp.FormData:
        data = aiohttp.FormData()
        data.add_field("wallpaperImage", content, filename=name, content_type="image/png")
        return data

    await v1.ok("PUT", "general/wallpaper/2", data=form(png_bytes(32, 18)))
    assert state.wallpapers[2][0] == "pic.png"
    await v1.ok("PUT", "general/wallpaper/3", data=form(jpeg_bytes(64, 40), "cat.jpg"))
    await v1.ok("PUT", "general/wallpaper/4", data=form(jpeg_header(3840, 2160), ""))
    assert set(state.wallpapers) == {0, 1, 2, 3, 4}
    # select
    await v1.ok("PUT", "general/wallpaper/2")
    assert await v1.ok("GET", "general/wallpaper") == 2
    # the active one can neither be replaced nor deleted
    await v1.error("PUT", "general/wallpaper/2", 1005, data=form(png_bytes(32, 18)))
    await v1.error("DELETE", "general/wallpaper/2", 1005)
    # invalid uploads change nothing
    before = dict(state.wallpapers)
    for content in (
        png_bytes(40, 40),  # ratio 1.0
        jpeg_header(4000, 2200),  # too wide
        jpeg_header(3940, 2600),  # too high
        b"GIF89a....",
        b"",
        b"\x89PNG\r\n\x1a\nshort",
        b"\xff\xd8\xff\xd9",
        png_bytes(0, 0)[:16] + b"\x00" * 8,
    ):
        await v1.error("PUT", "general/wallpaper/5", 1001, data=form(content))
    await v1.error("PUT", "general/wallpaper/1", 1001, data=form(png_bytes(32, 18)))
    assert state.wallpapers == before
    # selection / deletion errors
    await v1.error("PUT", "general/wallpaper/5", 1001)
    await v1.error("PUT", "general/wallpaper/6", 1001)
    await v1.error("PUT", "general/wallpaper/abc", 1001)
    await v1.error("DELETE", "general/wallpaper/1", 1001)
    await v1.error("DELETE", "general/wallpaper/5", 1001)
    await v1.ok("DELETE", "general/wallpaper/3")
    assert 3 not in state.wallpapers
    assert state.wallpaper == 2


async def test_ethernet(v1: Client) -> None:
    eth = v1.station.state.ethernet
    data = await v1.ok("GET", "network/ethernet")
    assert data["enableDHCP"] is True
    assert set(data["setting"]) == {"ip", "mask", "gateway", "dns1", "dns2"}
    params = {
        "enableDHCP": "false",
        "ip": "10.1.2.3",
        "mask": "255.255.0.0",
        "gateway": "10.1.0.1",
        "dns1": "1.1.1.1",
        "dns2": "",
    }
    body = await v1.raw("PUT", "network/ethernet", params=params)
    assert body["errorCode"] == 0
    data = await v1.ok("GET", "network/ethernet")
    assert data == {
        "enableDHCP": False,
        "setting": {
            "ip": "10.1.2.3",
            "mask": "255.255.0.0",
            "gateway": "10.1.0.1",
            "dns1": "1.1.1.1",
            "dns2": "",
        },
    }
    for bad in ({"mask": "255.0.255.0"}, {"ip": "10.1.2"}, {"gateway": "x"}, {"ip": ""}):
        await v1.error("PUT", "network/ethernet", 1001, params={**params, **bad, "dns1": "9.9.9.9"})
    await v1.error(
        "PUT", "network/ethernet", 1001, params={"enableDHCP": "false", "ip": "10.0.0.2"}
    )
    await v1.error("PUT", "network/ethernet", 1001, params={"ip": "10.0.0.2"})
    assert eth.dns1 == "1.1.1.1"
    await v1.ok("PUT", "network/ethernet", params={"enableDHCP": "true"})
    assert eth.dhcp is True
    assert eth.ip == "10.1.2.3"


async def test_wifi(v1: Client) -> None:
    wifi = v1.station.state.wifi
    data = await v1.ok("GET", "network/wifi")
    assert data["mode"] == "AP"
    assert set(data) == {
        "mode",
        "ssid",
        "hideSSID",
        "security",
        "password",
        "band",
        "networking_mode",
        "gatekeeper",
    }
    params = {
        "mode": "AP",
        "hideSSID": "true",
        "security": "1",
        "password": "Secret123",
        "band": "0",
        "networking_mode": "1",
        "gatekeeper": "2",
    }
    body = await v1.raw("PUT", "network/wifi", params=params)
    assert body["rebootRequired"] is True
    data = await v1.ok("GET", "network/wifi")
    assert data["hideSSID"] is True
    assert (data["band"], data["networking_mode"], data["gatekeeper"]) == (0, 1, 2)
    assert data["password"] == "Secret123"
    for bad in (
        {"mode": "STA"},
        {"password": "short"},
        {"password": "with space!"},
        {"band": "2"},
        {"gatekeeper": "3"},
        {"security": "2"},
        {"hideSSID": "maybe"},
    ):
        await v1.error(
            "PUT",
            "network/wifi",
            1001,
            params={**params, **bad, "gatekeeper": "0"}
            if "gatekeeper" not in bad
            else {**params, **bad},
        )
    assert wifi.gatekeeper == 2
    await v1.error("PUT", "network/wifi", 1001, params={"hideSSID": "true"})
    wifi.password = ""
    await v1.error("PUT", "network/wifi", 1001, params={"mode": "AP", "security": "1"})
    await v1.ok("PUT", "network/wifi", params={"mode": "OFF", "security": "0"})
    assert wifi.mode == "OFF"


async def test_power_mode(v1: Client) -> None:
    state = v1.station.state
    assert await v1.ok("GET", "power/mode") == {"mode": 0, "timeout": 30}
    await v1.ok("PUT", "power/mode", params={"mode": "0", "timeout": "-1"})
    assert await v1.ok("GET", "power/mode") == {"mode": 0, "timeout": -1}
    await v1.error("PUT", "power/mode", 1001, params={"mode": "0"})
    await v1.error("PUT", "power/mode", 1001, params={"mode": "0", "timeout": "7"})
    await v1.error("PUT", "power/mode", 1001, params={"mode": "2", "timeout": "5"})
    assert state.power_timeout == -1
    await v1.ok("PUT", "power/mode", params={"mode": "1", "timeout": "bogus"})
    assert (state.power_mode, state.power_timeout) == (1, -1)


async def test_time(v1: Client) -> None:
    state = v1.station.state
    assert await v1.ok("GET", "time/ntp") == {"auto": True, "ip": "pool.ntp.org", "port": 123}
    await v1.ok("PUT", "time/ntp", params={"ip": "10.0.0.1", "port": "1123", "auto": "false"})
    assert await v1.ok("GET", "time/ntp") == {"auto": False, "ip": "10.0.0.1", "port": 1123}
    await v1.error("PUT", "time/ntp", 1001, params={"ip": "bad host!", "port": "1"})
    await v1.error("PUT", "time/ntp", 1001, params={"port": "70000"})
    await v1.ok("PUT", "time/ntp", params={})
    assert state.ntp_port == 1123

    await v1.ok("PUT", "time/zone", params={"value": "Europe/Amsterdam"})
    assert await v1.ok("GET", "time/zone") == "Europe/Amsterdam"
    await v1.error("PUT", "time/zone", 1001, params={"value": "Mars/Olympus"})
    assert state.time_zone == "Europe/Amsterdam"

    await v1.ok("PUT", "time", params={"value": "2030-01-02T03:04:05"})
    now = await v1.ok("GET", "time")
    assert now.startswith("2030-01-02T03:0")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", now)
    for bad in ("2030-01-02 03:04:05", "1999-01-01T00:00:00", "2030-02-31T00:00:00"):
        await v1.error("PUT", "time", 1001, params={"value": bad})


async def test_unknown_path_and_method(v1: Client, session: aiohttp.ClientSession) -> None:
    body = await v1.raw("GET", "general/nothing", expect_status=404)
    assert body["errorCode"] == 404
    assert body["data"] == ""
    body = await v1.raw("DELETE", "general/name", expect_status=405)
    assert body["errorCode"] == 405
    body = await v1.raw("GET", "general/wallpaper/2", expect_status=405)
    assert body["errorCode"] == 405
    async with session.get(v1.station.base_url + "/api/v3/x") as resp:
        assert resp.status == 404
        assert (await resp.json())["errorCode"] == 404


async def test_reboot_cycle(v1: Client, session: aiohttp.ClientSession) -> None:
    station = v1.station
    await v1.ok("PUT", "display/resolution", params={"value": "2"})
    assert station.state.reboot_required is True
    station.state.boot_time -= 100
    port = station.port
    await v1.ok("POST", "power/reboot", params={"reason": "test"})
    await v1.error("POST", "power/reboot", 1005)
    await wait_for(lambda: not station.online)
    with pytest.raises(aiohttp.ClientConnectionError):
        await v1.raw("GET", "general/name")
    await wait_for(lambda: station.online and not station.rebooting)
    assert station.port == port
    body = await v1.raw("GET", "")  # the v1 key survived the reboot
    assert body["errorCode"] == 0
    assert body["rebootRequired"] is False
    assert body["data"]["uptime"] < 100
    assert station.state.reboot_count == 1
    assert station.state.last_reboot_reason == "test"
    await v1.error("POST", "power/reboot", 1001, params={"delay": "-1"})


async def test_delayed_reboot(session: aiohttp.ClientSession) -> None:
    async with fast(api="v1", time_scale=0.001) as sim:
        client = Client(session, sim.stations[0])
        await client.login()
        await client.ok("POST", "power/reboot", params={"delay": "1"})
        station = sim.stations[0]
        await wait_for(lambda: station.state.reboot_count == 1 and station.online)


async def test_ota_update(v1: Client) -> None:
    station = v1.station
    state = station.state
    assert await v1.ok("GET", "admin/firmware", params={"hasNew": "true"}) == {
        "current": state.firmware_version
    }
    await v1.error("POST", "admin/firmware", 1100)
    state.available_firmware = "1.3.0.0"
    data = await v1.ok("GET", "admin/firmware", params={"hasNew": "true"})
    assert data == {"current": "1.2.0.10", "new": "1.3.0.0"}
    assert "new" not in await v1.ok("GET", "admin/firmware")
    state.vendor_reachable = False
    await v1.error("GET", "admin/firmware", 1100, params={"hasNew": "true"})
    await v1.error("POST", "admin/firmware", 1100)
    state.vendor_reachable = True
    await v1.ok("POST", "admin/firmware")
    assert "updating" in (await v1.ok("GET", ""))["status"]
    await v1.error("POST", "admin/firmware", 1005)
    await wait_for(lambda: state.firmware_version == "1.3.0.0" and station.online)
    await wait_for(lambda: not station.rebooting)
    data = await v1.ok("GET", "admin/firmware", params={"hasNew": "true"})
    assert data == {"current": "1.3.0.0"}
    assert (await v1.ok("GET", ""))["status"] == "standby"


async def test_local_firmware(v1: Client) -> None:
    station = v1.station
    form = aiohttp.FormData()
    form.add_field("fileName", b"ASTROS-FW 1.4.0.2\n" + b"\x00" * 100, filename="fw.bin")
    await v1.ok("POST", "admin/firmware", data=form)
    await wait_for(lambda: station.state.firmware_version == "1.4.0.2" and station.online)
    await wait_for(lambda: not station.rebooting)
    form = aiohttp.FormData()
    form.add_field("fileName", b"", filename="fw.bin")
    await v1.error("POST", "admin/firmware", 1001, data=form)
    form = aiohttp.FormData()
    form.add_field("fileName", b"no version here", filename="fw.bin")
    await v1.ok("POST", "admin/firmware", data=form)
    await wait_for(lambda: station.state.reboot_count == 2 and station.online)
    assert station.state.firmware_version == "1.4.0.2"


async def test_sleep_timeout(session: aiohttp.ClientSession) -> None:
    async with fast(api="v1", time_scale=0.0005) as sim:
        client = Client(session, sim.stations[0])
        await client.login()
        state = sim.stations[0].state
        await client.ok("PUT", "power/mode", params={"mode": "0", "timeout": "5"})
        await wait_for(lambda: "sleeping" in state.status)
        assert (await client.ok("GET", ""))["status"] == "sleeping"
        await client.ok("POST", "display", params={"value": "true"})
        assert (await client.ok("GET", ""))["status"] == "standby"
        # sharing keeps it awake
        state.status.add("sharing")
        await client.ok("PUT", "power/mode", params={"mode": "0", "timeout": "5"})
        await wait_for(lambda: sim.stations[0]._sleep_handle is not None)
        state.status.discard("sharing")
        await wait_for(lambda: "sleeping" in state.status)
        state.status.add("connected")
        await client.ok("POST", "display", params={"value": "true"})
        assert "standby" not in state.status
        await client.ok("PUT", "power/mode", params={"mode": "1"})
        assert sim.stations[0]._sleep_handle is None


async def test_configuration_export_import(v1: Client) -> None:
    state = v1.station.state
    encoded = await v1.ok("GET", "admin/configuration")
    doc = json.loads(base64.b64decode(encoded))
    assert doc["format"] == "astros-configuration"
    assert doc["settings"]["name"] == "ASTROS-1"
    assert "password" not in json.dumps(doc)
    doc["settings"]["name"] = "Imported"
    doc["settings"]["ethernet"]["dhcp"] = False
    doc["settings"]["wifi"]["mode"] = "OFF"

    def form(content: bytes) -> aiohttp.FormData:
        data = aiohttp.FormData()
        data.add_field("fileName", content, filename="station.config")
        return data

    body = await v1.raw("POST", "admin/configuration", data=form(json.dumps(doc).encode()))
    assert body["errorCode"] == 0
    assert body["rebootRequired"] is True
    assert state.name == "Imported"
    assert state.ethernet.dhcp is False
    assert state.wifi.mode == "OFF"
    # base64 is accepted too
    doc["settings"]["name"] = "Again"
    await v1.ok(
        "POST", "admin/configuration", data=form(base64.b64encode(json.dumps(doc).encode()))
    )
    assert state.name == "Again"
    bad_docs = [
        b"not a config",
        b"{not json",
        json.dumps({"format": "other"}).encode(),
        json.dumps({"format": "astros-configuration", "settings": []}).encode(),
        json.dumps({"format": "astros-configuration", "settings": {"bogus": 1}}).encode(),
        json.dumps({"format": "astros-configuration", "settings": {"name": "x y"}}).encode(),
        json.dumps(
            {
                "format": "astros-configuration",
                "settings": {"name": "Fine", "ethernet": {"ip": "1.2.3"}},
            }
        ).encode(),
        json.dumps(
            {"format": "astros-configuration", "settings": {"name": "Fine", "wifi": {"mode": "X"}}}
        ).encode(),
        json.dumps(
            {"format": "astros-configuration", "settings": {"name": "Fine", "wifi": []}}
        ).encode(),
        json.dumps({"format": "astros-configuration", "settings": {"wallpaper": 4}}).encode(),
    ]
    for content in bad_docs:
        await v1.error("POST", "admin/configuration", 1001, data=form(content))
    assert state.name == "Again"
    await v1.error("POST", "admin/configuration", 1001)


async def test_https(session: aiohttp.ClientSession) -> None:
    import ssl

    async with Simulator(api="v1", https=True) as sim:
        station = sim.stations[0]
        assert station.base_url.startswith("https://127.0.0.1:")
        assert sim.certificate_pem is not None
        context = ssl.create_default_context(cadata=sim.certificate_pem.decode())
        client = Client(session, station)
        body = await client.raw(
            "PUT",
            "admin/apikey",
            headers=basic(USERNAME, PASSWORD),
            key=False,
            ssl=context,
        )
        assert body["errorCode"] == 0
