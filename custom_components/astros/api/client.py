"""The one interface both API generations implement.

Every write returns the sections whose state it changed, so the caller can
re-read just those with :meth:`AstrosClient.async_fetch`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
import dataclasses
import datetime as dt
from typing import Any, ClassVar

import aiohttp

from .exceptions import AstrosRequestError, AstrosUnsupportedError
from .models import (
    ApiVersion,
    Capability,
    FirmwareInfo,
    FirmwareProgress,
    Language,
    LoginCodeMode,
    OnScreenOption,
    PowerMode,
    Receiver,
    Resolution,
    Section,
    StationIdentity,
    StationState,
    WifiUpdate,
)
from .settings import ConnectionSettings


class AstrosClient(ABC):
    """A logged-in conversation with one station."""

    api_version: ClassVar[ApiVersion]
    capabilities: ClassVar[frozenset[Capability]]
    sections: ClassVar[frozenset[Section]]
    power_timeouts: ClassVar[tuple[int, ...]]  # minutes, -1 never
    resolutions: ClassVar[tuple[Resolution, ...]]  # settable HDMI resolutions

    def __init__(self, session: aiohttp.ClientSession, settings: ConnectionSettings) -> None:
        """Store the connection settings; nothing is sent until the first call."""
        self.session = session
        self.settings = settings

    @property
    def host(self) -> str:
        """The station's address."""
        return self.settings.host

    @property
    def username(self) -> str:
        """The account the client logs in with."""
        return self.settings.username

    def __repr__(self) -> str:
        """Never show the password."""
        return f"<{type(self).__name__} {self.settings.host}:{self.settings.port}>"

    @property
    @abstractmethod
    def negotiated(self) -> dict[str, str]:
        """The readings found for this station's open points (JSON-serialisable).

        Store it and pass it back as ``negotiated=`` so the next start does not
        probe again; keys: ``key_header``, ``expiry``, ``power_mode``,
        ``firmware_manual``, ``download_restart``, ``list_shape``,
        ``progress_shape``, ``ota_check_shape``, ``config_export``, ``firmware``.
        """

    @property
    @abstractmethod
    def raw_answers(self) -> dict[str, Any]:
        """The last JSON answer of every endpoint read, secrets redacted.

        Keyed like ``"GET /api/v2/station/model"``; for diagnostics and replay.
        """

    @property
    def read_only(self) -> bool:
        """Whether the station granted only a view-only key (writes will be refused)."""
        return False

    # Session and identity

    @abstractmethod
    async def async_login(self) -> None:
        """Obtain a key or token now; raise AstrosAuthenticationError if refused."""

    @abstractmethod
    async def async_get_identity(self) -> StationIdentity:
        """Read what identifies the station (its Ethernet MAC is the unique id)."""

    @abstractmethod
    async def async_fetch(
        self,
        sections: Iterable[Section] | None = None,
        previous: StationState | None = None,
        *,
        sequential: bool = False,
    ) -> StationState:
        """Read ``sections`` (every one when None), concurrently unless ``sequential``.

        Sections not read are carried over from ``previous``.
        """

    async def async_uses_factory_password(self) -> bool | None:
        """Whether the admin password is still the factory default; None if unknown."""
        return None

    # Firmware

    @abstractmethod
    async def async_check_firmware(self) -> FirmwareInfo:
        """Ask the station to contact its vendor for newer firmware (slow, rate-limit it)."""

    @abstractmethod
    async def async_start_firmware_update(self) -> None:
        """Start an over-the-air update."""

    @abstractmethod
    async def async_firmware_progress(self) -> FirmwareProgress:
        """Report how far a running update is."""

    async def async_install_downloaded_firmware(self) -> None:  # noqa: B027
        """Install a downloaded update (v2); v1 installs by itself."""

    # Writes common to both generations

    @abstractmethod
    async def async_set_name(self, name: str) -> frozenset[Section]:
        """Rename the station."""

    @abstractmethod
    async def async_set_language(self, language: Language) -> frozenset[Section]:
        """Change the on-screen language."""

    @abstractmethod
    async def async_set_login_code(
        self, mode: LoginCodeMode, code: str | None = None
    ) -> frozenset[Section]:
        """Choose how the login code is made; ``code`` is required for FIXED."""

    @abstractmethod
    async def async_set_remote_view(self, enabled: bool) -> frozenset[Section]:
        """Allow or forbid remote view."""

    @abstractmethod
    async def async_set_wallpaper(self, slot: int) -> frozenset[Section]:
        """Show wallpaper ``slot`` (0..5)."""

    @abstractmethod
    async def async_upload_wallpaper(
        self, slot: int, image: bytes, filename: str
    ) -> frozenset[Section]:
        """Store a PNG or JPEG image in slot 2..5 (validated before sending)."""

    @abstractmethod
    async def async_delete_wallpaper(self, slot: int) -> frozenset[Section]:
        """Delete the image in slot 2..5."""

    @abstractmethod
    async def async_set_resolution(self, resolution: Resolution) -> frozenset[Section]:
        """Set the HDMI output resolution."""

    @abstractmethod
    async def async_set_vga(self, enabled: bool) -> frozenset[Section]:
        """Turn the VGA output on or off."""

    @abstractmethod
    async def async_set_power(self, mode: PowerMode, timeout_minutes: int) -> frozenset[Section]:
        """Set power saving; ``timeout_minutes`` is one of ``power_timeouts``."""

    @abstractmethod
    async def async_set_time_zone(self, time_zone: str) -> frozenset[Section]:
        """Set the time zone (one of the documented names)."""

    @abstractmethod
    async def async_set_auto_time(self, enabled: bool) -> frozenset[Section]:
        """Synchronise the clock over NTP or not."""

    @abstractmethod
    async def async_set_ntp_server(self, server: str) -> frozenset[Section]:
        """Set the NTP server host name or address."""

    @abstractmethod
    async def async_set_wifi(self, update: WifiUpdate) -> frozenset[Section]:
        """Change Wi-Fi access point settings."""

    @abstractmethod
    async def async_reboot(self, delay: int | None = None, reason: str | None = None) -> None:
        """Reboot; ``delay`` (minutes) and ``reason`` need Capability.REBOOT_OPTIONS."""

    @abstractmethod
    async def async_export_configuration(self) -> bytes:
        """Download the station's configuration file."""

    @abstractmethod
    async def async_import_configuration(self, data: bytes) -> frozenset[Section]:
        """Upload a configuration file previously exported."""

    # Writes only one generation offers

    async def async_set_display(self, on: bool) -> frozenset[Section]:
        """Turn the display on or off (v1; its state cannot be read back)."""
        raise self._unsupported("display power")

    async def async_set_receiver(self, receiver: Receiver, enabled: bool) -> frozenset[Section]:
        """Allow or forbid AirPlay, Google Cast or Miracast (v2)."""
        raise self._unsupported("receiver switches")

    async def async_set_audio_from_hdmi(self, enabled: bool) -> frozenset[Section]:
        """Take audio from HDMI (v2)."""
        raise self._unsupported("audio from HDMI")

    async def async_set_on_screen_option(
        self, option: OnScreenOption, enabled: bool
    ) -> frozenset[Section]:
        """Show or hide an on-screen element (v2)."""
        raise self._unsupported("on-screen options")

    async def async_set_image_slider_interval(self, seconds: int) -> frozenset[Section]:
        """Seconds between images of the image slider (v2)."""
        raise self._unsupported("image slider interval")

    async def async_set_time_24h(self, enabled: bool) -> frozenset[Section]:
        """Show a 24-hour clock (v2)."""
        raise self._unsupported("24-hour clock")

    async def async_set_daily_reboot(
        self, enabled: bool | None = None, at: dt.time | None = None
    ) -> frozenset[Section]:
        """Reboot every day, at ``at`` (v2)."""
        raise self._unsupported("daily reboot")

    async def async_set_auto_projection(self, enabled: bool) -> frozenset[Section]:
        """Project automatically when a Pod pairs (v2)."""
        raise self._unsupported("pod auto projection")

    def _unsupported(self, feature: str) -> AstrosUnsupportedError:
        return AstrosUnsupportedError(f"API {self.api_version} stations do not support {feature}")

    # Added for issue 14 (admin password, Wi-Fi client, download cancel, NTP port)

    async def async_set_admin_password(self, new: str) -> frozenset[Section]:
        """Change the admin password (1-16 letters or digits); later logins use it."""
        raise self._unsupported("changing the admin password")

    async def async_cancel_firmware_download(self) -> None:
        """Stop a running firmware download (v2)."""
        raise self._unsupported("cancelling a firmware download")

    async def async_set_ntp_port(self, port: int) -> frozenset[Section]:
        """Set the NTP server port, 1..65535 (v1)."""
        raise self._unsupported("the NTP port")

    @staticmethod
    def _without_password(err: AstrosRequestError, password: str) -> AstrosRequestError:
        """``err``, with its message withheld should the station echo ``password``."""
        if password not in err.station_message:
            return err
        return type(err)(err.error_code, "(message withheld: it contained the new password)")

    def _password_changed(self, password: str) -> None:
        """Use ``password`` from now on (after the station accepted it)."""
        self.settings = dataclasses.replace(self.settings, password=password)
