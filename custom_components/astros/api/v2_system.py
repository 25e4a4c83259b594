"""Generation 2 station-wide operations: Wi-Fi, restart, configuration file, admin password."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
import logging
from typing import Any

from .const import (
    MAX_CONFIGURATION_BYTES,
)
from .exceptions import (
    AstrosPermissionError,
    AstrosRequestError,
    AstrosValidationError,
)
from .models import (
    Section,
    WifiBand,
    WifiMode,
    WifiUpdate,
)
from .parse_v2 import (
    config_export_shape,
    decode_configuration,
    loads_json_or_none,
    parse_network,
)
from .transport import Query, UploadFile
from .v2_firmware import V2Firmware
from .validate import (
    validate_admin_password,
    validate_configuration,
    validate_reboot_options,
    validate_wifi_update,
)

_LOGGER = logging.getLogger(__name__)
_WIFI_MODE_IDS = {WifiMode.OFF: 0, WifiMode.ACCESS_POINT: 1, WifiMode.CLIENT: 2}
_CONFIG_FILE_NAME = "AstrosProfile.json"


class V2System(V2Firmware):
    """What concerns the whole station rather than one setting."""

    async def _patch(self, path: str, body: Mapping[str, Any]) -> None:
        await self._call("PATCH", path, json_body=dict(body))

    async def async_set_wifi(self, update: WifiUpdate) -> frozenset[Section]:
        """PATCH ``wifi`` with the fields that are set."""
        validate_wifi_update(update, tuple(_WIFI_MODE_IDS))
        body: dict[str, Any] = {}
        if update.mode is not None:
            body["mode"] = _WIFI_MODE_IDS[update.mode]
        if update.hide_ssid is not None:
            body["hideSSID"] = update.hide_ssid
        if update.band is not None:
            body["band"] = int(update.band)
        if update.gatekeeper is not None:
            body["gatekeeper"] = int(update.gatekeeper)
        if update.networking_mode is not None:
            body["networkMode"] = int(update.networking_mode)
        if update.channel is not None:
            band = update.band
            if band is None:
                band = parse_network({}, await self._get_fresh("wifi")).wifi.band
            if band is not WifiBand.GHZ_5:
                raise AstrosValidationError(
                    "Wi-Fi channel", update.channel, "a channel only with the 5 GHz band"
                )
            body["channel"] = int(update.channel)
        if not body:
            return frozenset()
        await self._patch("wifi", body)
        return frozenset({Section.NETWORK})

    async def async_reboot(self, delay: int | None = None, reason: str | None = None) -> None:
        """``POST reboot {setDhcp: false}``; v2 has no delay or reason."""
        if delay is not None or reason is not None:
            validate_reboot_options(delay, reason)
            raise self._unsupported("a reboot delay or reason")
        await self._call("POST", "reboot", json_body={"setDhcp": False})

    async def async_export_configuration(self) -> bytes:
        """``GET system/config``: ``{fileName, content}`` (base64)."""
        envelope = await self._call("GET", "system/config", max_bytes=MAX_CONFIGURATION_BYTES)
        if (found := config_export_shape(envelope.data)) is not None:
            self._negotiated[found[0]] = found[1]
        return decode_configuration(envelope.data)

    async def async_import_configuration(self, data: bytes) -> frozenset[Section]:
        """``PUT system/config`` with the multipart file ``fileName`` (a JSON document)."""
        data = validate_configuration(data)
        if await asyncio.to_thread(loads_json_or_none, data) is None:
            raise AstrosValidationError(
                "configuration file", "not JSON", "a configuration exported from a v2 station"
            )
        upload = UploadFile("fileName", _CONFIG_FILE_NAME, data, "application/json")
        await self._call("PUT", "system/config", files=(upload,))
        return self.sections

    async def async_set_admin_password(self, new: str) -> frozenset[Section]:
        """``PUT admin/password`` ``{old, new}``; later logins use the new password."""
        password = validate_admin_password(new)
        try:
            await self._call(
                "PUT", "admin/password", json_body={"old": self.settings.password, "new": password}
            )
        except AstrosRequestError as err:
            raise self._without_password(err, password) from None
        self._password_changed(password)
        return frozenset()

    async def async_cancel_firmware_download(self) -> None:
        """``PUT firmware/download/stop``: stop the OTA download."""
        await self._call("PUT", "firmware/download/stop")
        self._download_started = False
        self._last_progress = None

    async def _get(self, path: str, query: Query | None = None) -> Any:
        """``wifi/connection`` answers only in client mode while connected: else None."""
        if path != "wifi/connection":
            return await super()._get(path, query)
        try:
            return await super()._get(path, query)
        except AstrosPermissionError:
            raise
        except AstrosRequestError as err:
            _LOGGER.debug("%s reports no Wi-Fi client connection: %s", self.host, err)
            return None
