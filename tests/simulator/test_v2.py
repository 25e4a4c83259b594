"""Generation 2 behaviour over real HTTP."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import aiohttp

from .conftest import PASSWORD, USERNAME, Client, fast, jpeg_bytes, png_bytes, wait_for


async def test_before_login(sim_v2: Any, session: aiohttp.ClientSession) -> None:
    client = Client(session, sim_v2.stations[0])
    assert await client.ok("GET", "quickJoin", username=False) == "ASTROS-QuickJoin.exe"
    data = await client.ok("GET", "model", username=False)
    assert data == {
        "devName": "ASTROS-1",
        "model": "ASTROS S200",
        "isAdminInit": False,
        "isModerationInit": False,
    }
    code = await client.ok("GET", "general/logincode")
    assert code["codeType"] == 0
    assert re.fullmatch(r"\d{4}", code["codeValue"])
    await client.error("GET", "general", 1002)
    await client.error("POST", "login", 1003, json={"account": USERNAME, "password": "x"})
    await client.error("POST", "login", 1003, json={"account": "root", "password": PASSWORD})
    await client.error("POST", "login", 1001, json={"account": USERNAME})
    await client.error("POST", "login", 1001, json={"account": USERNAME, "password": 5})
    await client.error("POST", "login", 1001, data=b"{not json")
    await client.error("POST", "login", 1001, json=[1, 2])
    token = await client.login()
    assert re.fullmatch(r"[A-Za-z0-9]{16}", token)
    await client.error("GET", "general", 1001, username=False)
    await client.error("GET", "general", 1003, params={"username": "root"})
    data = await client.ok("GET", "remote/apikey", username=False)
    assert data["token"] == token
    assert data["scope"] == "full"
    assert isinstance(data["expiredTime"], str)
    assert int(data["expiredTime"]) > 0
    renewed = await client.ok("PUT", "remote/apikey")
    assert renewed["token"] != token
    client.key = renewed["token"]
    await client.ok("GET", "general")


async def test_factory_password(session: aiohttp.ClientSession) -> None:
    async with fast(api="v2", password="admin") as sim:
        client = Client(session, sim.stations[0])
        data = await client.ok("GET", "model", username=False)
        assert data["isAdminInit"] is True
        assert data["isModerationInit"] is True


async def test_general(v2: Client) -> None:
    state = v2.station.state
    data = await v2.ok("GET", "general")
    assert set(data) == {
        "devName",
        "deviceNameShow",
        "codeType",
        "codeValue",
        "ipShow",
        "curWallpaper",
        "allowRemoteView",
        "curLanguage",
        "miracastPinEnabled",
        "imageSliderEnabled",
        "imageSliderinterval",
    }
    patch = {
        "devName": "Hall-7",
        "curLanguage": 1,
        "codeType": 2,
        "codeValue": "0042",
        "imageSliderEnabled": True,
        "imageSliderinterval": 60,
        "ipShow": False,
    }
    assert await v2.ok("PATCH", "general", json=patch) is True
    data = await v2.ok("GET", "general")
    assert {k: data[k] for k in patch} == patch
    assert state.wifi.ssid == "Hall-7"
    # atomicity: one bad field, nothing changes
    for bad in (
        {"curLanguage": 3},
        {"devName": "bad name"},
        {"codeValue": "12345"},
        {"ipShow": 1},
        {"imageSliderinterval": 2},
        {"curWallpaper": 4},
        {"unknown": True},
        {"curLanguage": "1"},
    ):
        await v2.error("PATCH", "general", 1001, json={"devName": "Changed", **bad})
    assert state.name == "Hall-7"
    await v2.error("PATCH", "general", 1001, data=b"[]")
    await v2.ok("PATCH", "general", json={})
    await v2.ok("PATCH", "general", json={"codeType": 1})
    assert (await v2.ok("GET", "general"))["codeValue"] == ""
    await v2.ok("PATCH", "general", json={"codeType": 0})
    assert state.login_code != "0042"


async def test_time(v2: Client) -> None:
    data = await v2.ok("GET", "time")
    assert data["GMT"] == "GMT+08:00"
    assert data["inDaylightTime"] is False
    assert isinstance(data["curTimeMillis"], int)
    patch = {
        "timeZone": "America/New_York",
        "isDailyReboot": True,
        "dailyRebootTime": "23:59",
        "showTime24": False,
        "isAutoTime": False,
        "ntpServer": "time.example.com",
        "timeout": 10,
        "curTimeMillis": 1893456000000,
    }
    await v2.ok("PATCH", "time", json=patch)
    data = await v2.ok("GET", "time")
    assert data["timeZone"] == "America/New_York"
    assert data["GMT"] in ("GMT-05:00", "GMT-04:00")
    assert data["dailyRebootTime"] == "23:59"
    assert abs(data["curTimeMillis"] - 1893456000000) < 60_000
    for bad in (
        {"dailyRebootTime": "24:00"},
        {"timeZone": "Europe/Nowhere"},
        {"timeout": 0},
        {"curTimeMillis": -5},
        {"isDailyReboot": "yes"},
    ):
        await v2.error("PATCH", "time", 1001, json={"showTime24": True, **bad})
    assert v2.station.state.show_time_24h is False


async def test_ethernet(v2: Client) -> None:
    data = await v2.ok("GET", "ethernet")
    assert data["mac"] == v2.station.state.eth_mac
    assert data["connected"] is True
    body = await v2.raw(
        "PATCH",
        "ethernet",
        json={"enableDHCP": False, "ip": "172.16.0.9", "mask": "255.255.255.0", "dns2": ""},
    )
    assert body["rebootRequired"] is True
    data = await v2.ok("GET", "ethernet")
    assert data["enableDHCP"] is False
    assert data["setting"]["ip"] == "172.16.0.9"
    await v2.error("PATCH", "ethernet", 1001, json={"ip": "172.16.0.300", "enableDHCP": True})
    await v2.error("PATCH", "ethernet", 1001, json={"mask": "255.255.255.1"})
    assert v2.station.state.ethernet.dhcp is False
    await v2.ok("PATCH", "ethernet", json={})


async def test_resolution(v2: Client) -> None:
    data = await v2.ok("GET", "resolution")
    assert data == {
        "hdmi": {"cec": True, "resolution": 0},
        "vga": {"resolution": -1},
        "vgaEnable": False,
        "output": "Auto",
        "isAudioFromHDMI": True,
    }
    listing = await v2.ok("GET", "resolution/list")
    assert listing[2] == {"id": 2, "name": "1920x1080"}
    await v2.ok("PUT", "resolution", json={"enableVGA": True, "resolution": 2})
    data = await v2.ok("GET", "resolution")
    assert data["vga"] == {"resolution": 2}
    assert data["output"] == "1920x1080"
    await v2.error("PUT", "resolution", 1001, json={"resolution": 1})
    await v2.error("PUT", "resolution", 1001, json={"resolution": 9, "enableVGA": False})
    await v2.ok("PUT", "resolution", json={"isAudioFromHDMI": False})
    state = v2.station.state
    assert (state.hdmi_resolution, state.audio_from_hdmi) == (2, False)


async def test_service_and_power(v2: Client) -> None:
    await v2.ok("PATCH", "service", json={"allowAirPlay": False})
    assert await v2.ok("GET", "service") == {
        "allowMiracast": True,
        "allowGoogleCast": True,
        "allowAirPlay": False,
    }
    await v2.error("PATCH", "service", 1001, json={"allowMiracast": "false"})
    await v2.ok("PATCH", "power/setting", json={"mode": 0, "time": 1})
    assert await v2.ok("GET", "power/setting") == {"mode": 0, "time": 1}
    await v2.error("PATCH", "power/setting", 1001, json={"mode": 2})
    await v2.error("PATCH", "power/setting", 1001, json={"time": 7})


async def test_wifi_and_client_mode(v2: Client) -> None:
    state = v2.station.state
    data = await v2.ok("GET", "wifi")
    assert data["mode"] == 1
    assert data["mac"] == state.wifi_mac
    await v2.ok("PATCH", "wifi", json={"band": 1, "channel": 149, "password": "Abcdefgh1"})
    assert (await v2.ok("GET", "wifi"))["channel"] == 149
    await v2.error("PATCH", "wifi", 1001, json={"band": 0, "channel": 36})
    await v2.error("PATCH", "wifi", 1001, json={"channel": 40})
    await v2.error("PATCH", "wifi", 1001, json={"password": "short"})
    await v2.error("PATCH", "wifi", 1001, json={"mode": 3})
    await v2.ok("PATCH", "wifi", json={"band": 0})
    state.wifi.password = ""
    await v2.error("PATCH", "wifi", 1001, json={"security": 1})
    await v2.ok("PATCH", "wifi", json={})
    await v2.error("GET", "wifi/list", 1005)
    await v2.ok("PATCH", "wifi", json={"mode": 2, "security": 0})
    listing = await v2.ok("GET", "wifi/list")
    assert [ap["ssid"] for ap in listing] == ["Office-WiFi", "Guest", "Lab-5G"]
    assert all(ap["status"] == 0 for ap in listing)
    await v2.error("GET", "wifi/connection", 1005)
    await v2.error("PATCH", "wifi/connection", 1001, json={"ssid": "Office-WiFi"})
    await v2.error("PATCH", "wifi/connection", 1001, json={"ssid": "Nope", "password": "x"})
    await v2.error("PATCH", "wifi/connection", 1001, json={"password": "x"})
    await v2.error("PATCH", "wifi/connection", 1001, json={"ssid": "Guest", "bogus": 1})
    await v2.error("PATCH", "wifi/connection", 1001, json={"ssid": "Guest", "security": "ROT13"})
    await v2.ok("PATCH", "wifi/connection", json={"ssid": "Office-WiFi", "password": "pw12345678"})
    conn = await v2.ok("GET", "wifi/connection")
    assert conn["ssid"] == "Office-WiFi"
    assert conn["connected"] is True
    assert [ap["status"] for ap in await v2.ok("GET", "wifi/list")] == [1, 0, 0]
    await v2.ok(
        "POST",
        "wifi/connection",
        json={
            "ssid": "Hidden-1",
            "security": "EAP",
            "password": "pw",
            "eapMethod": "PEAP",
            "phase": "MSCHAPV2",
            "identity": "me",
            "isStaticIp": True,
            "reconnect": True,
            "ip": "10.9.9.9",
            "mask": "255.255.255.0",
            "gateway": "10.9.9.1",
            "dns1": "10.9.9.1",
        },
    )
    conn = await v2.ok("GET", "wifi/connection")
    assert (conn["ssid"], conn["ip"], conn["isHide"]) == ("Hidden-1", "10.9.9.9", True)
    await v2.error(
        "POST", "wifi/connection", 1001, json={"ssid": "X", "security": "EAP", "password": "pw"}
    )
    await v2.error("DELETE", "wifi/connection", 1001, params={"ssid": "Other"})
    await v2.ok("DELETE", "wifi/connection", params={"ssid": "Hidden-1"})
    assert state.wifi.connection is None
    await v2.ok("PATCH", "wifi", json={"mode": 1})
    assert state.wifi.mode == "AP"


async def test_pod_and_byom(v2: Client) -> None:
    patch = {
        "mode": 1,
        "ip": "10.0.0.5",
        "ssid": "Pod net",
        "security": 3,
        "password": "any thing!",
        "autoProjection": True,
    }
    await v2.ok("PATCH", "pod/pairing", json=patch)
    assert await v2.ok("GET", "pod/pairing") == patch
    await v2.error("PATCH", "pod/pairing", 1001, json={"security": 4})
    await v2.error("PATCH", "pod/pairing", 1001, json={"ip": "nope"})
    assert await v2.ok("GET", "conference/appBYOM", username=False) == {
        "expiredDate": "",
        "key": "",
        "status": 0,
    }
    await v2.error("PUT", "conference/appBYOM", 1001, json={"key": "a b", "type": "appBYOM"})
    await v2.error("PUT", "conference/appBYOM", 1001, json={"key": "A" * 70, "type": "appBYOM"})
    await v2.error("PUT", "conference/appBYOM", 1001, json={"key": "abc", "type": "other"})
    await v2.error("PUT", "conference/appBYOM", 1001, json={"type": "appBYOM"})
    await v2.error("PUT", "conference/appBYOM", 1001, json={"key": "abc", "more": 1})
    assert await v2.ok("PUT", "conference/appBYOM", json={"key": "Ab9+/=", "type": "appBYOM"})
    data = await v2.ok("GET", "conference/appBYOM")
    assert data == {"expiredDate": "2099-12-31", "key": "Ab9+/=", "status": 1}


async def test_passwords_and_ams(v2: Client) -> None:
    state = v2.station.state
    await v2.error("PUT", "admin/password", 1003, json={"old": "wrong", "new": "Abc123"})
    await v2.error("PUT", "admin/password", 1001, json={"old": PASSWORD, "new": "bad pw!"})
    await v2.error("PUT", "admin/password", 1001, json={"old": PASSWORD})
    assert state.password == PASSWORD
    assert await v2.ok("PUT", "admin/password", json={"old": PASSWORD, "new": "admin"}) is True
    assert (await v2.ok("GET", "model", username=False))["isAdminInit"] is True
    await v2.ok("PUT", "moderation/password", json={"old": PASSWORD, "new": "Mod123"})
    assert state.moderation_password == "Mod123"
    assert await v2.ok("GET", "remote/amsName") == ""
    await v2.ok("PUT", "remote/amsName", json={"amsName": "ams.example.com"})
    assert await v2.ok("GET", "remote/amsName") == "ams.example.com"
    await v2.error("PUT", "remote/amsName", 1001, json={"amsName": "bad name!"})
    await v2.error("PUT", "remote/amsName", 1001, json={"name": "x"})
    await v2.ok("PUT", "remote/amsName", json={"amsName": ""})


async def test_wallpapers(v2: Client) -> None:
    state = v2.station.state

    def form(content: bytes) -> aiohttp.FormData:
        data = aiohttp.FormData()
        data.add_field("file", content, filename="x", content_type="application/octet-stream")
        return data

    await v2.ok(
        "POST", "upload", params={"type": "BG", "name": "3-cat.jpg"}, data=form(jpeg_bytes(160, 90))
    )
    await v2.ok(
        "POST", "upload", params={"type": "BG", "name": "4-dog.png"}, data=form(png_bytes(160, 100))
    )
    listing = await v2.ok("GET", "general/wallpaper/list")
    assert listing[2] == {"id": 3, "name": "3-cat.jpg", "builtIn": False}
    await v2.ok("PATCH", "general", json={"curWallpaper": 3})
    await v2.error("DELETE", "general/wallpaper/3", 1005)
    await v2.error(
        "POST",
        "upload",
        1005,
        params={"type": "BG", "name": "3-new.jpg"},
        data=form(jpeg_bytes(160, 90)),
    )
    for name in ("cat.jpg", "1-cat.jpg", "6-cat.jpg", "3-cat.gif"):
        await v2.error(
            "POST",
            "upload",
            1001,
            params={"type": "BG", "name": name},
            data=form(jpeg_bytes(160, 90)),
        )
    await v2.error(
        "POST", "upload", 1001, params={"type": "BG", "name": "5-a.png"}, data=form(b"not an image")
    )
    await v2.error("POST", "upload", 1001, params={"type": "XX", "name": "a"}, data=form(b"x"))
    await v2.error("POST", "upload", 1001, params={"type": "BG", "name": "5-a.png"})
    await v2.error("POST", "upload", 1001, params={"type": "BG"}, data=form(b"x"))
    assert set(state.wallpapers) == {0, 1, 3, 4}
    await v2.ok("DELETE", "general/wallpaper/4")
    await v2.error("DELETE", "general/wallpaper/4", 1001)
    await v2.error("DELETE", "general/wallpaper/0", 1001)
    await v2.error("DELETE", "general/wallpaper/x", 1001)


async def test_ota_update(v2: Client) -> None:
    station = v2.station
    state = station.state
    assert await v2.ok("GET", "firmware", params={"hasNew": "true"}) == {"current": "2.1.0.5"}
    await v2.error("PUT", "firmware/download/start", 1100)
    await v2.error("POST", "firmware", 1005, params={"isManual": "false"})
    await v2.error("POST", "firmware", 1001, json={})
    await v2.error("POST", "firmware", 1001, params={"isManual": "no"})
    # section 15.2: a query parameter; in the body it is an unknown field
    await v2.error("POST", "firmware", 1001, json={"isManual": False})
    await v2.error("POST", "firmware", 1001, params={"isManual": "false"}, json={"isManual": False})
    state.available_firmware = "2.2.0.0"
    state.vendor_reachable = False
    await v2.error("GET", "firmware", 1100, params={"hasNew": "true"})
    await v2.error("PUT", "firmware/download/start", 1100)
    state.vendor_reachable = True
    assert await v2.ok("GET", "firmware", params={"hasNew": "true"}) == {
        "current": "2.1.0.5",
        "new": "2.2.0.0",
    }
    # start then stop
    first = await v2.ok("PUT", "firmware/download/start")
    assert first == {"process": "0", "status": 1}
    await v2.ok("PUT", "firmware/download/stop")
    assert await v2.ok("GET", "ota/check") is False
    assert state.ota_status == 0
    # full download
    await v2.ok("PUT", "firmware/download/start")
    await wait_for(lambda: state.ota_status == 2)
    progress = await v2.ok("PUT", "firmware/download/start")
    assert progress == {"process": "100", "status": 2}
    assert await v2.ok("GET", "ota/check") is True
    await v2.ok("PUT", "firmware/download/stop")  # a finished download is kept
    assert await v2.ok("GET", "ota/check") is True
    assert await v2.ok("POST", "firmware", params={"isManual": "false"}) is True
    await wait_for(lambda: not station.online)
    await wait_for(lambda: station.online and not station.rebooting)
    assert state.firmware_version == "2.2.0.0"
    await v2.error("GET", "firmware", 1002)  # v2 tokens do not survive a reboot
    await v2.login()
    assert await v2.ok("GET", "firmware", params={"hasNew": "true"}) == {"current": "2.2.0.0"}
    assert await v2.ok("GET", "ota/check") is False


async def test_manual_firmware(v2: Client) -> None:
    station = v2.station
    await v2.error("POST", "firmware", 1005, params={"isManual": "true"})
    form = aiohttp.FormData()
    form.add_field("file", b"2.9.1.0 firmware", filename="update.zip")
    await v2.ok("POST", "upload", params={"type": "OTA", "name": "update.zip"}, data=form)
    await v2.ok("POST", "firmware", params={"isManual": "true"})
    await v2.error("POST", "firmware", 1005, params={"isManual": "true"})
    await wait_for(lambda: station.state.firmware_version == "2.9.1.0" and station.online)


async def test_reboot_and_reset(v2: Client) -> None:
    station = v2.station
    state = station.state
    state.ethernet.dhcp = False
    await v2.error("POST", "reboot", 1001, json={"setDhcp": "yes"})
    await v2.error("POST", "reboot", 1001, json={"other": 1})
    assert await v2.ok("POST", "reboot", json={"setDhcp": True}) is True
    await v2.error("POST", "reboot", 1005)
    assert state.ethernet.dhcp is True
    await wait_for(lambda: state.reboot_count == 1 and station.online)
    await v2.login()
    await v2.ok("PATCH", "general", json={"devName": "Renamed", "curLanguage": 2})
    assert await v2.ok("POST", "system/reset") is True
    await v2.error("POST", "system/reset", 1005)
    await wait_for(lambda: state.reboot_count == 2 and station.online)
    assert (state.name, state.language, state.password) == ("ASTROS-1", 0, "admin")
    assert state.firmware_version == "2.1.0.5"
    assert state.wifi.ssid == "ASTROS-1"


async def test_logs_and_config(v2: Client) -> None:
    state = v2.station.state
    assert await v2.ok("GET", "system/log/switch") == {"switch": False}
    await v2.error("PUT", "system/log", 1005)
    await v2.error("PUT", "system/log/switch", 1001, json={})
    await v2.error("PUT", "system/log/switch", 1001, json={"switch": 1})
    await v2.ok("PUT", "system/log/switch", json={"switch": True})
    assert await v2.ok("GET", "system/log") == {"statusLog": 0, "filePath": ""}
    await v2.ok("PUT", "system/log")
    assert (await v2.ok("GET", "system/log"))["statusLog"] == 1
    await v2.ok("PUT", "system/log")
    await wait_for(lambda: state.log_status == 2)
    assert (await v2.ok("GET", "system/log"))["filePath"].endswith(".zip")

    data = await v2.ok("GET", "system/config")
    assert data["fileName"] == "AstrosProfile.json"
    doc = json.loads(base64.b64decode(data["content"]))
    doc["settings"]["name"] = "FromConfig"
    form = aiohttp.FormData()
    form.add_field("fileName", json.dumps(doc).encode(), filename="AstrosProfile.json")
    body = await v2.raw("PUT", "system/config", data=form)
    assert body["errorCode"] == 0
    assert body["rebootRequired"] is True
    assert state.name == "FromConfig"
    doc["settings"]["name"] = "ViaUpload"
    form = aiohttp.FormData()
    form.add_field("file", json.dumps(doc).encode(), filename="AstrosProfile.json")
    await v2.ok(
        "POST", "upload", params={"type": "CONFIG", "name": "AstrosProfile.json"}, data=form
    )
    assert state.name == "ViaUpload"
    form = aiohttp.FormData()
    form.add_field("fileName", b"garbage", filename="AstrosProfile.json")
    await v2.error("PUT", "system/config", 1001, data=form)
    await v2.error("PUT", "system/config", 1001)
    assert state.name == "ViaUpload"


async def test_unknown_and_wrong_method(v2: Client) -> None:
    assert (await v2.raw("GET", "nothing/here", expect_status=404))["errorCode"] == 404
    assert (await v2.raw("POST", "general", expect_status=405))["errorCode"] == 405
    assert (await v2.raw("GET", "", expect_status=404))["errorCode"] == 404
