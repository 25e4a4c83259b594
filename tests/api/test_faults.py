"""Injected faults end in the documented exception or a tolerant None."""

from __future__ import annotations

import asyncio
import dataclasses

import aiohttp
import pytest

from custom_components.astros.api import (
    AstrosAuthenticationError,
    AstrosClient,
    AstrosConnectionError,
    AstrosError,
    AstrosRequestError,
    AstrosResponseError,
    AstrosTimeoutError,
    Language,
    PowerMode,
    Section,
)
from simulator import FaultKind, SimulatedStation

from .conftest import PASSWORD, make_client, settings_of


def power_path(station: SimulatedStation) -> str:
    """The power endpoint of the station's generation."""
    return "power/mode" if station.api == "v1" else "power/setting"


async def test_refused(client: AstrosClient, station: SimulatedStation) -> None:
    """A closed listener: AstrosConnectionError; back online: works again."""
    await client.async_login()
    station.faults.add(FaultKind.REFUSE, count=None)
    with pytest.raises(AstrosConnectionError):
        await client.async_fetch()
    station.faults.clear()
    assert (await client.async_fetch([Section.POWER])).power is not None


async def test_connection_reset(client: AstrosClient, station: SimulatedStation) -> None:
    """Reset connections: AstrosConnectionError (or a success if aiohttp retried)."""
    await client.async_login()
    station.faults.add(FaultKind.REFUSE, count=3)
    with pytest.raises(AstrosConnectionError):
        await client.async_fetch([Section.POWER])
    station.faults.clear()


async def test_offline(client: AstrosClient, station: SimulatedStation) -> None:
    """go_offline / go_online."""
    await station.go_offline()
    with pytest.raises(AstrosConnectionError) as err:
        await client.async_login()
    assert PASSWORD not in str(err.value)
    await station.go_online()
    await client.async_login()


async def test_hang_times_out(session: aiohttp.ClientSession, station: SimulatedStation) -> None:
    """A request never answered: AstrosTimeoutError after request_timeout."""
    client = await make_client(session, station, request_timeout=0.2)
    await client.async_login()
    station.faults.add(FaultKind.HANG, count=1, path=power_path(station))
    with pytest.raises(AstrosTimeoutError):
        await client.async_fetch([Section.POWER])
    station.faults.clear()
    assert (await client.async_fetch([Section.POWER])).power is not None


async def test_max_in_flight(session: aiohttp.ClientSession, station: SimulatedStation) -> None:
    """At most max_in_flight requests wait on the station at once."""
    from custom_components.astros.api import async_create_client

    settings = dataclasses.replace(settings_of(station), max_in_flight=2)
    client = await async_create_client(session, settings)
    await client.async_login()
    station.requests.clear()
    station.faults.add(FaultKind.HANG, count=None)
    task = asyncio.create_task(client.async_fetch())
    await asyncio.sleep(0.2)
    assert len(station.requests) == 2
    station.faults.clear()
    await task


async def test_http_500(client: AstrosClient, station: SimulatedStation) -> None:
    """HTTP 500: AstrosConnectionError."""
    await client.async_login()
    station.faults.add(FaultKind.HTTP_500, count=1, path=power_path(station))
    with pytest.raises(AstrosConnectionError):
        await client.async_fetch([Section.POWER])


async def test_malformed_json(client: AstrosClient, station: SimulatedStation) -> None:
    """Not JSON: AstrosResponseError."""
    await client.async_login()
    station.faults.add(FaultKind.MALFORMED_JSON, count=1)
    with pytest.raises(AstrosResponseError):
        await client.async_fetch([Section.POWER])


async def test_malformed_login(client: AstrosClient, station: SimulatedStation) -> None:
    """A login answer that is not JSON: AstrosResponseError."""
    station.faults.add(FaultKind.MALFORMED_JSON, count=1)
    with pytest.raises(AstrosResponseError):
        await client.async_login()


@pytest.mark.parametrize("code", [1000, 1001, 1004, 1005, 1100, 1200])
async def test_error_codes(client: AstrosClient, station: SimulatedStation, code: int) -> None:
    """Non-zero errorCode: AstrosRequestError with the station's code and message."""
    await client.async_login()
    station.faults.add(FaultKind.ERROR_CODE, count=1, error_code=code)
    with pytest.raises(AstrosRequestError) as err:
        await client.async_set_remote_view(False)
    assert err.value.error_code == code
    assert err.value.station_message == "injected error"


