"""Reading every section and the identity, compared with the simulator's state."""

from __future__ import annotations

import dataclasses
import datetime as dt

from custom_components.astros.api import (
    ApiVersion,
    AstrosClient,
    Capability,
    FirmwareInfo,
    Gatekeeper,
    Language,
    LoginCodeMode,
    NetworkingMode,
    PowerMode,
    Resolution,
    Section,
    StationStatus,
    WifiBand,
    WifiMode,
)
from simulator import SimulatedStation

from .conftest import paths


async def test_identity(client: AstrosClient, station: SimulatedStation) -> None:
    """The Ethernet MAC identifies the station on both generations."""
    state = station.state
    identity = await client.async_get_identity()
    assert identity.api_version == ApiVersion(station.api)
    assert identity.mac == state.eth_mac
    assert identity.wifi_mac == state.wifi_mac
    assert identity.model == state.model
    assert identity.name == state.name
    assert identity.firmware_version == state.firmware_version
    assert identity.serial_number == (state.serial if station.api == "v1" else None)


async def test_fetch_everything(client: AstrosClient, station: SimulatedStation) -> None:
    """Every section of the generation, with the simulator's values."""
    state = station.state
    snapshot = await client.async_fetch()
    assert snapshot.api_version == ApiVersion(station.api)
    assert snapshot.capabilities == client.capabilities
    assert snapshot.name == state.name
    assert snapshot.firmware_version == state.firmware_version
    assert snapshot.reboot_required is False

    general = snapshot.general
    assert general is not None
    assert general.language is Language.ENGLISH
    assert general.login_code_mode is LoginCodeMode.RANDOM
    assert general.login_code == state.login_code
    assert general.remote_view is True
    assert general.wallpaper == 0

    display = snapshot.display
    assert display is not None
    assert display.hdmi_resolution is Resolution.AUTO
    assert display.hdmi_cec is True
    assert display.vga_enabled is False
    assert display.vga_resolution is Resolution.UNKNOWN

    assert snapshot.power is not None
    assert snapshot.power.mode is PowerMode.SLEEP
    assert snapshot.power.timeout == state.power_timeout

    clock = snapshot.time
    assert clock is not None
    assert clock.auto_time is True
    assert clock.ntp_server == state.ntp_server
    assert clock.time_zone == state.time_zone
    assert clock.station_time is not None
    now = dt.datetime.now(dt.UTC)
    assert abs((clock.station_time - now).total_seconds()) < 60

    network = snapshot.network
    assert network is not None
    eth, wifi = network.ethernet, network.wifi
    assert eth.dhcp is True
    assert eth.ip == state.ethernet.ip
    assert eth.mask == state.ethernet.mask
    assert eth.gateway == state.ethernet.gateway
    assert eth.dns1 == state.ethernet.dns1
    assert eth.dns2 == state.ethernet.dns2
    assert eth.mac == state.eth_mac
    assert wifi.mode is WifiMode.ACCESS_POINT
    assert wifi.ssid == state.wifi.ssid
    assert wifi.hide_ssid is False
    assert wifi.security == 1
    assert wifi.band is WifiBand.GHZ_5
    assert wifi.networking_mode is NetworkingMode.NAT
    assert wifi.gatekeeper is Gatekeeper.ALLOW_ALL
    assert wifi.mac == state.wifi_mac

    assert snapshot.firmware == FirmwareInfo(current=state.firmware_version, latest=None)
    # Secrets are never kept.
    assert state.wifi.password not in repr(snapshot)


async def test_fetch_v1_specifics(client: AstrosClient, station: SimulatedStation) -> None:
    """v1: status, uptime, serial number and NTP port; no v2 sections."""
    if station.api != "v1":
        return
    station.state.status = {"connected", "sharing"}
    snapshot = await client.async_fetch()
    assert snapshot.status is not None
    assert snapshot.status.statuses == {StationStatus.CONNECTED, StationStatus.SHARING}
    assert snapshot.status.uptime is not None and snapshot.status.uptime >= 0
    assert snapshot.status.serial_number == station.state.serial
    assert snapshot.general is not None and snapshot.general.name is None
    assert snapshot.time is not None and snapshot.time.ntp_port == 123
    assert snapshot.receivers is None and snapshot.pairing is None
    assert Capability.STATUS in snapshot.capabilities
    assert await client.async_uses_factory_password() is None
    status_only = await client.async_fetch([Section.STATUS])
    assert status_only.firmware is None
    assert status_only.firmware_version == station.state.firmware_version


