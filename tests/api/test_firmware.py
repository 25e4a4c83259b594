"""Firmware checks and over-the-air updates through to the new version."""

from __future__ import annotations

import asyncio

import pytest

from custom_components.astros.api import (
    AstrosClient,
    AstrosConnectionError,
    AstrosRequestError,
    FirmwareProgress,
    FirmwareUpdateState,
    Section,
)
from simulator import FaultKind, SimulatedStation

NEW = {"v1": "1.3.0.0", "v2": "2.2.0.0"}


async def progress_until(
    client: AstrosClient, wanted: FirmwareUpdateState, seen: list[FirmwareProgress]
) -> None:
    """Poll the progress until ``wanted`` (at most a few seconds)."""
    for _ in range(200):
        progress = await client.async_firmware_progress()
        seen.append(progress)
        if progress.state is wanted:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{wanted} not reached: {seen[-5:]}")


async def test_check_firmware(client: AstrosClient, station: SimulatedStation) -> None:
    """latest only when the vendor offers something newer."""
    current = station.state.firmware_version
    info = await client.async_check_firmware()
    assert (info.current, info.latest) == (current, None)
    station.state.available_firmware = current
    assert (await client.async_check_firmware()).latest is None
    station.state.available_firmware = NEW[station.api]
    assert (await client.async_check_firmware()).latest == NEW[station.api]
    station.state.vendor_reachable = False
    with pytest.raises(AstrosRequestError) as err:
        await client.async_check_firmware()
    assert err.value.error_code == 1100


async def test_update_to_new_version(client: AstrosClient, station: SimulatedStation) -> None:
    """Start, follow the progress, and come back with the new version."""
    new = NEW[station.api]
    station.state.available_firmware = new
    assert (await client.async_firmware_progress()).state is FirmwareUpdateState.IDLE
    assert station.state.ota_status == 0  # asking did not start anything
    await client.async_start_firmware_update()
    seen: list[FirmwareProgress] = []
    if station.api == "v2":
        await progress_until(client, FirmwareUpdateState.DOWNLOADED, seen)
        assert seen[-1].percent == 100
        downloading = [p for p in seen if p.state is FirmwareUpdateState.DOWNLOADING]
        assert all(p.percent is not None and 0 <= p.percent <= 100 for p in downloading)
        await client.async_install_downloaded_firmware()
    await progress_until(client, FirmwareUpdateState.INSTALLING, seen)
    await progress_until(client, FirmwareUpdateState.IDLE, seen)
    state = await client.async_fetch([Section.FIRMWARE])
    assert state.firmware_version == new
    assert (await client.async_get_identity()).firmware_version == new


async def test_start_without_newer_firmware(
    client: AstrosClient, station: SimulatedStation
) -> None:
    """Nothing newer: the station refuses with 1100."""
    with pytest.raises(AstrosRequestError) as err:
        await client.async_start_firmware_update()
    assert err.value.error_code == 1100


async def test_progress_while_unreachable(client: AstrosClient, station: SimulatedStation) -> None:
    """Without an update running, an unreachable station is a connection error."""
    await station.go_offline()
    with pytest.raises(AstrosConnectionError):
        await client.async_firmware_progress()
    await station.go_online()


async def test_v2_download_failure(client: AstrosClient, station: SimulatedStation) -> None:
    """v2: a download that cannot go on is FAILED; installing nothing is refused."""
    if station.api != "v2":
        await client.async_install_downloaded_firmware()  # v1: installs by itself, a no-op
        assert station.requests == []
        return
    station.state.available_firmware = NEW["v2"]
    await client.async_start_firmware_update()
    await client.async_firmware_progress()
    station.stop_download()
    station.state.vendor_reachable = False
    assert (await client.async_firmware_progress()).state is FirmwareUpdateState.FAILED
    assert (await client.async_firmware_progress()).state is FirmwareUpdateState.IDLE
    with pytest.raises(AstrosRequestError) as err:
        await client.async_install_downloaded_firmware()
    assert err.value.error_code == 1005


async def test_v2_progress_other_errors(client: AstrosClient, station: SimulatedStation) -> None:
    """Errors other than a firmware failure pass through."""
    if station.api != "v2":
        return
    station.state.available_firmware = NEW["v2"]
    await client.async_start_firmware_update()
    station.faults.add(FaultKind.ERROR_CODE, count=1, error_code=1200)
    with pytest.raises(AstrosRequestError):
        await client.async_firmware_progress()
