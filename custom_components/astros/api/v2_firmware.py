"""The v2 firmware update: online check, download (whatever its progress shape), install."""

from __future__ import annotations

from typing import Any

from .const import (
    ERROR_FIRMWARE,
    ERROR_INVALID_PARAMETER,
)
from .exceptions import (
    AstrosConnectionError,
    AstrosRequestError,
)
from .models import (
    FirmwareInfo,
    FirmwareProgress,
    FirmwareUpdateState,
)
from .parse import (
    parse_firmware,
)
from .parse_v2 import (
    parse_download,
    parse_ota_check,
    progress_shape,
)
from .v2_station import V2Station

#: Repeats of the download start without progress after which it is taken to restart.
_STUCK_REPEATS = 3


class V2Firmware(V2Station):
    """Firmware check, download and install of a generation 2 station."""

    _download_started = False  # this client started a download that may still run
    _install_started = False  # an install reboots the station: unreachable means installing
    _last_progress: FirmwareProgress | None = None
    _stuck = 0  # repeats of the download start that showed no progress

    async def async_check_firmware(self) -> FirmwareInfo:
        """Ask the vendor server (through the station) for newer firmware."""
        return parse_firmware(await self._get("firmware", {"hasNew": True}))

    async def async_start_firmware_update(self) -> None:
        """``PUT firmware/download/start``: download; install with the install call."""
        data = (await self._call("PUT", "firmware/download/start")).data
        self._observe_progress(data)
        self._last_progress = parse_download(data)
        self._stuck = 0
        self._download_started = True

    def _observe_progress(self, data: Any) -> None:
        if (found := progress_shape(data)) is not None:
            self._negotiated[found[0]] = found[1]

    async def async_firmware_progress(self) -> FirmwareProgress:
        """Where the download (or the install) stands, without starting anything.

        ``PUT firmware/download/start`` reports progress, but a station may
        restart the download when it is repeated (``download_restart``): it is
        repeated only for a download this client started, and only once the
        station showed it continues. Otherwise ``GET ota/check`` tells.
        """
        try:
            if self._download_started and self._negotiated.get("download_restart") != "restart":
                progress = await self._repeat_download_start()
            else:
                progress = parse_ota_check(await self._get("ota/check"))
                if progress.state is FirmwareUpdateState.DOWNLOADED and self._install_started:
                    return FirmwareProgress(FirmwareUpdateState.INSTALLING)  # reboot pending
                self._install_started = False
                if self._download_started and progress.state is FirmwareUpdateState.IDLE:
                    progress = FirmwareProgress(FirmwareUpdateState.DOWNLOADING)
        except AstrosConnectionError:
            if self._install_started:
                return FirmwareProgress(FirmwareUpdateState.INSTALLING)
            raise
        except AstrosRequestError as err:
            if err.error_code != ERROR_FIRMWARE:
                raise
            # The download can no longer run (nothing newer, vendor unreachable).
            self._download_started = False
            return FirmwareProgress(FirmwareUpdateState.FAILED)
        if progress.state is not FirmwareUpdateState.DOWNLOADING:
            self._download_started = False
        return progress

    async def _repeat_download_start(self) -> FirmwareProgress:
        """Repeat the start for its progress, and learn whether that restarts the download."""
        data = (await self._call("PUT", "firmware/download/start")).data
        self._observe_progress(data)
        progress = parse_download(data)
        last, self._last_progress = self._last_progress, progress
        if self._negotiated.get("download_restart") is None and last is not None:
            now, before = progress.percent or 0, last.percent or 0
            downloading = progress.state is FirmwareUpdateState.DOWNLOADING
            if downloading and (last.state is FirmwareUpdateState.DOWNLOADED or now < before):
                self._negotiated["download_restart"] = "restart"  # it went back
            elif downloading and now > before:
                self._negotiated["download_restart"] = "continue"
            elif downloading:
                self._stuck += 1
                if self._stuck >= _STUCK_REPEATS:
                    # Never past the start: each repeat restarts it. Ask ota/check instead.
                    self._negotiated["download_restart"] = "restart"
        return progress

    async def async_install_downloaded_firmware(self) -> None:
        """``POST firmware?isManual=false`` (section 15.2): install the download and reboot.

        A station that wants ``isManual`` in the JSON body refuses the query
        with 1001: the body is tried then, and the reading kept.
        """
        known = self._negotiated.get("firmware_manual", "query")
        order = [known, *(r for r in ("query", "body") if r != known)]
        for index, reading in enumerate(order):
            try:
                if reading == "query":
                    await self._call("POST", "firmware", query={"isManual": False})
                else:
                    await self._call("POST", "firmware", json_body={"isManual": False})
            except AstrosRequestError as err:
                if err.error_code != ERROR_INVALID_PARAMETER or index + 1 == len(order):
                    raise
                continue
            self._negotiated["firmware_manual"] = reading
            break
        self._download_started = False
        self._install_started = True

    # ------------------------------------------------------------ writes
