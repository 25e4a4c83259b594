"""Read-modify-write (issue 11, point 4): the real client against a station where a PUT
replaces the whole object (``put=replace``: omitted fields go back to FACTORY values).

Every setting starts away from its factory value; after each client write that the
documents define as a multi-field PUT, every setting the user did not touch must be
exactly as it was. A client sending only the changed field fails here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest

from custom_components.astros.api import (
    AstrosClient,
    ConnectionSettings,
    Gatekeeper,
    LoginCodeMode,
    PowerMode,
    Resolution,
    WifiBand,
    WifiUpdate,
    async_connect,
)
from simulator import SimulatedStation, Simulator
from simulator.state import StationState

PASSWORD = "Astros2025"
FACTORY = StationState()


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


def _snapshot(state: StationState) -> dict[str, Any]:
    wifi = state.wifi
    return {
        "wifi.mode": wifi.mode,
        "wifi.hide_ssid": wifi.hide_ssid,
        "wifi.security": wifi.security,
        "wifi.password": wifi.password,
        "wifi.band": wifi.band,
        "wifi.networking_mode": wifi.networking_mode,
        "wifi.gatekeeper": wifi.gatekeeper,
        "hdmi_resolution": state.hdmi_resolution,
        "vga_enabled": state.vga_enabled,
        "audio_from_hdmi": state.audio_from_hdmi,
        "ntp_server": state.ntp_server,
        "ntp_port": state.ntp_port,
        "auto_time": state.auto_time,
        "power_mode": state.power_mode,
        "power_timeout": state.power_timeout,
        "login_code_type": state.login_code_type,
        "login_code": state.login_code,
    }


def _away_from_factory(state: StationState) -> None:
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
    state.power_mode = 0
    state.power_timeout = 60
    state.login_code_type = 2
    state.login_code = "4321"
    snapshot = _snapshot(state)
    factory = _snapshot(FACTORY)
    same = [k for k in snapshot if snapshot[k] == factory[k] and k != "wifi.mode"]
    assert same in ([], ["power_mode"]), same


Write = Callable[[AstrosClient], Awaitable[Any]]

#: (write, the settings it is meant to change)
WRITES: dict[str, list[tuple[str, Write, set[str]]]] = {
    "v1": [
        (
            "wifi hide SSID",
            lambda c: c.async_set_wifi(WifiUpdate(hide_ssid=False)),
            {"wifi.hide_ssid"},
        ),
        ("wifi band", lambda c: c.async_set_wifi(WifiUpdate(band=WifiBand.GHZ_5)), {"wifi.band"}),
        (
            "wifi gatekeeper",
            lambda c: c.async_set_wifi(WifiUpdate(gatekeeper=Gatekeeper.ALLOW_ALL)),
            {"wifi.gatekeeper"},
        ),
        (
            "resolution",
            lambda c: c.async_set_resolution(Resolution.FHD_1920X1080),
            {"hdmi_resolution"},
        ),
        ("vga", lambda c: c.async_set_vga(False), {"vga_enabled"}),
        ("auto time", lambda c: c.async_set_auto_time(True), {"auto_time"}),
        ("ntp server", lambda c: c.async_set_ntp_server("time.example.net"), {"ntp_server"}),
        (
            "power",
            lambda c: c.async_set_power(PowerMode.SLEEP, 15),
            {"power_mode", "power_timeout"},
        ),
        (
            "login code",
            lambda c: c.async_set_login_code(LoginCodeMode.FIXED, "8642"),
            {"login_code_type", "login_code"},
        ),
    ],
    "v2": [
        (
            "resolution",
            lambda c: c.async_set_resolution(Resolution.FHD_1920X1080),
            {"hdmi_resolution"},
        ),
        ("vga", lambda c: c.async_set_vga(False), {"vga_enabled"}),
        ("audio from HDMI", lambda c: c.async_set_audio_from_hdmi(True), {"audio_from_hdmi"}),
    ],
}


async def _connect(session: aiohttp.ClientSession, station: SimulatedStation) -> AstrosClient:
    settings = ConnectionSettings(host=station.host, port=station.port, password=PASSWORD)
    return await async_connect(session, settings)


@pytest.mark.parametrize("api", ["v1", "v2"])
async def test_writes_keep_untouched_settings_under_put_replace(
    session: aiohttp.ClientSession, api: str
) -> None:
    async with Simulator(api=api, password=PASSWORD, dialect="put=replace") as sim:
        station = sim.stations[0]
        state = station.state
        client = await _connect(session, station)
        problems: list[str] = []
        for label, write, meant in WRITES[api]:
            _away_from_factory(state)
            await client.async_fetch()  # what the client knows before the user acts
            before = _snapshot(state)
            await write(client)
            after = _snapshot(state)
            changed = {k for k in before if before[k] != after[k]}
            if not changed & meant:
                problems.append(f"{label}: did not change {sorted(meant)}")
            if changed - meant:
                altered = {k: (before[k], after[k]) for k in sorted(changed - meant)}
                problems.append(f"{label}: also changed {altered}")
        assert not problems, "\n".join(problems)


async def test_the_station_really_replaces(session: aiohttp.ClientSession) -> None:
    """Guard: this station does reset what a PUT omits (else the test above proves nothing)."""
    async with Simulator(api="v1", password=PASSWORD, dialect="put=replace") as sim:
        station = sim.stations[0]
        _away_from_factory(station.state)
        async with session.put(
            f"{station.base_url}/api/v1/device/time/ntp",
            params={"username": "admin", "auto": "true"},
            headers={"X-API-Key": station.issue_token().value},
        ) as resp:
            assert (await resp.json())["errorCode"] == 0
        assert station.state.ntp_server == FACTORY.ntp_server
