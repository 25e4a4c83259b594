"""The v2 station's tables (endpoints, sections, observed shapes), login and identity."""

from __future__ import annotations

from collections.abc import Callable, Mapping
import time
from typing import Any, ClassVar

from .base import BaseClient, SectionReader
from .calls import REUSE_SECONDS
from .const import (
    SETTABLE_RESOLUTIONS,
    V2_BASE_PATH,
    V2_POWER_TIMEOUTS,
)
from .keys import KeyGrant
from .models import (
    ApiVersion,
    Capability,
    Resolution,
    Section,
    StationIdentity,
)
from .parse import (
    object_or_empty,
    parse_firmware,
    to_int,
    to_nonempty_str,
)
from .parse_v2 import (
    config_export_shape,
    list_shape,
    ota_check_shape,
    parse_app_byom,
    parse_display,
    parse_factory_password,
    parse_general,
    parse_identity,
    parse_login,
    parse_network,
    parse_pairing,
    parse_power,
    parse_receivers,
    parse_time,
    parse_wifi_connection,
    power_mode_reading,
    progress_shape,
)
from .transport import Query

#: GETs whose document lists no parameter at all (sections 13.3 and 2.1).
_NO_USERNAME_PATHS = frozenset({"remote/apikey", "conference/appBYOM"})


class V2Station(BaseClient):
    """What a generation 2 client reads: its table, its login, its identity."""

    api_version: ClassVar[ApiVersion] = ApiVersion.V2
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {
            Capability.RECEIVERS,
            Capability.AUDIO_FROM_HDMI,
            Capability.ON_SCREEN_OPTIONS,
            Capability.TIME_24H,
            Capability.DAILY_REBOOT,
            Capability.WIFI_CHANNEL,
            Capability.POD_PAIRING,
            Capability.APP_BYOM,
            Capability.DOWNLOAD_PROGRESS,
            Capability.FACTORY_PASSWORD_CHECK,
        }
    )
    sections: ClassVar[frozenset[Section]] = frozenset(
        {
            Section.GENERAL,
            Section.RECEIVERS,
            Section.DISPLAY,
            Section.POWER,
            Section.TIME,
            Section.NETWORK,
            Section.FIRMWARE,
            Section.PAIRING,
            Section.APP_BYOM,
            Section.WIFI_CONNECTION,
        }
    )
    power_timeouts: ClassVar[tuple[int, ...]] = V2_POWER_TIMEOUTS
    resolutions: ClassVar[tuple[Resolution, ...]] = SETTABLE_RESOLUTIONS
    base_path: ClassVar[str] = V2_BASE_PATH
    core_section: ClassVar[Section] = Section.GENERAL
    key_probe_paths: ClassVar[tuple[str, ...]] = ("remote/apikey", "time")
    key_info_path: ClassVar[str | None] = "remote/apikey"
    unrecorded_paths: ClassVar[frozenset[str]] = frozenset({"system/config"})
    observers: ClassVar[Mapping[str, Callable[[Any], tuple[str, str] | None]]] = {
        "general/wallpaper/list": list_shape,
        "resolution/list": list_shape,
        "power/setting": power_mode_reading,
        "ota/check": ota_check_shape,
        "firmware/download/start": progress_shape,
        "system/config": config_export_shape,
    }
    #: Which wallpaper slots hold an image changes only when one is stored or deleted
    #: (through this client, which asks again at once, or the station's own page).
    slow_paths: ClassVar[Mapping[str, float]] = {"general/wallpaper/list": 600.0}
    readers: ClassVar[Mapping[Section, SectionReader]] = {
        Section.GENERAL: SectionReader(("general", "general/wallpaper/list"), parse_general),
        Section.RECEIVERS: SectionReader(("service",), parse_receivers),
        Section.DISPLAY: SectionReader(("resolution", "resolution/list"), parse_display),
        Section.POWER: SectionReader(("power/setting",), parse_power, uses_readings=True),
        Section.TIME: SectionReader(("time",), parse_time),
        Section.NETWORK: SectionReader(("ethernet", "wifi"), parse_network),
        Section.FIRMWARE: SectionReader(("firmware",), parse_firmware),
        Section.PAIRING: SectionReader(("pod/pairing",), parse_pairing),
        Section.APP_BYOM: SectionReader(("conference/appBYOM",), parse_app_byom),
        Section.WIFI_CONNECTION: SectionReader(("wifi/connection",), parse_wifi_connection),
    }

    def _query(self, path: str, query: Query | None) -> dict[str, Any]:
        """``username`` travels on every call whose document lists it (not these two)."""
        if path in _NO_USERNAME_PATHS:
            return dict(query or {})
        return super()._query(path, query)

    async def _request_key(self) -> KeyGrant:
        envelope = await self._transport.request(
            "POST",
            "login",
            json_body={"account": self.username, "password": self.settings.password},
        )
        # The token's lifetime is read from remote/apikey after the login.
        return KeyGrant(parse_login(self._login_checked(envelope).data))

    def _parse_key_info(self, data: Any, grant: KeyGrant) -> KeyGrant:
        info = object_or_empty(data)
        expires = to_int(info.get("expiredTime"))
        return KeyGrant(
            grant.key,
            float(expires) if expires is not None and expires >= 0 else None,
            to_nonempty_str(info.get("scope")) or grant.scope,
        )

    async def _station_clock(self, key: str) -> float | None:
        millis = to_int(
            object_or_empty(await self._read_with_key(key, "time")).get("curTimeMillis")
        )
        return None if millis is None else millis / 1000

    async def _anonymous_get(self, path: str) -> Any:
        """A GET that works before login (``model``): no key, no ``username``."""
        reused = self._reused.pop(path, None)
        if reused is not None and time.monotonic() - reused[0] < REUSE_SECONDS:
            return reused[1]  # what detection read moments ago
        envelope = self._checked(await self._transport.request("GET", path), "GET", path)
        return self._recorded("GET", path, envelope).data

    async def async_get_identity(self) -> StationIdentity:
        """The Ethernet MAC, model, name, firmware and Wi-Fi MAC."""
        model = await self._anonymous_get("model")
        answers = await self._gather("ethernet", "firmware", "wifi")
        return parse_identity(model, answers["ethernet"], answers["firmware"], answers["wifi"])

    async def async_uses_factory_password(self) -> bool | None:
        """``GET model`` ``isAdminInit``: the admin password is still the default."""
        return parse_factory_password(await self._anonymous_get("model"))

    # ------------------------------------------------------------ firmware
