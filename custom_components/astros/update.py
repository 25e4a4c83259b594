"""Firmware of an ASTROS station as an update entity.

Installing runs the station's over-the-air update: v2 stations download the
file (with a percentage), then install it on request; v1 stations download and
install by themselves. Either way the station reboots and comes back with the
new version, which the entity waits for (within
``FIRMWARE_UPDATE_OFFLINE_SECONDS``).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from homeassistant.components.update import (
    UpdateDeviceClass,
    UpdateEntity,
    UpdateEntityDescription,
    UpdateEntityFeature,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import AstrosConfigEntry
from .api import AstrosError
from .api.models import FirmwareUpdateState, Section, StationState
from .const import DOMAIN, FIRMWARE_UPDATE_OFFLINE_SECONDS, LOGGER
from .coordinator import AstrosCoordinator
from .entity import AstrosEntity

PARALLEL_UPDATES = 1

#: Seconds between two progress questions while an update runs.
PROGRESS_INTERVAL = 1.5

FIRMWARE_UPDATE = UpdateEntityDescription(
    key="firmware",
    device_class=UpdateDeviceClass.FIRMWARE,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AstrosConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the firmware update entity."""
    async_add_entities([AstrosFirmwareUpdate(entry.runtime_data.coordinator, FIRMWARE_UPDATE)])


class AstrosFirmwareUpdate(AstrosEntity, UpdateEntity):
    """The station's firmware: installed, offered by the vendor, installable."""

    _attr_supported_features = UpdateEntityFeature.INSTALL | UpdateEntityFeature.PROGRESS
    _attr_release_url = None

    def __init__(
        self, coordinator: AstrosCoordinator, description: UpdateEntityDescription
    ) -> None:
        """Nothing is running yet."""
        super().__init__(coordinator, description)
        self._attr_in_progress = False
        self._attr_update_percentage = None

    @property
    def installed_version(self) -> str | None:
        """The version the station runs."""
        return self.coordinator.data.firmware_version

    @property
    def latest_version(self) -> str | None:
        """The newest version the vendor offers (the installed one until a check finds more)."""
        return self.coordinator.latest_firmware or self.installed_version

    async def async_update(self) -> None:
        """Ask the station for newer firmware now ("check for updates"), rate-limited."""
        await self.coordinator.async_check_firmware(force=True)

    async def async_install(self, version: str | None, backup: bool, **kwargs: Any) -> None:
        """Download and install the offered firmware, then wait for the station to return."""
        coordinator = self.coordinator
        client = coordinator.client
        previous = self.installed_version
        deadline = time.monotonic() + FIRMWARE_UPDATE_OFFLINE_SECONDS
        self._set_progress(True, None)
        try:
            await coordinator.async_execute(client.async_start_firmware_update)
            coordinator.expect_offline(FIRMWARE_UPDATE_OFFLINE_SECONDS)
            state = await self._async_follow_progress(previous, deadline)
            if state is None:
                state = await self._async_wait_for_new_version(previous, deadline)
        except BaseException:
            coordinator.expect_offline(0)
            raise
        finally:
            self._set_progress(False, None)
        coordinator.expect_offline(0)
        coordinator.async_set_updated_data(state)
        # Everything else may have changed with the reboot too.
        await coordinator.async_request_refresh()
        LOGGER.info(
            "%s now runs firmware %s (was %s)", coordinator.name, state.firmware_version, previous
        )

    async def _async_follow_progress(
        self, previous: str | None, deadline: float
    ) -> StationState | None:
        """Report the download; return the new state if the station already rebooted.

        Returns None once the station installs (it is rebooting or about to).
        """
        client = self.coordinator.client
        while time.monotonic() < deadline:
            await asyncio.sleep(PROGRESS_INTERVAL)
            try:
                progress = await client.async_firmware_progress()
            except AstrosError as err:
                # The station stopped answering: it reboots into the new firmware.
                LOGGER.debug("Progress of %s unavailable: %s", self.coordinator.name, err)
                return None
            LOGGER.debug("Firmware update of %s: %s", self.coordinator.name, progress)
            if progress.state is FirmwareUpdateState.FAILED:
                raise HomeAssistantError(
                    translation_domain=DOMAIN, translation_key="firmware_update_failed"
                )
            if progress.state is FirmwareUpdateState.DOWNLOADING:
                self._set_progress(True, progress.percent)
            elif progress.state is FirmwareUpdateState.DOWNLOADED:
                self._set_progress(True, 100)
                await self.coordinator.async_execute(client.async_install_downloaded_firmware)
                return None
            elif progress.state is FirmwareUpdateState.INSTALLING:
                self._set_progress(True, None)
            else:  # IDLE: not started yet, or already done and back
                state = await self._async_read_version()
                if state is not None and state.firmware_version not in (None, previous):
                    return state
        raise self._timeout()

    async def _async_wait_for_new_version(
        self, previous: str | None, deadline: float
    ) -> StationState:
        """Wait until the station answers with another firmware version."""
        self._set_progress(True, None)
        while time.monotonic() < deadline:
            await asyncio.sleep(PROGRESS_INTERVAL)
            state = await self._async_read_version()
            if state is not None and state.firmware_version not in (None, previous):
                return state
        raise self._timeout()

    async def _async_read_version(self) -> StationState | None:
        """Read the station's firmware section; None while it does not answer."""
        client = self.coordinator.client
        sections = {Section.FIRMWARE, Section.STATUS} & client.sections
        try:
            return await client.async_fetch(sections, previous=self.coordinator.data)
        except AstrosError as err:
            LOGGER.debug("%s not back yet: %s", self.coordinator.name, err)
            return None

    def _timeout(self) -> HomeAssistantError:
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="firmware_update_timeout",
            translation_placeholders={"minutes": str(round(FIRMWARE_UPDATE_OFFLINE_SECONDS / 60))},
        )

    def _set_progress(self, in_progress: bool, percentage: int | None) -> None:
        self._attr_in_progress = in_progress
        self._attr_update_percentage = percentage
        self.async_write_ha_state()