async def test_fetch_v2_specifics(client: AstrosClient, station: SimulatedStation) -> None:
    """v2: receivers, on-screen options, audio, 24 h clock, daily reboot, pairing."""
    if station.api != "v2":
        return
    state = station.state
    state.app_byom.status = 1
    state.app_byom.expired_date = "2030-01-01"
    state.app_byom.key = "SecretKey123"
    state.pod.password = "PodSecret99"
    snapshot = await client.async_fetch()
    assert snapshot.status is None
    general = snapshot.general
    assert general is not None
    assert general.name == state.name
    assert general.wallpapers == (0, 1)
    assert general.device_name_shown is True
    assert general.ip_shown is True
    assert general.miracast_pin is False
    assert general.image_slider is False
    assert general.image_slider_interval == state.image_slider_interval
    assert snapshot.receivers is not None
    assert snapshot.receivers.airplay is True
    assert snapshot.receivers.google_cast is True
    assert snapshot.receivers.miracast is True
    assert snapshot.display is not None
    assert snapshot.display.audio_from_hdmi is True
    assert snapshot.display.supported_resolutions == tuple(
        r for r in Resolution if r is not Resolution.UNKNOWN
    )
    clock = snapshot.time
    assert clock is not None
    assert clock.time_24h is True
    assert clock.daily_reboot is False
    assert clock.daily_reboot_time == dt.time(3, 0)
    assert clock.ntp_port is None
    assert snapshot.network is not None
    assert snapshot.network.wifi.channel == 36
    assert snapshot.network.ethernet.connected is True
    pairing = snapshot.pairing
    assert pairing is not None
    assert pairing.auto_projection is False
    assert pairing.pairing_mode == 0
    assert snapshot.app_byom is not None
    assert snapshot.app_byom.status == 1
    assert snapshot.app_byom.expires == "2030-01-01"
    assert "SecretKey123" not in repr(snapshot) and "PodSecret99" not in repr(snapshot)
    assert await client.async_uses_factory_password() is False
    state.password = "admin"
    assert await client.async_uses_factory_password() is True


async def test_fetch_some_sections_carries_others(
    client: AstrosClient, station: SimulatedStation
) -> None:
    """Only the requested sections are read; the rest comes from ``previous``."""
    first = await client.async_fetch()
    station.requests.clear()
    station.state.power_timeout = 60
    station.state.language = 2
    second = await client.async_fetch([Section.POWER], first)
    assert paths(station) == ["power/mode" if station.api == "v1" else "power/setting"]
    assert second.power is not None and second.power.timeout == 60
    assert second.general == first.general
    # Sections of the other generation are ignored.
    other = Section.STATUS if station.api == "v2" else Section.PAIRING
    third = await client.async_fetch([other], second)
    assert third == second


async def test_fetch_all_endpoints_concurrently(
    client: AstrosClient, station: SimulatedStation
) -> None:
    """A full fetch requests each endpoint once."""
    await client.async_login()
    station.requests.clear()
    await client.async_fetch()
    seen = paths(station)
    assert len(seen) == len(set(seen))
    readers = client.readers  # type: ignore[attr-defined]
    expected = {p for s in client.sections for p in readers[s].paths}
    # The station's clock was read by the login moments ago: not asked twice.
    assert set(seen) == expected - {"time"}


async def test_reboot_required_flag(client: AstrosClient, station: SimulatedStation) -> None:
    """rebootRequired of the latest answers ends up in the snapshot."""
    station.state.reboot_required = True
    assert (await client.async_fetch([Section.POWER])).reboot_required is True
    station.state.reboot_required = False
    assert (await client.async_fetch([Section.POWER])).reboot_required is False


async def test_fetch_does_not_keep_latest_firmware(
    client: AstrosClient, station: SimulatedStation
) -> None:
    """The integration owns the latest firmware: a fetch reports only what the station says."""
    newer = "9.0.0.0"
    station.state.available_firmware = newer
    checked = await client.async_check_firmware()
    assert checked.latest == newer
    previous = dataclasses.replace(await client.async_fetch([Section.FIRMWARE]), firmware=checked)
    again = await client.async_fetch([Section.FIRMWARE], previous)
    assert again.firmware is not None and again.firmware.latest is None
