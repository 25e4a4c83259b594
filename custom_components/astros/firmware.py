"""Installing firmware over the air, the one routine the update entity and the button share.

v2 stations download the file (with a percentage), then install it on
request; v1 stations download and install by themselves. Either way the
station reboots and comes back with the new version, which the install waits
for (within :data:`FIRMWARE_UPDATE_OFFLINE_SECONDS`). One install runs per
station at a time; it belongs to the config entry, so unloading the entry
stops it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
import time
from typing import TYPE_CHECKING

from homeassistant.core import callback
from homeassistant.exceptions import HomeAssistantError

from .api import AstrosError
from .api.models import FirmwareUpdateState, Section, StationState, StationStatus
from .const import DOMAIN, FIRMWARE_UPDATE_OFFLINE_SECONDS, LOGGER

if TYPE_CHECKING:
    from .coordinator import AstrosCoordinator

#: Seconds between two progress questions while an update runs.
PROGRESS_INTERVAL = 1.5


@dataclass(frozen=True, slots=True)
class InstallProgress:
    """A running install: the download percentage where the station reports one."""

    percentage: int | None = None
    #: The station is downloading the file (v2): the download can be cancelled.
    downloading: bool = False


class FirmwareInstall:
    """Follow one over-the-air update of ``coordinator``'s station to its end."""

    def __init__(self, coordinator: AstrosCoordinator, *, running: bool = False) -> None:
        """Nothing is sent before :meth:`async_run`; ``running``: follow one already started."""
        self.coordinator = coordinator
        self.running = running
        self.client = coordinator.client
        self.name = coordinator.name
        self.previous = coordinator.data.firmware_version
        self.deadline = time.monotonic() + FIRMWARE_UPDATE_OFFLINE_SECONDS

    async def async_run(self) -> None:
        """Start the update and wait until the station runs the new version."""
        coordinator = self.coordinator
        coordinator.download_cancelled = False
        coordinator.set_install_progress(InstallProgress())
        try:
            if not self.running:
                await coordinator.async_execute(self.client.async_start_firmware_update)
            coordinator.expect_offline(FIRMWARE_UPDATE_OFFLINE_SECONDS)
            state = await self._async_follow_progress()
            if state is None:
                state = await self._async_wait_for_new_version()
        except BaseException:
            coordinator.expect_offline(0)
            raise
        finally:
            coordinator.set_install_progress(None)
        coordinator.expect_offline(0)
        coordinator.async_set_updated_data(state)
        # Everything else may have changed with the reboot too.
        await coordinator.async_request_refresh()
        LOGGER.info(
            "%s now runs firmware %s (was %s)", self.name, state.firmware_version, self.previous
        )

    async def _async_follow_progress(self) -> StationState | None:
        """Report the download; return the new state if the station already rebooted.

        Returns None once the station installs (it is rebooting or about to).
        """
        coordinator = self.coordinator
        while time.monotonic() < self.deadline:
            await asyncio.sleep(PROGRESS_INTERVAL)
            if coordinator.download_cancelled:
                raise HomeAssistantError(
                    translation_domain=DOMAIN, translation_key="firmware_download_cancelled"
                )
            try:
                progress = await self.client.async_firmware_progress()
            except AstrosError as err:
                # The station stopped answering: it reboots into the new firmware.
                LOGGER.debug("Progress of %s unavailable: %s", self.name, err)
                return None
            LOGGER.debug("Firmware update of %s: %s", self.name, progress)
            if progress.state is FirmwareUpdateState.FAILED:
                raise HomeAssistantError(
                    translation_domain=DOMAIN, translation_key="firmware_update_failed"
                )
            if progress.state is FirmwareUpdateState.DOWNLOADING:
                coordinator.set_install_progress(
                    InstallProgress(progress.percent, downloading=True)
                )
            elif progress.state is FirmwareUpdateState.DOWNLOADED:
                coordinator.set_install_progress(InstallProgress(100))
                await coordinator.async_execute(self.client.async_install_downloaded_firmware)
                return None
            elif progress.state is FirmwareUpdateState.INSTALLING:
                coordinator.set_install_progress(InstallProgress())
            elif (state := await self._async_new_version()) is not None:
                return state  # IDLE: not started yet, or already done and back
        raise self._timeout()

    async def _async_wait_for_new_version(self) -> StationState:
        """Wait until the station answers with another firmware version."""
        self.coordinator.set_install_progress(InstallProgress())
        while time.monotonic() < self.deadline:
            await asyncio.sleep(PROGRESS_INTERVAL)
            if (state := await self._async_new_version()) is not None:
                return state
        raise self._timeout()

    async def _async_new_version(self) -> StationState | None:
        """The station's state once it reports another version; None until then."""
        sections = {Section.FIRMWARE, Section.STATUS} & self.client.sections
        try:
            state = await self.client.async_fetch(sections, previous=self.coordinator.data)
        except AstrosError as err:
            LOGGER.debug("%s not back yet: %s", self.name, err)
            return None
        if state.firmware_version in (None, self.previous):
            return None
        return state

    def _timeout(self) -> HomeAssistantError:
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="firmware_update_timeout",
            translation_placeholders={"minutes": str(round(FIRMWARE_UPDATE_OFFLINE_SECONDS / 60))},
        )


@callback
def async_follow_running_install(coordinator: AstrosCoordinator) -> None:
    """Show an update the station reports as running (after a reload) until it ends."""
    status = coordinator.data.status
    if status is None or StationStatus.UPDATING not in status.statuses:
        return

    async def follow() -> None:
        try:
            await coordinator.async_install_firmware(running=True)
        except HomeAssistantError as err:
            LOGGER.warning("Firmware update of %s did not finish: %s", coordinator.name, err)

    entry = coordinator.config_entry
    entry.async_create_background_task(
        coordinator.hass, follow(), f"{DOMAIN} running install {entry.entry_id}"
    )