async def test_login_error_code(client: AstrosClient, station: SimulatedStation) -> None:
    """A login refused for another reason than credentials: AstrosRequestError."""
    station.faults.add(FaultKind.ERROR_CODE, count=1, error_code=1200)
    with pytest.raises(AstrosRequestError):
        await client.async_login()
    station.faults.add(FaultKind.ERROR_CODE, count=1, error_code=1002)
    with pytest.raises(AstrosAuthenticationError):
        await client.async_login()


async def test_missing_field_is_none(client: AstrosClient, station: SimulatedStation) -> None:
    """A missing field becomes None; the rest of the answer is kept."""
    await client.async_login()
    field = "timeout" if station.api == "v1" else "time"
    station.faults.add(FaultKind.MISSING_FIELD, count=1, path=power_path(station), field=field)
    state = await client.async_fetch([Section.POWER])
    assert state.power is not None
    assert state.power.timeout is None
    assert state.power.mode is PowerMode.SLEEP


async def test_wrong_type_is_none(client: AstrosClient, station: SimulatedStation) -> None:
    """A field of the wrong type becomes None."""
    await client.async_login()
    station.faults.add(FaultKind.WRONG_TYPE, count=1, path=power_path(station), field="mode")
    state = await client.async_fetch([Section.POWER])
    assert state.power is not None
    assert state.power.mode is None
    assert state.power.timeout == station.state.power_timeout


async def test_wrong_type_scalar(client: AstrosClient, station: SimulatedStation) -> None:
    """v1 scalar answers: a wrong or missing value becomes None."""
    if station.api != "v1":
        return
    await client.async_login()
    station.state.language = 1
    station.faults.add(FaultKind.WRONG_TYPE, count=1, path="general/language")
    state = await client.async_fetch([Section.GENERAL])
    assert state.general is not None and state.general.language is None
    station.faults.add(FaultKind.MISSING_FIELD, count=1, path="general/language")
    state = await client.async_fetch([Section.GENERAL])
    assert state.general is not None and state.general.language is None
    state = await client.async_fetch([Section.GENERAL])
    assert state.general is not None and state.general.language is Language.TRADITIONAL_CHINESE


async def test_identity_mac_unusable(client: AstrosClient, station: SimulatedStation) -> None:
    """The identity cannot do without its MAC: AstrosResponseError."""
    station.state.eth_mac = "not-a-mac"
    with pytest.raises(AstrosResponseError):
        await client.async_get_identity()
    if station.api == "v2":
        station.state.eth_mac = "02:a5:70:00:00:99"
        station.faults.add(FaultKind.MISSING_FIELD, count=1, path="ethernet", field="mac")
        with pytest.raises(AstrosResponseError):
            await client.async_get_identity()
        assert (await client.async_get_identity()).mac == "02:a5:70:00:00:99"


SECTION_PATHS = {
    "v1": [
        "/api/v1/device",
        "general/language",
        "general/logincode",
        "general/remoteview",
        "general/wallpaper",
        "display/resolution",
        "power/mode",
        "time/ntp",
        "time/zone",
        "network/ethernet",
        "network/wifi",
        "macaddress",
        "admin/firmware",
    ],
    "v2": [
        "station/general",
        "wallpaper/list",
        "service",
        "station/resolution",
        "resolution/list",
        "power/setting",
        "station/time",
        "ethernet",
        "station/wifi",
        "firmware",
        "pod/pairing",
        "appBYOM",
    ],
}


@pytest.mark.parametrize("kind", [FaultKind.MISSING_FIELD, FaultKind.WRONG_TYPE])
async def test_every_endpoint_tolerates_mangling(
    client: AstrosClient, station: SimulatedStation, kind: FaultKind
) -> None:
    """Each read endpoint with its first field dropped or mistyped: no crash."""
    await client.async_login()
    for path in SECTION_PATHS[station.api]:
        station.faults.clear()
        station.faults.add(kind, count=None, path=path)
        try:
            state = await client.async_fetch()
        except AstrosError as err:
            assert isinstance(err, AstrosResponseError), (path, err)
        else:
            assert state.power is not None
    station.faults.clear()
