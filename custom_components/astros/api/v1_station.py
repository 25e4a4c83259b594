"""The v1 station's tables, login, identity and firmware update."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from .base import BaseClient, SectionReader
from .const import (
    SETTABLE_RESOLUTIONS,
    V1_BASE_PATH,
    V1_POWER_TIMEOUTS,
)
from .exceptions import (
    AstrosConnectionError,
)
from .keys import KeyGrant
from .models import (
    ApiVersion,
    Capability,
    FirmwareInfo,
    FirmwareProgress,
    FirmwareUpdateState,
    Resolution,
    Section,
    StationIdentity,
    StationStatus,
    StatusInfo,
)
from .parse import (
    parse_firmware,
    to_datetime,
)
from .parse_v1 import (
    parse_api_key,
    parse_device,
    parse_display,
    parse_general,
    parse_identity,
    parse_network,
    parse_power,
    parse_time,
)


@dataclass(slots=True)
class _RunningUpdate:
    """What the station looked like when this client started an update."""

    firmware_version: str | None
    uptime: int | None
    rebooted: bool = False  # it was unreachable since

    def finished(self, now: StatusInfo) -> bool:
        """Whether the station has come back from the update's reboot."""
        if self.rebooted or now.firmware_version != self.firmware_version:
            return True
        if now.uptime is None or self.uptime is None:
            return True  # cannot tell: do not report an update forever
        return now.uptime < self.uptime


class V1Station(BaseClient):
    """What a generation 1 client reads: its table, login, identity and firmware."""

    api_version: ClassVar[ApiVersion] = ApiVersion.V1
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {
            Capability.DISPLAY_POWER,
            Capability.UPTIME,
            Capability.STATUS,
            Capability.SERIAL_NUMBER,
            Capability.NTP_PORT,
            Capability.REBOOT_OPTIONS,
        }
    )
    sections: ClassVar[frozenset[Section]] = frozenset(
        {
            Section.STATUS,
            Section.GENERAL,
            Section.DISPLAY,
            Section.POWER,
            Section.TIME,
            Section.NETWORK,
            Section.FIRMWARE,
        }
    )
    power_timeouts: ClassVar[tuple[int, ...]] = V1_POWER_TIMEOUTS
    resolutions: ClassVar[tuple[Resolution, ...]] = SETTABLE_RESOLUTIONS
    base_path: ClassVar[str] = V1_BASE_PATH
    core_section: ClassVar[Section] = Section.STATUS
    key_probe_paths: ClassVar[tuple[str, ...]] = ("time", "")
    unrecorded_paths: ClassVar[frozenset[str]] = frozenset({"admin/configuration"})
    readers: ClassVar[Mapping[Section, SectionReader]] = {
        Section.STATUS: SectionReader(("",), parse_device),
        Section.GENERAL: SectionReader(
            (
                "general/language",
                "general/logincode",
                "general/remoteview",
                "general/wallpaper",
            ),
            parse_general,
        ),
        Section.DISPLAY: SectionReader(("display/resolution",), parse_display),
        Section.POWER: SectionReader(("power/mode",), parse_power),
        Section.TIME: SectionReader(("time/ntp", "time/zone", "time"), parse_time),
        Section.NETWORK: SectionReader(
            (
                "network/ethernet",
                "network/wifi",
                "network/ethernet/macaddress",
                "network/wifi/macaddress",
            ),
            parse_network,
        ),
        Section.FIRMWARE: SectionReader(("admin/firmware",), parse_firmware),
    }

    _update: _RunningUpdate | None = None  # an update this client started

    async def _request_key(self) -> KeyGrant:
        if ":" in self.username:  # HTTP Basic cannot carry it
            raise self._auth_refused()
        # Built by hand: aiohttp's BasicAuth helper is deprecated from aiohttp 3.12 on.
        credentials = base64.b64encode(
            f"{self.username}:{self.settings.password}".encode()
        ).decode()
        envelope = await self._transport.request(
            "PUT",
            "admin/apikey",
            query={"username": self.username},
            headers={"Authorization": f"Basic {credentials}"},
        )
        return parse_api_key(self._login_checked(envelope).data)

    async def _station_clock(self, key: str) -> float | None:
        now = to_datetime(await self._read_with_key(key, "time"))
        return None if now is None or now.tzinfo is None else now.timestamp()

    async def async_get_identity(self) -> StationIdentity:
        """The Ethernet MAC, serial number, model, name and firmware."""
        answers = await self._gather("", "network/wifi/macaddress")
        return parse_identity(answers[""], answers["network/wifi/macaddress"])

    # ------------------------------------------------------------ firmware

    async def async_check_firmware(self) -> FirmwareInfo:
        """Ask the vendor server (through the station) for newer firmware."""
        return parse_firmware(await self._get("admin/firmware", {"hasNew": True}))

    async def async_start_firmware_update(self) -> None:
        """Start the OTA update: the station downloads, installs and reboots by itself."""
        before = parse_device(await self._get(""))
        await self._call("POST", "admin/firmware")
        self._update = _RunningUpdate(before.firmware_version, before.uptime)

    async def async_firmware_progress(self) -> FirmwareProgress:
        """INSTALLING from the start of an update until the station has rebooted."""
        update = self._update
        try:
            status = parse_device(await self._get(""))
        except AstrosConnectionError:
            if update is None:
                raise
            update.rebooted = True
            return FirmwareProgress(FirmwareUpdateState.INSTALLING)
        if StationStatus.UPDATING in status.statuses:
            return FirmwareProgress(FirmwareUpdateState.INSTALLING)
        if update is not None and not update.finished(status):
            # Between "updating" and the reboot the station looks idle.
            return FirmwareProgress(FirmwareUpdateState.INSTALLING)
        self._update = None
        return FirmwareProgress(FirmwareUpdateState.IDLE)

    # ------------------------------------------------------------ writes
