"""The slow checks of one ASTROS station: vendor firmware and the factory password.

Both ask something that rarely changes and, for the firmware, makes the
station contact its vendor: a coordinator of their own runs them every
:data:`MAINTENANCE_INTERVAL`, apart from the station's polling. A failed
check keeps what the previous one found.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
import random

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from .api import AstrosError
from .api.models import Capability
from .const import (
    DOMAIN,
    FIRMWARE_FORCED_CHECK_MIN_INTERVAL,
    LOGGER,
    MAINTENANCE_FIRST_CHECK_DELAY,
    MAINTENANCE_INTERVAL,
)
from .coordinator import AstrosConfigEntry, AstrosCoordinator


@dataclass(frozen=True, slots=True)
class MaintenanceInfo:
    """What the slow checks found; None where a check has not succeeded yet."""

    #: Newest firmware the vendor offers (the installed version when nothing is newer).
    latest_firmware: str | None = None
    #: Whether the station still accepts its factory admin password.
    factory_password: bool | None = None


class AstrosMaintenanceCoordinator(DataUpdateCoordinator[MaintenanceInfo]):
    """Ask for newer firmware and for the factory password every few hours."""

    config_entry: AstrosConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: AstrosConfigEntry,
        coordinator: AstrosCoordinator,
        *,
        factory_password: bool | None = None,
    ) -> None:
        """Check through the station ``coordinator`` polls.

        ``factory_password``: what the station said before the login (v2's
        ``GET model``), shown until the first checks run.
        """
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{coordinator.name} maintenance",
            update_interval=MAINTENANCE_INTERVAL,
            always_update=False,
        )
        self.coordinator = coordinator
        self.data = MaintenanceInfo(factory_password=factory_password)
        self._asked_at: datetime | None = None

    @property
    def firmware_update_available(self) -> bool:
        """Whether the last check found firmware other than the installed one."""
        latest = self.data.latest_firmware
        installed = self.coordinator.data.firmware_version if self.coordinator.data else None
        return latest is not None and installed is not None and latest != installed

    async def _async_latest_firmware(self) -> str | None:
        info = await self.coordinator.client.async_check_firmware()
        return info.latest or info.current

    async def _async_update_data(self) -> MaintenanceInfo:
        """Run both checks; one that fails keeps its previous answer."""
        found = self.data
        try:
            found = replace(found, latest_firmware=await self._async_latest_firmware())
        except AstrosError as err:
            LOGGER.debug("Online firmware check of %s failed: %s", self.coordinator.name, err)
        if Capability.FACTORY_PASSWORD_CHECK in self.coordinator.client.capabilities:
            try:
                uses_factory = await self.coordinator.client.async_uses_factory_password()
            except AstrosError as err:
                LOGGER.debug("Password check of %s failed: %s", self.coordinator.name, err)
            else:
                found = replace(found, factory_password=uses_factory)
        return found

    async def async_check_firmware_now(self) -> None:
        """Check for firmware at once, unless somebody asked moments ago.

        Errors are raised translated (a refused login starts reauthentication).
        """
        now = dt_util.utcnow()
        if self._asked_at is not None and now - self._asked_at < FIRMWARE_FORCED_CHECK_MIN_INTERVAL:
            return
        self._asked_at = now
        try:
            latest = await self._async_latest_firmware()
        except AstrosError as err:
            self.coordinator.raise_translated(err)
        self.async_set_updated_data(replace(self.data, latest_firmware=latest))

    def async_start(self) -> None:
        """Run the first checks a few minutes after setup, at a time of this station's own.

        Not during setup: the vendor check is slow, setup has just read the
        installed version, and a building's stations started together would
        all contact the vendor in the same second.
        """
        delay = random.uniform(*MAINTENANCE_FIRST_CHECK_DELAY)  # noqa: S311 - not a secret

        @callback
        def _first_check(_now: datetime) -> None:
            self.config_entry.async_create_background_task(
                self.hass,
                self.async_refresh(),
                f"{DOMAIN} first checks {self.config_entry.entry_id}",
            )

        self.config_entry.async_on_unload(async_call_later(self.hass, delay, _first_check))
