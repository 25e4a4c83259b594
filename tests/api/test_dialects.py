"""The dialect matrix (issue 11): every client operation against every reading of the open points.

Each row is one station speaking one alternative (``simulator.dialects``), plus
the default and one station combining every alternative. The assertions
compare with the simulator's own state, never with what the client guessed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import copy
import dataclasses
import datetime as dt
from typing import Any

import aiohttp
import pytest

from custom_components.astros.api import (
    ApiVersion,
    AstrosClient,
    AstrosEndpointUnsupportedError,
    AstrosNegotiationError,
    FirmwareUpdateState,
    Gatekeeper,
    Language,
    LoginCodeMode,
    OnScreenOption,
    PowerMode,
    Receiver,
    Resolution,
    Section,
    WifiBand,
    WifiUpdate,
    async_connect,
    create_client,
)
from simulator import SimulatedStation, Simulator
from simulator.dialects import Dialect

from .conftest import PASSWORD, USERNAME, paths, settings_of
from .images import make_png

#: The axes a v1 station can speak differently (the others concern v2 only).
V1_AXES = frozenset({"key_header", "expiry", "put", "missing"})
NEW_FIRMWARE = {"v1": "1.3.0.0", "v2": "2.2.0.0"}
#: Station attributes that move by themselves.
VOLATILE = frozenset(
    {"boot_time", "clock_offset", "reboot_required", "status", "ota_progress", "ota_status"}
)


def _rows() -> list[Any]:
    rows = []
    for api in ("v1", "v2"):
        rows.append(pytest.param(api, Dialect(), id=f"{api}-default"))
        for text, dialect in Dialect.alternatives():
            axis = text.split("=", 1)[0]
            if api == "v1" and axis not in V1_AXES:
                continue
            rows.append(pytest.param(api, dialect, id=f"{api}-{text}"))
        rows.append(pytest.param(api, Dialect.combined(), id=f"{api}-combined"))
    return rows


pytestmark = pytest.mark.parametrize(("api", "dialect"), _rows())


@pytest.fixture
async def dialect_station(api: str, dialect: Dialect) -> AsyncIterator[SimulatedStation]:
    """One station of ``api`` speaking ``dialect``, with tiny timings."""
    async with Simulator(
        api=api,
        username=USERNAME,
        password=PASSWORD,
        reboot_seconds=0.2,
        update_seconds=0.2,
        time_scale=0.001,
        dialect=dialect,
    ) as simulator:
        yield simulator.stations[0]


async def connect(session: aiohttp.ClientSession, station: SimulatedStation) -> AstrosClient:
    """Detect, log in (negotiating), as the integration's setup does."""
    return await async_connect(session, settings_of(station))


def missing(api: str, dialect: Dialect, path: str) -> bool:
    """Whether this station lacks ``path``."""
    return path in dialect.missing and (api == "v1") == (path == "general/remoteview")


def station_snapshot(station: SimulatedStation) -> dict[str, Any]:
    """The station's settings, without what moves by itself."""
    state = dataclasses.asdict(station.state)
    return {k: copy.deepcopy(v) for k, v in state.items() if k not in VOLATILE}


