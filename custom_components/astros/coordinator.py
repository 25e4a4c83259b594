"""Polling and writes for one ASTROS station.

``AstrosCoordinator`` owns the station's :class:`StationState` snapshot.

Polling tiers
    Every tick (``scan_interval``, 30 s by default) re-reads only the sections
    whose data is older than their tier in :data:`POLL_TIERS` (see
    :attr:`AstrosCoordinator.section_max_age`), all in one
    ``client.async_fetch`` call. The first refresh, and the first one after a
    failure, read everything.

Online firmware check
    :meth:`AstrosCoordinator.async_check_firmware` makes the station ask its
    vendor for newer firmware: on its own at most every 6 hours (during a
    regular tick, failures only logged at debug level), on demand with
    ``force=True`` at most every 5 minutes. The answer is kept in
    :attr:`AstrosCoordinator.latest_firmware`.

Writes
    Every entity and service writes through
    :meth:`AstrosCoordinator.async_execute`::

        await coordinator.async_execute(lambda: client.async_set_remote_view(True))

    It runs the call, turns client errors into translated Home Assistant
    errors, re-reads only the sections the call returned and publishes the
    new snapshot.

Expected outages
    After Home Assistant itself reboots the station or starts a firmware
    update, call :meth:`AstrosCoordinator.expect_offline`: failures in that
    window keep the last data and are logged at debug level only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
import math
from typing import TYPE_CHECKING, Any, NoReturn

from homeassistant.const import CONF_SCAN_INTERVAL
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import (
    ConfigEntryAuthFailed,
    HomeAssistantError,
    ServiceValidationError,
)
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .api import (
    AstrosAuthenticationError,
    AstrosClient,
    AstrosError,
    AstrosRequestError,
    AstrosUnsupportedError,
    AstrosValidationError,
)
from .api.models import Section, StationIdentity, StationState
from .const import (
    DEFAULT_SCAN_INTERVAL,
    DEFAULT_SECTION_MAX_AGE,
    DOMAIN,
    FIRMWARE_CHECK_INTERVAL,
    FIRMWARE_FORCED_CHECK_MIN_INTERVAL,
    LOGGER,
    POLL_TIERS,
    TIER_SLACK,
)

if TYPE_CHECKING:
    from . import AstrosConfigEntry


def section_max_ages(client: AstrosClient) -> dict[Section, timedelta]:
    """Return the polling tier of every section ``client`` reads."""
    tiers = POLL_TIERS.get(client.api_version, {})
    return {
        section: tiers.get(section, DEFAULT_SECTION_MAX_AGE) for section in sorted(client.sections)
    }


def translated_error(err: AstrosError) -> HomeAssistantError:
    """Turn a client error of a write into the translated error shown to the person."""
    if isinstance(err, AstrosValidationError):
        return ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_value",
            translation_placeholders={
                "field": err.field,
                "value": str(err.value),
                "allowed": err.allowed,
            },
        )
    if isinstance(err, AstrosUnsupportedError):
        return ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unsupported",
            translation_placeholders={"error": str(err)},
        )
    if isinstance(err, AstrosRequestError):
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="station_refused",
            translation_placeholders={
                "code": str(err.error_code),
                "message": err.station_message,
            },
        )
    if isinstance(err, AstrosAuthenticationError):
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="authentication_failed",
        )
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="communication_error",
        translation_placeholders={"error": str(err) or type(err).__name__},
    )


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
        """Poll ``client`` every ``scan_interval`` seconds of the entry's options."""
        scan_interval = int(entry.options.get(CONF_SCAN_INTERVAL, DEFAULT_SCAN_INTERVAL))
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {identity.name or entry.title}",
            update_interval=timedelta(seconds=scan_interval),
            always_update=False,
        )
        self.client = client
        self.identity = identity
        #: Polling tier of each section: the maximum age of its data.
        self.section_max_age: dict[Section, timedelta] = section_max_ages(client)
        self._fetched_at: dict[Section, datetime] = {}
        #: Newest firmware the vendor offers (the installed version when nothing
        #: is newer); None until an online check succeeded.
        self.latest_firmware: str | None = None
        self._firmware_checked_at: datetime | None = None
        self._offline_until: datetime | None = None

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

    def requests_per_hour(self, requests_per_section: dict[Section, int] | None = None) -> float:
        """Estimate the HTTP requests an hour of polling costs at the current interval.

        ``requests_per_section`` says how many requests reading each section
        takes; by default the client's own table of endpoints (one request
        per endpoint) is used. Key renewals and firmware checks are not
        counted.
        """
        if requests_per_section is None:
            endpoints: dict[Section, tuple[str, ...]] = getattr(
                self.client, "section_endpoints", {}
            )
            requests_per_section = {section: len(paths) for section, paths in endpoints.items()}
        interval = (
            self.update_interval or timedelta(seconds=DEFAULT_SCAN_INTERVAL)
        ).total_seconds()
        total = 0.0
        for section, max_age in self.section_max_age.items():
            # A section is read on the first tick at or after its age limit.
            ticks = max(1, math.ceil((max_age - TIER_SLACK).total_seconds() / interval))
            total += requests_per_section.get(section, 1) * 3600 / (ticks * interval)
        return total

    async def _async_update_data(self) -> StationState:
        """Read the due sections (all of them the first time and after a failure)."""
        now = dt_util.utcnow()
        previous: StationState | None = self.data  # None before the first refresh
        due = self.due_sections(now)
        try:
            # Every generation has sections read at every tick: ``due`` is never empty.
            state = await self.client.async_fetch(due, previous=previous)
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
                LOGGER.debug(
                    "%s is not answering, as expected after a reboot or update: %s",
                    self.name,
                    err,
                )
                return previous
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="update_failed",
                translation_placeholders={"error": str(err) or type(err).__name__},
            ) from err
        for section in due:
            self._fetched_at[section] = now
        if previous is not None and self._firmware_check_due(now, FIRMWARE_CHECK_INTERVAL):
            await self._async_background_firmware_check(now)
        return state

    async def _async_refresh(
        self,
        log_failures: bool = True,
        raise_on_auth_failed: bool = False,
        scheduled: bool = False,
        raise_on_entry_error: bool = False,
    ) -> None:
        """Refresh, logging a station going silent once at info level, not as an error.

        A meeting-room station that is switched off or drops off the network is
        an expected event: its entities become unavailable and the log gets one
        line when it goes and one (the coordinator's own) when it comes back.
        """
        was_available = self.last_update_success
        await super()._async_refresh(
            log_failures=False,
            raise_on_auth_failed=raise_on_auth_failed,
            scheduled=scheduled,
            raise_on_entry_error=raise_on_entry_error,
        )
        if log_failures and was_available and not self.last_update_success:
            LOGGER.info("%s is unavailable: %s", self.name, self.last_exception)

    # Expected outages

    @callback
    def expect_offline(self, seconds: float) -> None:
        """Treat failures during the next ``seconds`` as expected (0 ends the window)."""
        self._offline_until = dt_util.utcnow() + timedelta(seconds=seconds) if seconds > 0 else None

    def offline_expected(self, now: datetime | None = None) -> bool:
        """Whether the station is allowed to be silent right now."""
        return self._offline_until is not None and (now or dt_util.utcnow()) < self._offline_until

    # Firmware

    @property
    def firmware_update_available(self) -> bool:
        """Whether the last online check found firmware newer than the installed one."""
        installed = self.data.firmware_version
        return self.latest_firmware is not None and self.latest_firmware != installed

    def _firmware_check_due(self, now: datetime, interval: timedelta) -> bool:
        return self._firmware_checked_at is None or now - self._firmware_checked_at >= interval

    async def _async_fetch_latest_firmware(self, now: datetime) -> None:
        """Ask the station's vendor now; a failed check also counts as a check."""
        self._firmware_checked_at = now
        info = await self.client.async_check_firmware()
        self.latest_firmware = info.latest or info.current

    async def _async_background_firmware_check(self, now: datetime) -> None:
        try:
            await self._async_fetch_latest_firmware(now)
        except AstrosError as err:
            LOGGER.debug("Online firmware check of %s failed: %s", self.name, err)

    async def async_check_firmware(self, *, force: bool = False) -> str | None:
        """Ask the station for newer firmware unless it was asked recently.

        Without ``force`` the station is asked at most every 6 hours, with it at
        most every 5 minutes. Returns :attr:`latest_firmware`. Errors of a
        check that was sent raise translated Home Assistant errors.
        """
        now = dt_util.utcnow()
        interval = FIRMWARE_FORCED_CHECK_MIN_INTERVAL if force else FIRMWARE_CHECK_INTERVAL
        if not self._firmware_check_due(now, interval):
            return self.latest_firmware
        try:
            await self._async_fetch_latest_firmware(now)
        except AstrosError as err:
            self._raise_translated(err)
        self.async_update_listeners()
        return self.latest_firmware

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
            self._raise_translated(err)
        if acknowledged is not None:
            acknowledged()
        if not changed:
            return
        try:
            state = await self.client.async_fetch(changed, previous=self.data)
        except AstrosError as err:
            # The write went through; the next poll shows its effect.
            LOGGER.debug("Re-reading %s after a write failed: %s", self.name, err)
            for section in changed:
                self._fetched_at.pop(section, None)
            await self.async_request_refresh()
            return
        now = dt_util.utcnow()
        for section in changed:
            self._fetched_at[section] = now
        self.async_set_updated_data(state)

    def _raise_translated(self, err: AstrosError) -> NoReturn:
        if isinstance(err, AstrosAuthenticationError):
            self.config_entry.async_start_reauth(self.hass)
        raise translated_error(err) from err

    # Device registry

    @callback
    def async_update_device(self) -> None:
        """Keep the device's name and firmware version in step with the station."""
        registry = dr.async_get(self.hass)
        # Looked up through the entry: the identifier lookup changed name in 2026.
        device = next(
            (
                device
                for device in dr.async_entries_for_config_entry(
                    registry, self.config_entry.entry_id
                )
                if (DOMAIN, self.config_entry.unique_id) in device.identifiers
            ),
            None,
        )
        if device is None:
            return
        changes: dict[str, Any] = {}
        if (version := self.data.firmware_version) and version != device.sw_version:
            changes["sw_version"] = version
        if (name := self.data.name) and name != device.name:
            changes["name"] = name
        if changes:
            registry.async_update_device(device.id, **changes)
