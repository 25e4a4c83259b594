"""Issue 14 items 4 and 5 on the client: admin password, Wi-Fi channel and networking
mode, the v2 Wi-Fi client connection, cancelling a v2 download, the v1 NTP port."""

from __future__ import annotations

import aiohttp
import pytest

from custom_components.astros.api import (
    AstrosAuthenticationError,
    AstrosClient,
    AstrosError,
    AstrosRequestError,
    AstrosUnsupportedError,
    AstrosValidationError,
    FirmwareUpdateState,
    Section,
    WifiBand,
    WifiMode,
    WifiUpdate,
)
from custom_components.astros.api.models import NetworkingMode, WifiConnection
from custom_components.astros.api.parse_v2 import parse_wifi_connection
from simulator import FaultKind, SimulatedStation

from .conftest import PASSWORD, make_client, paths

NEW_FIRMWARE = "2.1.0.7"


@pytest.mark.parametrize("bad", ["", "x" * 17, "with space", "pässword", "semi;colon", 12345])
async def test_admin_password_rule(
    client: AstrosClient, station: SimulatedStation, bad: object
) -> None:
    """A password breaking the station's rule is refused before anything is sent, unshown."""
    station.requests.clear()
    with pytest.raises(AstrosValidationError) as err:
        await client.async_set_admin_password(bad)  # type: ignore[arg-type]
    assert "1 to 16 letters" in str(err.value)
    if isinstance(bad, str) and bad:
        assert bad not in str(err.value)
    assert station.requests == []
    assert station.state.password == PASSWORD


async def test_admin_password_changed(
    client: AstrosClient, station: SimulatedStation, session: aiohttp.ClientSession
) -> None:
    """The station takes the new password; the client logs in with it from then on."""
    assert await client.async_set_admin_password("Better2026") == frozenset()
    assert station.state.password == "Better2026"
    assert client.settings.password == "Better2026"
    assert "Better2026" not in repr(client)
    # A fresh login works with the new password; the old one is refused.
    await client.async_login()
    assert (await client.async_fetch()).name is not None
    old = await make_client(session, station, password=PASSWORD)
    with pytest.raises(AstrosAuthenticationError):
        await old.async_login()


async def test_admin_password_refused_keeps_old(
    client: AstrosClient, station: SimulatedStation
) -> None:
    """A refusal changes nothing: the client keeps the old password, which still works."""
    station.faults.add(FaultKind.ERROR_CODE, path="admin/password", error_code=1001)
    with pytest.raises(AstrosRequestError) as err:
        await client.async_set_admin_password("Better2026")
    assert err.value.error_code == 1001
    assert "Better2026" not in str(err.value)
    assert station.state.password == PASSWORD
    assert client.settings.password == PASSWORD
    await client.async_login()


async def test_admin_password_v2_sends_old(client: AstrosClient, station: SimulatedStation) -> None:
    """v2 sends the old password too: changed elsewhere, the station refuses."""
    if station.api != "v2":
        pytest.skip("v1 sends only the new password")
    station.state.password = "ChangedElsewhere1"
    with pytest.raises(AstrosError):
        await client.async_set_admin_password("Better2026")
    assert station.state.password == "ChangedElsewhere1"
    assert client.settings.password == PASSWORD


async def test_networking_mode(client: AstrosClient, station: SimulatedStation) -> None:
    """NAT or bridge, read back; the other Wi-Fi settings stay as they were."""
    before = (await client.async_fetch([Section.NETWORK])).network
    assert before is not None and before.wifi.networking_mode is NetworkingMode.NAT
    changed = await client.async_set_wifi(WifiUpdate(networking_mode=NetworkingMode.BRIDGE))
    assert changed == {Section.NETWORK}
    after = (await client.async_fetch(changed)).network
    assert after is not None
    assert after.wifi.networking_mode is NetworkingMode.BRIDGE
    assert station.state.wifi.networking_mode == 1
    assert after.wifi.band == before.wifi.band
    assert after.wifi.gatekeeper == before.wifi.gatekeeper
    assert after.wifi.ssid == before.wifi.ssid
    with pytest.raises(AstrosValidationError, match="NAT or BRIDGE"):
        await client.async_set_wifi(WifiUpdate(networking_mode=7))  # type: ignore[arg-type]


async def test_wifi_channel(client: AstrosClient, station: SimulatedStation) -> None:
    """v2: one of the documented 5 GHz channels; v1 has none."""
    if station.api == "v1":
        with pytest.raises(AstrosUnsupportedError):
            await client.async_set_wifi(WifiUpdate(channel=44))
        return
    station.state.wifi.band = 1
    changed = await client.async_set_wifi(WifiUpdate(channel=149))
    network = (await client.async_fetch(changed)).network
    assert network is not None and network.wifi.channel == 149
    assert station.state.wifi.channel == 149
    with pytest.raises(AstrosValidationError, match="36, 44, 149, 157"):
        await client.async_set_wifi(WifiUpdate(channel=40))
    # On 2.4 GHz the station chooses: refused before sending.
    station.state.wifi.band = 0
    station.requests.clear()
    with pytest.raises(AstrosValidationError, match="5 GHz"):
        await client.async_set_wifi(WifiUpdate(channel=36))
    assert all(method == "GET" for method, _path in station.requests)
    with pytest.raises(AstrosValidationError, match="5 GHz"):
        await client.async_set_wifi(WifiUpdate(band=WifiBand.GHZ_2_4, channel=36))
    # Band and channel together: switching to 5 GHz with a channel works.
    await client.async_set_wifi(WifiUpdate(band=WifiBand.GHZ_5, channel=44))
    assert station.state.wifi.band == 1
    assert station.state.wifi.channel == 44


