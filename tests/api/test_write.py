"""Every write, read back through the sections it reports."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import datetime as dt
from functools import partial
import json

import pytest

from custom_components.astros.api import (
    AstrosClient,
    AstrosConnectionError,
    AstrosRequestError,
    AstrosResponseError,
    AstrosUnsupportedError,
    Gatekeeper,
    Language,
    LoginCodeMode,
    OnScreenOption,
    PowerMode,
    Receiver,
    Resolution,
    Section,
    StationState,
    WifiBand,
    WifiMode,
    WifiUpdate,
)
from simulator import SimulatedStation

from .conftest import paths
from .images import make_jpeg, make_png


async def write_and_read(
    client: AstrosClient, write: Callable[[], Awaitable[frozenset[Section]]]
) -> StationState:
    """Run the write and re-read what it says it changed."""
    changed = await write()
    assert changed
    return await client.async_fetch(changed)


async def test_set_name(client: AstrosClient, station: SimulatedStation) -> None:
    """The name is read back from STATUS (v1) or GENERAL (v2)."""
    state = await write_and_read(client, lambda: client.async_set_name("Room-42"))
    assert state.name == "Room-42" == station.state.name
    expected = Section.STATUS if station.api == "v1" else Section.GENERAL
    assert await client.async_set_name("Room-43") == {expected}


async def test_general_writes(client: AstrosClient, station: SimulatedStation) -> None:
    """Language, login code, remote view and wallpaper."""
    state = await write_and_read(
        client, lambda: client.async_set_language(Language.SIMPLIFIED_CHINESE)
    )
    assert state.general is not None and state.general.language is Language.SIMPLIFIED_CHINESE

    state = await write_and_read(
        client, lambda: client.async_set_login_code(LoginCodeMode.FIXED, "0427")
    )
    assert state.general is not None
    assert state.general.login_code_mode is LoginCodeMode.FIXED
    assert state.general.login_code == "0427"

    state = await write_and_read(client, lambda: client.async_set_login_code(LoginCodeMode.NONE))
    assert state.general is not None
    assert state.general.login_code_mode is LoginCodeMode.NONE
    assert state.general.login_code is None

    state = await write_and_read(client, lambda: client.async_set_login_code(LoginCodeMode.RANDOM))
    assert state.general is not None and state.general.login_code_mode is LoginCodeMode.RANDOM

    state = await write_and_read(client, lambda: client.async_set_remote_view(False))
    assert state.general is not None and state.general.remote_view is False

    state = await write_and_read(client, lambda: client.async_set_wallpaper(1))
    assert state.general is not None and state.general.wallpaper == 1


@pytest.mark.parametrize(
    ("image", "filename"),
    [
        (make_png(300, 200), "cat.png"),
        (make_jpeg(1920, 1080), "holiday photo.JPG"),
        (make_jpeg(320, 200, sof=0xC2), ""),
        (make_png(400, 200), "no-extension"),
    ],
    ids=["png", "jpeg", "progressive-jpeg", "png-2:1"],
)
async def test_wallpaper_upload_select_delete(
    client: AstrosClient, station: SimulatedStation, image: bytes, filename: str
) -> None:
    """Upload into slot 3, show it, refuse to delete it while shown, then delete it."""
    await write_and_read(client, lambda: client.async_upload_wallpaper(3, image, filename))
    assert station.state.wallpapers[3][1] == image
    state = await write_and_read(client, lambda: client.async_set_wallpaper(3))
    assert state.general is not None and state.general.wallpaper == 3
    if station.api == "v2":
        assert state.general.wallpapers == (0, 1, 3)
        assert station.state.wallpapers[3][0].startswith("3-")
    with pytest.raises(AstrosRequestError) as err:
        await client.async_delete_wallpaper(3)
    assert err.value.error_code == 1005
    await client.async_set_wallpaper(0)
    state = await write_and_read(client, lambda: client.async_delete_wallpaper(3))
    assert 3 not in station.state.wallpapers
    if station.api == "v2":
        assert state.general is not None and state.general.wallpapers == (0, 1)


async def test_display_writes(client: AstrosClient, station: SimulatedStation) -> None:
    """Resolution and VGA; VGA forces a resolution it supports."""
    state = await write_and_read(
        client, lambda: client.async_set_resolution(Resolution.UHD_3840X2160)
    )
    assert state.display is not None
    assert state.display.hdmi_resolution is Resolution.UHD_3840X2160
    assert state.reboot_required is True

    state = await write_and_read(client, lambda: client.async_set_vga(True))
    assert state.display is not None
    assert state.display.vga_enabled is True
    assert state.display.hdmi_resolution is Resolution.FHD_1920X1080

    state = await write_and_read(
        client, lambda: client.async_set_resolution(Resolution.HD_1280X720)
    )
    state = await write_and_read(client, lambda: client.async_set_vga(True))
    assert state.display is not None and state.display.hdmi_resolution is Resolution.HD_1280X720

    state = await write_and_read(client, lambda: client.async_set_vga(False))
    assert state.display is not None
    assert state.display.vga_enabled is False
    assert state.display.hdmi_resolution is Resolution.HD_1280X720

    with pytest.raises(AstrosRequestError):  # the station refuses 4K with VGA on
        await client.async_set_vga(True)
        await client.async_set_resolution(Resolution.UHD_3840X2160)


async def test_power_writes(client: AstrosClient, station: SimulatedStation) -> None:
    """Mode and timeout."""
    state = await write_and_read(client, lambda: client.async_set_power(PowerMode.SLEEP, 15))
    assert state.power is not None
    assert (state.power.mode, state.power.timeout) == (PowerMode.SLEEP, 15)
    state = await write_and_read(client, lambda: client.async_set_power(PowerMode.SUSPEND, 60))
    assert state.power is not None and state.power.mode is PowerMode.SUSPEND
    assert station.state.power_mode == 1


async def test_time_writes(client: AstrosClient, station: SimulatedStation) -> None:
    """Time zone, automatic time and NTP server."""
    state = await write_and_read(client, lambda: client.async_set_time_zone("Europe/London"))
    assert state.time is not None and state.time.time_zone == "Europe/London"
    state = await write_and_read(client, lambda: client.async_set_auto_time(False))
    assert state.time is not None and state.time.auto_time is False
    state = await write_and_read(client, lambda: client.async_set_ntp_server("time.example.org"))
    assert state.time is not None and state.time.ntp_server == "time.example.org"
    state = await write_and_read(client, lambda: client.async_set_ntp_server("192.168.1.2"))
    assert state.time is not None and state.time.ntp_server == "192.168.1.2"


async def test_wifi_writes(client: AstrosClient, station: SimulatedStation) -> None:
    """Wi-Fi: v1 needs the mode, read first when not given."""
    update = WifiUpdate(hide_ssid=True, band=WifiBand.GHZ_2_4, gatekeeper=Gatekeeper.BLOCK_ALL)
    station.requests.clear()
    state = await write_and_read(client, lambda: client.async_set_wifi(update))
    assert state.network is not None
    wifi = state.network.wifi
    assert (wifi.mode, wifi.hide_ssid, wifi.band, wifi.gatekeeper) == (
        WifiMode.ACCESS_POINT,
        True,
        WifiBand.GHZ_2_4,
        Gatekeeper.BLOCK_ALL,
    )
    if station.api == "v1":  # read-modify-write: the current values, then every field
        # (and the read-back)
        assert [p for p in paths(station) if p == "network/wifi"] == ["network/wifi"] * 3
    state = await write_and_read(
        client, lambda: client.async_set_wifi(WifiUpdate(mode=WifiMode.OFF))
    )
    assert state.network is not None and state.network.wifi.mode is WifiMode.OFF
    assert state.reboot_required is True


async def test_reboot(client: AstrosClient, station: SimulatedStation) -> None:
    """The station reboots; v1 takes a reason."""
    reason = "maintenance" if station.api == "v1" else None
    await client.async_reboot(reason=reason)
    for _ in range(100):
        if station.state.reboot_count:
            break
        await asyncio.sleep(0.02)
    assert station.state.reboot_count == 1
    if reason:
        assert station.state.last_reboot_reason == reason
    await asyncio.sleep(0.05)
    assert (await client.async_fetch([Section.POWER])).power is not None


async def test_reboot_unreachable_then_back(
    client: AstrosClient, station: SimulatedStation
) -> None:
    """While it reboots the station cannot be reached; afterwards the client logs in again."""
    await client.async_login()
    station.reboot(seconds=0.3)
    await asyncio.sleep(0.1)
    with pytest.raises(AstrosConnectionError):
        await client.async_fetch([Section.POWER])
    await asyncio.sleep(0.4)
    assert (await client.async_fetch([Section.POWER])).power is not None


async def test_configuration_round_trip(client: AstrosClient, station: SimulatedStation) -> None:
    """Export, change the station, import: the exported settings are back."""
    exported = await client.async_export_configuration()
    document = json.loads(exported)
    assert document["settings"]["name"] == station.state.name
    original = station.state.name
    await client.async_set_name("Changed")
    changed = await client.async_import_configuration(exported)
    assert changed == client.sections
    assert (await client.async_fetch(changed)).name == original
    with pytest.raises(AstrosRequestError) as err:  # JSON, but no configuration: the station
        await client.async_import_configuration(b'{"not": "a configuration"}')
    assert err.value.error_code == 1001


async def test_v1_only_writes(client: AstrosClient, station: SimulatedStation) -> None:
    """v1 display power and reboot delay; refused on v2."""
    if station.api == "v2":
        with pytest.raises(AstrosUnsupportedError):
            await client.async_set_display(False)
        with pytest.raises(AstrosUnsupportedError):
            await client.async_reboot(delay=1)
        with pytest.raises(AstrosUnsupportedError):
            await client.async_reboot(reason="x")
        assert station.requests == []
        return
    assert await client.async_set_display(False) == frozenset()
    assert station.state.display_on is False
    await client.async_reboot(delay=10, reason="later")
    assert station.state.reboot_count == 0  # scheduled, not yet run


async def test_v2_only_writes(client: AstrosClient, station: SimulatedStation) -> None:
    """Receivers, audio, on-screen options, slider, 24 h clock, daily reboot, projection."""
    if station.api == "v1":
        calls: list[Awaitable[frozenset[Section]]] = [
            client.async_set_receiver(Receiver.AIRPLAY, False),
            client.async_set_audio_from_hdmi(False),
            client.async_set_on_screen_option(OnScreenOption.IP_ADDRESS, False),
            client.async_set_image_slider_interval(30),
            client.async_set_time_24h(False),
            client.async_set_daily_reboot(True),
            client.async_set_auto_projection(True),
        ]
        for call in calls:
            with pytest.raises(AstrosUnsupportedError):
                await call
        assert station.requests == []
        return
    for receiver in Receiver:
        state = await write_and_read(client, partial(client.async_set_receiver, receiver, False))
    assert state.receivers is not None
    assert (state.receivers.airplay, state.receivers.google_cast, state.receivers.miracast) == (
        False,
        False,
        False,
    )
    state = await write_and_read(client, lambda: client.async_set_audio_from_hdmi(False))
    assert state.display is not None and state.display.audio_from_hdmi is False
    for option in OnScreenOption:
        state = await write_and_read(
            client, partial(client.async_set_on_screen_option, option, True)
        )
    general = state.general
    assert general is not None
    assert (general.device_name_shown, general.ip_shown, general.miracast_pin) == (True,) * 3
    assert general.image_slider is True
    state = await write_and_read(client, lambda: client.async_set_image_slider_interval(300))
    assert state.general is not None and state.general.image_slider_interval == 300
    state = await write_and_read(client, lambda: client.async_set_time_24h(False))
    assert state.time is not None and state.time.time_24h is False
    state = await write_and_read(
        client, lambda: client.async_set_daily_reboot(True, dt.time(4, 30))
    )
    assert state.time is not None
    assert (state.time.daily_reboot, state.time.daily_reboot_time) == (True, dt.time(4, 30))
    assert await client.async_set_daily_reboot() == frozenset()
    state = await write_and_read(client, lambda: client.async_set_auto_projection(True))
    assert state.pairing is not None and state.pairing.auto_projection is True
    assert await client.async_set_wifi(WifiUpdate()) == frozenset()
    state = await write_and_read(
        client, lambda: client.async_set_wifi(WifiUpdate(mode=WifiMode.CLIENT))
    )
    assert state.network is not None and state.network.wifi.mode is WifiMode.CLIENT


async def test_v1_wifi_mode_unknown(client: AstrosClient, station: SimulatedStation) -> None:
    """v1 needs the current mode; a mode it cannot send is a response error."""
    if station.api != "v1":
        return
    station.state.wifi.mode = "STA"
    with pytest.raises(AstrosResponseError):
        await client.async_set_wifi(WifiUpdate(hide_ssid=True))
    assert station.state.wifi.hide_ssid is False
