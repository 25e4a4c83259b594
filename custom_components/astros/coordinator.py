"""Polling and writes for one ASTROS station.

``AstrosCoordinator`` owns the station's :class:`StationState` snapshot; the
slow checks (vendor firmware, factory password) have their own coordinator in
``maintenance.py``.

Polling tiers
    Every tick (:data:`SCAN_INTERVAL`) re-reads only the sections whose data
    is older than their tier in :data:`POLL_TIERS`, all in one
    ``client.async_fetch`` call, one request after the other over a single
    connection. The first refresh, and the first one after a failure, read
    everything, all requests at once.

Writes
    Entities, actions and repairs write through :meth:`AstrosCoordinator.async_execute`,
    which runs the call, turns client errors into translated Home Assistant
    errors and re-reads only the sections the call changed. A refresh that
    read a section before a write to it finished never puts the old value back.

Expected outages
    :meth:`AstrosCoordinator.async_reboot` and the firmware install tell the
    coordinator when the station will be silent: failures in that window keep
    the last data and are logged at debug level only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NoReturn

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import (
    ConfigEntryAuthFailed,
    ServiceValidationError,
)
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .api import AstrosAuthenticationError, AstrosClient, AstrosError
from .api.models import Section, StationIdentity, StationState
from .const import (
    BOOT_TIME_TOLERANCE,
    DEFAULT_SECTION_MAX_AGE,
    DOMAIN,
    LOGGER,
    POLL_TIERS,
    REBOOT_OFFLINE_SECONDS,
    SCAN_INTERVAL,
    TIER_SLACK,
)
from .firmware import FirmwareInstall, InstallProgress
from .helpers import error_text, translated_error

if TYPE_CHECKING:
    from .maintenance import AstrosMaintenanceCoordinator


@dataclass
class AstrosData:
    """What a set-up entry keeps at run time."""

    client: AstrosClient
    coordinator: AstrosCoordinator
    maintenance: AstrosMaintenanceCoordinator


type AstrosConfigEntry = ConfigEntry[AstrosData]


def section_max_ages(client: AstrosClient) -> dict[Section, timedelta]:
    """Return the polling tier of every section ``client`` reads."""
    tiers = POLL_TIERS.get(client.api_version, {})
    return {
        section: tiers.get(section, DEFAULT_SECTION_MAX_AGE) for section in sorted(client.sections)
    }


class AstrosCoordinator(DataUpdateCoordinator[StationState]):
    """Keep one station's state fresh and run writes against it."""

    config_entry: AstrosConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: AstrosConfigEntry,
        client: AstrosClient,
        identity: StationIdentity,
    ) -> None:
        """Poll ``client`` every :data:`SCAN_INTERVAL`."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {identity.name or entry.title}",
            update_interval=SCAN_INTERVAL,
            always_update=False,
        )
        self.client = client
        self.identity = identity
        #: Polling tier of each section: the maximum age of its data.
        self.section_max_age: dict[Section, timedelta] = section_max_ages(client)
        self._fetched_at: dict[Section, datetime] = {}
        #: Counts the writes to each section, so that a read older than a write is dropped.
        self._writes: dict[Section, int] = {}
        self._offline_window: tuple[datetime, datetime] | None = None
        self._boot: datetime | None = None  # now - uptime at the last restart seen
        self._install_task: asyncio.Task[None] | None = None
        #: The firmware install running now, if any.
        self.install_progress: InstallProgress | None = None
        #: Somebody cancelled the running download: the install stops following it.
        self.download_cancelled = False

    # Polling

    def due_sections(self, now: datetime | None = None) -> frozenset[Section]:
        """Sections whose data is older than their tier at ``now``."""
        now = now or dt_util.utcnow()
        return frozenset(
            section
            for section, max_age in self.section_max_age.items()
            if (fetched := self._fetched_at.get(section)) is None
            or now - fetched >= max_age - TIER_SLACK
        )

    async def _async_update_data(self) -> StationState:
        """Read the due sections (all of them the first time and after a failure)."""
        now = dt_util.utcnow()
        previous: StationState | None = self.data  # None before the first refresh
        due = self.due_sections(now)
        writes_before = dict(self._writes)
        # Nobody waits on a regular poll: its few reads share one connection. A
        # full read (the first, or the first after a failure) goes all at once.
        full = not self._fetched_at
        try:
            # Every generation has sections read at every tick: ``due`` is never empty.
            state = await self.client.async_fetch(due, previous=previous, sequential=not full)
        except AstrosAuthenticationError as err:
            self._fetched_at.clear()
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN,
                translation_key="authentication_failed",
            ) from err
        except AstrosError as err:
            # Re-read everything once the station answers again.
            self._fetched_at.clear()
            if previous is not None and self.offline_expected(now):
                LOGGER.debug("%s is silent, as expected after a restart: %s", self.name, err)
                return previous
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="update_failed",
                translation_placeholders={"error": error_text(err)},
            ) from err
        overtaken = {s for s in due if self._writes.get(s, 0) != writes_before.get(s, 0)}
        if overtaken and self.data is not None:
            # A write finished while this read ran: its read-back is newer than this answer.
            state = dataclasses.replace(
                state, **{str(s): getattr(self.data, str(s)) for s in overtaken}
            )
        for section in due - overtaken - state.failed_sections:
            self._fetched_at[section] = now
        # Unchanged data does not wake the entities (``always_update`` off), and the
        # uptime is left out of that comparison; a restart must still be shown.
        self.always_update = self._boot_moved(state, now)
        return state

    def _boot_moved(self, state: StationState, now: datetime) -> bool:
        """Whether now - uptime moved further than the boot time sensor tolerates."""
        uptime = state.status.uptime if state.status else None
        if uptime is None:
            return False
        try:
            boot = now - timedelta(seconds=uptime)
        except OverflowError:  # an uptime no clock can go back: the sensor ignores it too
            return False
        moved = self._boot is not None and abs(boot - self._boot) > BOOT_TIME_TOLERANCE
        if self._boot is None or moved:
            self._boot = boot
        return moved

    # Expected outages

    @callback
    def expect_offline(self, seconds: float, *, after: float = 0) -> None:
        """Treat failures from ``after`` seconds on, for ``seconds``, as expected (0 ends it)."""
        if seconds <= 0:
            self._offline_window = None
            return
        start = dt_util.utcnow() + timedelta(seconds=after)
        self._offline_window = (start, start + timedelta(seconds=seconds))

    def offline_expected(self, now: datetime | None = None) -> bool:
        """Whether the station is allowed to be silent right now."""
        if self._offline_window is None:
            return False
        start, end = self._offline_window
        return start <= (now or dt_util.utcnow()) < end

    # Writes

    async def async_execute(
        self,
        call: Callable[[], Awaitable[frozenset[Section] | None]],
        acknowledged: Callable[[], None] | None = None,
    ) -> None:
        """Run a write, then re-read just the sections it changed.

        ``call`` returns the changed sections (as every client write does) or
        None. Once the station has accepted the write, ``acknowledged`` runs
        (an entity shows the value the station just accepted without waiting
        for the re-read, which then confirms or corrects it). Client errors
        become translated ``ServiceValidationError`` / ``HomeAssistantError``;
        a refused login also starts reauthentication.
        """
        try:
            changed = await call()
        except AstrosError as err:
            self.raise_translated(err)
        for section in changed or ():
            self._writes[section] = self._writes.get(section, 0) + 1
        if acknowledged is not None:
            acknowledged()
        if not changed:
            return
        try:
            state = await self.client.async_fetch(changed, previous=self.data)
        except AstrosError as err:
            state = None
            LOGGER.debug("Re-reading %s after a write failed: %s", self.name, err)
        if state is None or changed & state.failed_sections:
            # The write went through; a poll now shows its effect.
            for section in changed:
                self._fetched_at.pop(section, None)
            await self.async_request_refresh()
            return
        now = dt_util.utcnow()
        for section in changed:
            self._fetched_at[section] = now
        self.async_set_updated_data(state)

    def raise_translated(self, err: AstrosError) -> NoReturn:
        """Raise ``err`` as the translated error; a refused login also starts reauthentication."""
        if isinstance(err, AstrosAuthenticationError):
            self.config_entry.async_start_reauth(self.hass)
        raise translated_error(err) from err

    async def async_reboot(self, delay: int | None = None, reason: str | None = None) -> None:
        """Restart the station (after ``delay`` minutes); its silence then is no error."""
        seconds_to_reboot = 60 * (delay or 0)
        self.expect_offline(REBOOT_OFFLINE_SECONDS, after=seconds_to_reboot)
        try:
            await self.async_execute(
                lambda: self.client.async_reboot(delay or None, reason or None)
            )
        except Exception:
            self.expect_offline(0)
            raise

    # Firmware install

    @callback
    def set_install_progress(self, progress: InstallProgress | None) -> None:
        """Show how far the running install is (None: no install runs)."""
        self.install_progress = progress
        self.async_update_listeners()

    async def async_install_firmware(self, *, running: bool = False) -> None:
        """Install the offered firmware, or wait for the install already running.

        ``running``: the station already installs (started before a reload):
        follow it to its end instead of starting another.
        """
        if self._install_task is None or self._install_task.done():
            self._install_task = self.config_entry.async_create_background_task(
                self.hass,
                FirmwareInstall(self, running=running).async_run(),
                f"{DOMAIN} firmware install {self.config_entry.entry_id}",
            )
        # Whoever waits may give up; the install goes on until the entry unloads.
        await asyncio.shield(self._install_task)

    @property
    def download_running(self) -> bool:
        """Whether a firmware download Home Assistant follows runs now (v2)."""
        return self.install_progress is not None and self.install_progress.downloading

    async def async_cancel_firmware_download(self) -> None:
        """Stop the running firmware download; the install following it then ends."""
        if not self.download_running:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="no_firmware_download"
            )
        await self.async_execute(self.client.async_cancel_firmware_download)
        self.download_cancelled = True
        self.set_install_progress(None)