async def test_wifi_connection(client: AstrosClient, station: SimulatedStation) -> None:
    """v2: empty unless in client mode and connected; then SSID and signal."""
    if station.api == "v1":
        assert Section.WIFI_CONNECTION not in client.sections
        return
    state = await client.async_fetch([Section.WIFI_CONNECTION])
    assert state.wifi_connection == WifiConnection()
    assert Section.WIFI_CONNECTION not in state.failed_sections
    station.state.wifi.mode = "STA"
    station.state.wifi.connection = None
    state = await client.async_fetch([Section.WIFI_CONNECTION])
    assert state.wifi_connection == WifiConnection()
    await client._call(  # type: ignore[attr-defined]
        "POST", "wifi/connection", json_body={"ssid": "Office-WiFi", "password": "secret123"}
    )
    state = await client.async_fetch([Section.WIFI_CONNECTION])
    connection = state.wifi_connection
    assert connection is not None
    assert connection.ssid == "Office-WiFi"
    assert connection.signal_level == 4
    assert connection.signal_dbm is None
    assert connection.connected is True
    assert connection.frequency == 2437
    assert connection.ip == "10.0.0.57"


def test_parse_wifi_connection_dbm() -> None:
    """A negative level is taken as dBm; junk is ignored."""
    parsed = parse_wifi_connection({"ssid": "Lab", "level": "-61", "freq": "x"})
    assert parsed.signal_dbm == -61
    assert parsed.signal_level is None
    assert parsed.frequency is None
    assert parse_wifi_connection("not an object") == WifiConnection()


async def test_wifi_connection_permission_error_passes(
    client: AstrosClient, station: SimulatedStation
) -> None:
    """A refusal for lack of permission is not 'not connected'."""
    if station.api == "v1":
        return
    station.state.wifi.mode = "STA"
    station.faults.add(FaultKind.ERROR_CODE, count=None, path="wifi/connection", error_code=1004)
    state = await client.async_fetch([Section.WIFI_CONNECTION, Section.GENERAL])
    assert Section.WIFI_CONNECTION in state.failed_sections


async def test_cancel_download(client: AstrosClient, station: SimulatedStation) -> None:
    """v2: firmware/download/stop ends a running download; v1 has nothing to cancel."""
    if station.api == "v1":
        with pytest.raises(AstrosUnsupportedError):
            await client.async_cancel_firmware_download()
        return
    station.config.update_seconds = 30
    station.state.available_firmware = NEW_FIRMWARE
    await client.async_start_firmware_update()
    assert station.state.ota_status == 1
    await client.async_cancel_firmware_download()
    assert station.state.ota_status == 0
    assert "firmware/download/stop" in paths(station)
    progress = await client.async_firmware_progress()
    assert progress.state is FirmwareUpdateState.IDLE


async def test_ntp_port(client: AstrosClient, station: SimulatedStation) -> None:
    """v1: the port changes, the server and automatic time stay; v2 has no port."""
    if station.api == "v2":
        with pytest.raises(AstrosUnsupportedError):
            await client.async_set_ntp_port(1123)
        return
    station.state.ntp_server = "time.example.org"
    station.state.auto_time = False
    changed = await client.async_set_ntp_port(1123)
    time = (await client.async_fetch(changed)).time
    assert time is not None and time.ntp_port == 1123
    assert station.state.ntp_port == 1123
    assert station.state.ntp_server == "time.example.org"
    assert station.state.auto_time is False
    for bad in (0, 65536, True, "123"):
        with pytest.raises(AstrosValidationError, match="1 to 65535"):
            await client.async_set_ntp_port(bad)  # type: ignore[arg-type]


async def test_wifi_mode_client_settings_unchanged(
    client: AstrosClient, station: SimulatedStation
) -> None:
    """The existing Wi-Fi writes are unchanged by the new fields."""
    await client.async_set_wifi(WifiUpdate(mode=WifiMode.OFF))
    assert station.state.wifi.networking_mode == 0


def test_refusal_echoing_the_new_password_is_withheld() -> None:
    """Should a station echo the new password in its refusal, the message is withheld."""
    from custom_components.astros.api.exceptions import AstrosPermissionError

    err = AstrosPermissionError(1004, "cannot set Secret99 now")
    hidden = AstrosClient._without_password(err, "Secret99")
    assert isinstance(hidden, AstrosPermissionError)
    assert hidden.error_code == 1004
    assert "Secret99" not in str(hidden)
    other = AstrosRequestError(1001, "bad")
    assert AstrosClient._without_password(other, "Secret99") is other
