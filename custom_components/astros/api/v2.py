"""Generation 2 stations: ``/api/v2/station``, JSON bodies, ``username`` in the query."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .const import (
    ERROR_INVALID_PARAMETER,
    VGA_FALLBACK_RESOLUTION_ID,
    VGA_RESOLUTION_IDS,
)
from .exceptions import (
    AstrosRequestError,
    AstrosValidationError,
)
from .models import (
    Language,
    LoginCodeMode,
    OnScreenOption,
    PowerMode,
    Receiver,
    Resolution,
    Section,
)
from .parse_v2 import (
    POWER_MODE_NUMBERS,
    parse_display,
    wallpaper_upload_name,
)
from .transport import UploadFile
from .v2_system import V2System
from .validate import (
    validate_choice,
    validate_image_slider_interval,
    validate_login_code,
    validate_name,
    validate_ntp_server,
    validate_power,
    validate_resolution,
    validate_time_zone,
    validate_wallpaper_image,
    validate_wallpaper_slot,
)

_RECEIVER_FIELDS = {
    Receiver.AIRPLAY: "allowAirPlay",
    Receiver.GOOGLE_CAST: "allowGoogleCast",
    Receiver.MIRACAST: "allowMiracast",
}
_ON_SCREEN_FIELDS = {
    OnScreenOption.DEVICE_NAME: "deviceNameShow",
    OnScreenOption.IP_ADDRESS: "ipShow",
    OnScreenOption.MIRACAST_PIN: "miracastPinEnabled",
    OnScreenOption.IMAGE_SLIDER: "imageSliderEnabled",
}


class AstrosV2Client(V2System):
    """A generation 2 station: the writes (reads, login and firmware are inherited)."""

    async def async_set_name(self, name: str) -> frozenset[Section]:
        """PATCH ``general`` ``devName``."""
        await self._patch("general", {"devName": validate_name(name)})
        return frozenset({Section.GENERAL})

    async def async_set_language(self, language: Language) -> frozenset[Section]:
        """PATCH ``general`` ``curLanguage``."""
        value = validate_choice(
            "language",
            language,
            tuple(Language),
            "ENGLISH, TRADITIONAL_CHINESE or SIMPLIFIED_CHINESE",
        )
        await self._patch("general", {"curLanguage": int(value)})
        return frozenset({Section.GENERAL})

    async def async_set_login_code(
        self, mode: LoginCodeMode, code: str | None = None
    ) -> frozenset[Section]:
        """PATCH ``general`` ``codeType`` (and ``codeValue``)."""
        code = validate_login_code(mode, code)
        body: dict[str, Any] = {"codeType": int(mode)}
        if code is not None:
            body["codeValue"] = code
        await self._patch("general", body)
        return frozenset({Section.GENERAL})

    async def async_set_remote_view(self, enabled: bool) -> frozenset[Section]:
        """PATCH ``general`` ``allowRemoteView``."""
        await self._patch("general", {"allowRemoteView": bool(enabled)})
        return frozenset({Section.GENERAL})

    async def async_set_wallpaper(self, slot: int) -> frozenset[Section]:
        """PATCH ``general`` ``curWallpaper``."""
        await self._patch("general", {"curWallpaper": validate_wallpaper_slot(slot)})
        return frozenset({Section.GENERAL})

    async def async_upload_wallpaper(
        self, slot: int, image: bytes, filename: str
    ) -> frozenset[Section]:
        """``POST upload?type=BG&name={slot}-{file}`` with the multipart ``file``."""
        slot = validate_wallpaper_slot(slot, upload=True)
        kind = validate_wallpaper_image(image)
        name = wallpaper_upload_name(slot, filename if isinstance(filename, str) else "", kind)
        upload = UploadFile("file", name, bytes(image), f"image/{kind}")
        await self._call("POST", "upload", query={"type": "BG", "name": name}, files=(upload,))
        return frozenset({Section.GENERAL})

    async def async_delete_wallpaper(self, slot: int) -> frozenset[Section]:
        """``DELETE general/wallpaper/{slot}``."""
        slot = validate_wallpaper_slot(slot, upload=True)
        await self._call("DELETE", f"general/wallpaper/{slot}")
        return frozenset({Section.GENERAL})

    async def _put_resolution(self, **change: Any) -> None:
        """PUT ``resolution`` with every field: the current values plus ``change``."""
        display = parse_display(await self._get_fresh("resolution"), None)
        body: dict[str, Any] = {
            "enableVGA": display.vga_enabled,
            "resolution": None if display.hdmi_resolution is None else int(display.hdmi_resolution),
            "isAudioFromHDMI": display.audio_from_hdmi,
            **change,
        }
        if change.get("enableVGA") and body["resolution"] not in VGA_RESOLUTION_IDS:
            body["resolution"] = VGA_FALLBACK_RESOLUTION_ID  # VGA allows only some resolutions
        if body["resolution"] is not None and body["resolution"] < 0:
            body["resolution"] = Resolution.AUTO.value
        await self._call(
            "PUT", "resolution", json_body={k: v for k, v in body.items() if v is not None}
        )

    async def async_set_resolution(self, resolution: Resolution) -> frozenset[Section]:
        """PUT ``resolution`` ``resolution`` (with the current VGA and audio settings)."""
        value = validate_resolution(resolution, self.resolutions)
        await self._put_resolution(resolution=int(value))
        return frozenset({Section.DISPLAY})

    async def async_set_vga(self, enabled: bool) -> frozenset[Section]:
        """PUT ``resolution`` ``enableVGA``; VGA allows only some resolutions (FHD is chosen)."""
        await self._put_resolution(enableVGA=bool(enabled))
        return frozenset({Section.DISPLAY})

    async def async_set_audio_from_hdmi(self, enabled: bool) -> frozenset[Section]:
        """PUT ``resolution`` ``isAudioFromHDMI`` (with the current resolution and VGA)."""
        await self._put_resolution(isAudioFromHDMI=bool(enabled))
        return frozenset({Section.DISPLAY})

    async def async_set_power(self, mode: PowerMode, timeout_minutes: int) -> frozenset[Section]:
        """PATCH ``power/setting`` ``mode`` and ``time``, in this station's mode numbering.

        Until the numbering is known, the number only one reading allows is sent
        first (0 for sleep, 2 for suspend), so that no station can take it for
        the other mode; a refusal (1001) means the other numbering, tried once.
        The numbering that was accepted is remembered.
        """
        validate_power(mode, timeout_minutes, self.power_timeouts)
        known = self._negotiated.get("power_mode")
        first = known or ("0-1" if mode is PowerMode.SLEEP else "1-2")
        order = [first, *(r for r in POWER_MODE_NUMBERS if r != first)]
        for index, reading in enumerate(order):
            number = POWER_MODE_NUMBERS[reading][mode]
            try:
                await self._patch("power/setting", {"mode": number, "time": timeout_minutes})
            except AstrosRequestError as err:
                if err.error_code != ERROR_INVALID_PARAMETER or index + 1 == len(order):
                    raise
                continue
            self._negotiated["power_mode"] = reading
            break
        return frozenset({Section.POWER})

    async def async_set_time_zone(self, time_zone: str) -> frozenset[Section]:
        """PATCH ``time`` ``timeZone``."""
        await self._patch("time", {"timeZone": validate_time_zone(time_zone)})
        return frozenset({Section.TIME})

    async def async_set_auto_time(self, enabled: bool) -> frozenset[Section]:
        """PATCH ``time`` ``isAutoTime``."""
        await self._patch("time", {"isAutoTime": bool(enabled)})
        return frozenset({Section.TIME})

    async def async_set_ntp_server(self, server: str) -> frozenset[Section]:
        """PATCH ``time`` ``ntpServer``."""
        await self._patch("time", {"ntpServer": validate_ntp_server(server)})
        return frozenset({Section.TIME})

    async def async_set_time_24h(self, enabled: bool) -> frozenset[Section]:
        """PATCH ``time`` ``showTime24``."""
        await self._patch("time", {"showTime24": bool(enabled)})
        return frozenset({Section.TIME})

    async def async_set_daily_reboot(
        self, enabled: bool | None = None, at: dt.time | None = None
    ) -> frozenset[Section]:
        """PATCH ``time`` ``isDailyReboot`` and ``dailyRebootTime`` (HH:MM)."""
        body: dict[str, Any] = {}
        if enabled is not None:
            body["isDailyReboot"] = bool(enabled)
        if at is not None:
            if not isinstance(at, dt.time):
                raise AstrosValidationError(
                    "daily reboot time", at, "a time of day (hours, minutes)"
                )
            body["dailyRebootTime"] = f"{at.hour:02d}:{at.minute:02d}"
        if not body:
            return frozenset()
        await self._patch("time", body)
        return frozenset({Section.TIME})

    async def async_set_receiver(self, receiver: Receiver, enabled: bool) -> frozenset[Section]:
        """PATCH ``service`` ``allowAirPlay``, ``allowGoogleCast`` or ``allowMiracast``."""
        validate_choice(
            "receiver", receiver, tuple(_RECEIVER_FIELDS), "AIRPLAY, GOOGLE_CAST or MIRACAST"
        )
        await self._patch("service", {_RECEIVER_FIELDS[receiver]: bool(enabled)})
        return frozenset({Section.RECEIVERS})

    async def async_set_on_screen_option(
        self, option: OnScreenOption, enabled: bool
    ) -> frozenset[Section]:
        """PATCH ``general`` with the option's switch (``deviceNameShow``, ``ipShow``...)."""
        validate_choice(
            "on-screen option",
            option,
            tuple(_ON_SCREEN_FIELDS),
            "DEVICE_NAME, IP_ADDRESS, MIRACAST_PIN or IMAGE_SLIDER",
        )
        await self._patch("general", {_ON_SCREEN_FIELDS[option]: bool(enabled)})
        return frozenset({Section.GENERAL})

    async def async_set_image_slider_interval(self, seconds: int) -> frozenset[Section]:
        """PATCH ``general`` ``imageSliderinterval`` (seconds)."""
        await self._patch(
            "general", {"imageSliderinterval": validate_image_slider_interval(seconds)}
        )
        return frozenset({Section.GENERAL})

    async def async_set_auto_projection(self, enabled: bool) -> frozenset[Section]:
        """PATCH ``pod/pairing`` ``autoProjection``."""
        await self._patch("pod/pairing", {"autoProjection": bool(enabled)})
        return frozenset({Section.PAIRING})