def changed(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    """Which settings differ (nested ones as ``wifi.band``)."""
    out: set[str] = set()
    for key, old in before.items():
        new = after[key]
        if isinstance(old, dict) and isinstance(new, dict) and set(old) == set(new):
            out |= {f"{key}.{k}" for k, v in old.items() if v != new[k]}
        elif old != new:
            out.add(key)
    return out


async def test_setup_and_fetch(
    session: aiohttp.ClientSession, dialect_station: SimulatedStation, api: str, dialect: Dialect
) -> None:
    """Setup detects, logs in and reads every section; every value is the station's own."""
    station = dialect_station
    sim = station.state
    client = await connect(session, station)
    assert client.api_version is ApiVersion(api)
    identity = await client.async_get_identity()
    assert identity.mac == sim.eth_mac
    state = await client.async_fetch()

    assert state.failed_sections == frozenset()
    lacks_byom = missing(api, dialect, "conference/appBYOM")
    assert state.unsupported_sections == ({Section.APP_BYOM} if lacks_byom else set())
    assert state.general is not None and state.power is not None and state.display is not None
    assert state.general.language == sim.language
    if missing(api, dialect, "general/remoteview"):
        assert state.general.remote_view is None
    else:
        assert state.general.remote_view is sim.remote_view
    if api == "v2" and _reported_power_mode(api, dialect, sim.power_mode) == 1:
        # A 1 before the numbering is settled is read as the document's prose says.
        assert state.power.mode is PowerMode.SUSPEND
    else:
        assert state.power.mode is PowerMode(sim.power_mode)
    assert state.power.timeout == sim.power_timeout
    assert state.display.hdmi_resolution == sim.hdmi_resolution
    assert state.time is not None and state.time.time_zone == sim.time_zone
    assert state.network is not None and state.network.wifi.band == sim.wifi.band
    if api == "v2":
        assert state.general.wallpapers == tuple(sorted(sim.wallpapers))
        assert state.display.supported_resolutions is not None
        assert Resolution.FHD_1920X1080 in state.display.supported_resolutions
        assert (state.app_byom is None) is lacks_byom
    assert client.negotiated["key_header"] == dialect.key_header
    # Nothing read twice during setup, apart from the key probes' refused tries and
    # v1's root (the detection's answer is a refusal without data).
    reads = [
        p
        for (method, _path), p in zip(station.requests, paths(station), strict=True)
        if method == "GET" and p not in ("", "remote/apikey", "time")
    ]
    assert len(reads) == len(set(reads))


def _reported_power_mode(api: str, dialect: Dialect, mode: int) -> int:
    """The number a station of this dialect reports for the simulator's ``mode``."""
    return mode + (1 if api == "v2" and dialect.power_mode == "1-2" else 0)


async def test_power_mode_read_never_writes(
    session: aiohttp.ClientSession, dialect_station: SimulatedStation, api: str, dialect: Dialect
) -> None:
    """Reading the power mode sends no write; only a reported 0 or 2 settles the numbering."""
    station = dialect_station
    for mode in (1, 0):
        station.state.power_mode = mode
        client = await connect(session, station)
        station.requests.clear()
        state = await client.async_fetch([Section.POWER])
        assert [m for m, _path in station.requests if m not in ("GET", "POST")] == []
        assert [p for p in paths(station) if p.startswith("power")] == [
            "power/mode" if api == "v1" else "power/setting"
        ]
        assert station.state.power_mode == mode
        assert state.power is not None
        if api == "v2" and _reported_power_mode(api, dialect, mode) == 1:
            # Unsettled: read as the document's prose says (1 = suspend).
            assert "power_mode" not in client.negotiated
            assert state.power.mode is PowerMode.SUSPEND
        else:
            assert state.power.mode is PowerMode(mode)
            if api == "v2":
                assert client.negotiated["power_mode"] == dialect.power_mode


@pytest.mark.parametrize("target", [PowerMode.SLEEP, PowerMode.SUSPEND])
async def test_power_mode_numbering_settled_by_first_write(
    session: aiohttp.ClientSession,
    dialect_station: SimulatedStation,
    api: str,
    dialect: Dialect,
    target: PowerMode,
) -> None:
    """The first power write sends the unambiguous number; one refusal means the other one."""
    if api != "v2":
        pytest.skip("v1 has one power mode numbering")
    station = dialect_station
    # A station that reports 1, which both numberings allow.
    station.state.power_mode = 0 if dialect.power_mode == "1-2" else 1
    client = await connect(session, station)
    await client.async_fetch([Section.POWER])
    assert "power_mode" not in client.negotiated
    station.requests.clear()
    await client.async_set_power(target, 15)
    assert station.state.power_mode == target.value
    assert station.state.power_timeout == 15
    assert client.negotiated["power_mode"] == dialect.power_mode
    guessed_right = (target is PowerMode.SLEEP) == (dialect.power_mode == "0-1")
    writes = [p for (m, _), p in zip(station.requests, paths(station), strict=True) if m != "GET"]
    assert writes.count("power/setting") == (1 if guessed_right else 2)
    state = await client.async_fetch([Section.POWER])
    assert state.power is not None and state.power.mode is target
    # The remembered numbering is used at once for the next write.
    station.requests.clear()
    other = PowerMode.SUSPEND if target is PowerMode.SLEEP else PowerMode.SLEEP
    await client.async_set_power(other, 15)
    assert station.state.power_mode == other.value
    writes = [p for (m, _), p in zip(station.requests, paths(station), strict=True) if m != "GET"]
    assert writes == ["power/setting"]


async def test_writes_touch_nothing_else(
    session: aiohttp.ClientSession, dialect_station: SimulatedStation, api: str, dialect: Dialect
) -> None:
    """Every write changes what it names and nothing else, even where PUT replaces."""
    station = dialect_station
    sim = station.state
    # Away from the factory values, so that a reset would show.
    sim.wifi.band, sim.wifi.gatekeeper, sim.wifi.networking_mode = 0, 2, 1
    sim.wifi.hide_ssid = False
    sim.hdmi_resolution, sim.vga_enabled, sim.vga_resolution = 3, True, 3
    sim.audio_from_hdmi = False
    sim.auto_time, sim.ntp_server, sim.ntp_port = False, "time.example.org", 1234
    sim.power_mode, sim.power_timeout = 1, 60
    sim.login_code_type, sim.login_code = 2, "4321"
    client = await connect(session, station)

    async def check(write: Any, expected: set[str]) -> None:
        before = station_snapshot(station)
        await write
        assert changed(before, station_snapshot(station)) == expected

    await check(client.async_set_wifi(WifiUpdate(hide_ssid=True)), {"wifi.hide_ssid"})
    await check(
        client.async_set_wifi(WifiUpdate(gatekeeper=Gatekeeper.INTERNET_ONLY)),
        {"wifi.gatekeeper"},
    )
    await check(client.async_set_wifi(WifiUpdate(band=WifiBand.GHZ_5)), {"wifi.band"})
    await check(
        client.async_set_resolution(Resolution.FHD_1920X1080),
        {"hdmi_resolution", "vga_resolution"},
    )
    await check(client.async_set_vga(False), {"vga_enabled", "vga_resolution"})
    await check(client.async_set_auto_time(True), {"auto_time"})
    await check(client.async_set_ntp_server("pool.ntp.org"), {"ntp_server"})
    await check(client.async_set_power(PowerMode.SLEEP, 15), {"power_mode", "power_timeout"})
    await check(client.async_set_power(PowerMode.SUSPEND, 15), {"power_mode"})
    await check(client.async_set_login_code(LoginCodeMode.NONE), {"login_code_type"})
    await check(client.async_set_name("Room-7"), {"name", "wifi.ssid"})  # the SSID follows
    if api == "v2":
        await check(client.async_set_audio_from_hdmi(True), {"audio_from_hdmi"})
        assert client.negotiated["power_mode"] == dialect.power_mode
    if missing(api, dialect, "general/remoteview"):
        with pytest.raises(AstrosEndpointUnsupportedError):
            await client.async_set_remote_view(False)
    else:
        await check(client.async_set_remote_view(False), {"remote_view"})
    # What the client reads back is what the station holds.
    state = await client.async_fetch()
    assert state.power is not None and state.power.mode is PowerMode.SUSPEND
    assert state.network is not None and state.network.wifi.band is WifiBand.GHZ_5


async def test_key_expiry(
    session: aiohttp.ClientSession, dialect_station: SimulatedStation, api: str, dialect: Dialect
) -> None:
    """An expired key, however the station says so, costs one login; the way is remembered."""
    station = dialect_station
    client = await connect(session, station)
    await client.async_fetch([Section.POWER])
    login = "admin/apikey" if api == "v1" else "login"
    before = paths(station).count(login)
    station.expire_tokens()
    state = await client.async_fetch([Section.POWER, Section.TIME])
    assert state.failed_sections == frozenset() and state.power is not None
    assert paths(station).count(login) == before + 1
    assert client.negotiated["expiry"] == dialect.expiry
    # A client starting from the stored readings does not probe again.
    stored = create_client(session, settings_of(station), api, negotiated=client.negotiated)
    station.requests.clear()
    await stored.async_login()
    assert len(paths(station)) == len(set(paths(station)))
    assert (await stored.async_fetch([Section.POWER])).power == state.power


async def test_firmware_update(
    session: aiohttp.ClientSession, dialect_station: SimulatedStation, api: str, dialect: Dialect
) -> None:
    """Start, follow, install (v2) and come back with the new version."""
    station = dialect_station
    new = NEW_FIRMWARE[api]
    station.state.available_firmware = new
    client = await connect(session, station)
    assert (await client.async_firmware_progress()).state is FirmwareUpdateState.IDLE
    await client.async_start_firmware_update()

    async def until(wanted: FirmwareUpdateState) -> list[Any]:
        seen = []
        for _ in range(300):
            progress = await client.async_firmware_progress()
            seen.append(progress)
            if progress.state is wanted:
                return seen
            await asyncio.sleep(0.02)
        raise AssertionError(f"{wanted} not reached: {seen[-5:]}")

    if api == "v2":
        seen = await until(FirmwareUpdateState.DOWNLOADED)
        assert all(
            p.percent is None or 0 <= p.percent <= 100
            for p in seen
            if p.state is FirmwareUpdateState.DOWNLOADING
        )
        await client.async_install_downloaded_firmware()
        assert client.negotiated["firmware_manual"] == dialect.firmware_manual
    await until(FirmwareUpdateState.INSTALLING)
    await until(FirmwareUpdateState.IDLE)
    state = await client.async_fetch([Section.FIRMWARE])
    assert state.firmware_version == new


async def test_configuration_export(
    session: aiohttp.ClientSession, dialect_station: SimulatedStation, api: str, dialect: Dialect
) -> None:
    """The file, or (a station reporting only its name) a clear error naming the point."""
    client = await connect(session, dialect_station)
    if api == "v2" and dialect.config_export == "name":
        with pytest.raises(AstrosNegotiationError) as err:
            await client.async_export_configuration()
        assert err.value.point == "config_export"
        assert client.negotiated["config_export"] == "name"
        return
    data = await client.async_export_configuration()
    assert data
    assert await client.async_import_configuration(data) == client.sections


async def test_other_writes(
    session: aiohttp.ClientSession, dialect_station: SimulatedStation, api: str, dialect: Dialect
) -> None:
    """The remaining writes each change exactly what they name, in every dialect."""
    station = dialect_station
    client = await connect(session, station)

    async def check(write: Any, expected: set[str]) -> None:
        before = station_snapshot(station)
        await write
        assert changed(before, station_snapshot(station)) == expected

    await check(client.async_set_language(Language.SIMPLIFIED_CHINESE), {"language"})
    await check(client.async_set_time_zone("Europe/London"), {"time_zone"})
    await check(client.async_upload_wallpaper(3, make_png(400, 225), "cat.png"), {"wallpapers"})
    await check(client.async_set_wallpaper(3), {"wallpaper"})
    await check(client.async_set_wallpaper(1), {"wallpaper"})
    await check(client.async_delete_wallpaper(3), {"wallpapers"})
    await check(
        client.async_set_login_code(LoginCodeMode.FIXED, "2468"), {"login_code_type", "login_code"}
    )
    if api == "v1":
        await check(client.async_set_display(False), {"display_on"})
    else:
        await check(client.async_set_receiver(Receiver.AIRPLAY, False), {"allow_airplay"})
        await check(
            client.async_set_on_screen_option(OnScreenOption.IP_ADDRESS, False), {"ip_shown"}
        )
        await check(client.async_set_image_slider_interval(60), {"image_slider_interval"})
        await check(client.async_set_time_24h(False), {"show_time_24h"})
        await check(
            client.async_set_daily_reboot(True, dt.time(4, 30)),
            {"daily_reboot", "daily_reboot_time"},
        )
        await check(client.async_set_auto_projection(True), {"pod.auto_projection"})
    reboots = station.state.reboot_count
    await client.async_reboot()
    for _ in range(100):
        if station.state.reboot_count > reboots:
            break
        await asyncio.sleep(0.02)
    assert station.state.reboot_count == reboots + 1
