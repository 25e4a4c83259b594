"""Generation 1 stations: ``/api/v1/device``, every parameter in the query."""

from __future__ import annotations

from .const import (
    LOGIN_CODE_PATTERN,
    MAX_CONFIGURATION_BYTES,
    VGA_FALLBACK_RESOLUTION_ID,
    VGA_RESOLUTION_IDS,
)
from .exceptions import (
    AstrosRequestError,
    AstrosResponseError,
)
from .models import (
    Language,
    LoginCodeMode,
    PowerMode,
    Resolution,
    Section,
    WifiMode,
    WifiUpdate,
)
from .parse import (
    as_object,
    object_or_empty,
    to_bool,
    to_int,
    to_nonempty_str,
    to_wifi_mode,
)
from .parse_v1 import (
    decode_configuration,
    parse_display,
)
from .transport import UploadFile
from .v1_station import V1Station
from .validate import (
    validate_admin_password,
    validate_choice,
    validate_configuration,
    validate_login_code,
    validate_name,
    validate_ntp_port,
    validate_ntp_server,
    validate_power,
    validate_reboot_options,
    validate_resolution,
    validate_time_zone,
    validate_wallpaper_image,
    validate_wallpaper_slot,
    validate_wifi_update,
)

_WIFI_MODE_VALUES = {WifiMode.ACCESS_POINT: "AP", WifiMode.OFF: "OFF"}
_CONFIG_FILE_NAME = "astros.config"


class AstrosV1Client(V1Station):
    """A generation 1 station: the writes (reads, login and firmware are inherited)."""

    async def _put(self, path: str, **query: str | int | bool | None) -> None:
        await self._call("PUT", path, query=query)

    async def async_set_name(self, name: str) -> frozenset[Section]:
        """``PUT general/name``; the name is read in STATUS."""
        await self._put("general/name", value=validate_name(name))
        return frozenset({Section.STATUS})

    async def async_set_language(self, language: Language) -> frozenset[Section]:
        """``PUT general/language``."""
        value = validate_choice(
            "language",
            language,
            tuple(Language),
            "ENGLISH, TRADITIONAL_CHINESE or SIMPLIFIED_CHINESE",
        )
        await self._put("general/language", value=int(value))
        return frozenset({Section.GENERAL})

    async def async_set_login_code(
        self, mode: LoginCodeMode, code: str | None = None
    ) -> frozenset[Section]:
        """``PUT general/logincode`` ``type`` and ``code``."""
        code = validate_login_code(mode, code)
        if code is None and mode is not LoginCodeMode.RANDOM:
            # Read-modify-write: a station that replaces the object would reset the code.
            current = to_nonempty_str(
                object_or_empty(await self._get_fresh("general/logincode")).get("code")
            )
            code = (
                current if current is not None and LOGIN_CODE_PATTERN.fullmatch(current) else None
            )
        await self._put("general/logincode", type=int(mode), code=code)
        return frozenset({Section.GENERAL})

    async def async_set_remote_view(self, enabled: bool) -> frozenset[Section]:
        """``PUT general/remoteview``."""
        await self._put("general/remoteview", value=bool(enabled))
        return frozenset({Section.GENERAL})

    async def async_set_wallpaper(self, slot: int) -> frozenset[Section]:
        """``PUT general/wallpaper/{slot}`` without a file selects it."""
        await self._put(f"general/wallpaper/{validate_wallpaper_slot(slot)}")
        return frozenset({Section.GENERAL})

    async def async_upload_wallpaper(
        self, slot: int, image: bytes, filename: str
    ) -> frozenset[Section]:
        """``PUT general/wallpaper/{slot}`` with the multipart file ``wallpaperImage``."""
        slot = validate_wallpaper_slot(slot, upload=True)
        kind = validate_wallpaper_image(image)
        upload = UploadFile(
            "wallpaperImage", filename or f"wallpaper.{kind}", bytes(image), f"image/{kind}"
        )
        await self._call("PUT", f"general/wallpaper/{slot}", files=(upload,))
        return frozenset({Section.GENERAL})

    async def async_delete_wallpaper(self, slot: int) -> frozenset[Section]:
        """``DELETE general/wallpaper/{slot}``."""
        await self._call(
            "DELETE", f"general/wallpaper/{validate_wallpaper_slot(slot, upload=True)}"
        )
        return frozenset({Section.GENERAL})

    async def async_set_resolution(self, resolution: Resolution) -> frozenset[Section]:
        """``PUT display/resolution`` ``value`` with the current ``enableVGA``."""
        value = validate_resolution(resolution, self.resolutions)
        vga = parse_display(await self._get_fresh("display/resolution")).vga_enabled
        await self._put("display/resolution", value=int(value), enableVGA=vga)
        return frozenset({Section.DISPLAY})

    async def async_set_vga(self, enabled: bool) -> frozenset[Section]:
        """``PUT display/resolution`` needs ``value``: keep the current one when VGA allows it."""
        current = parse_display(await self._get_fresh("display/resolution")).hdmi_resolution
        value = int(current) if current is not None and current >= 0 else Resolution.AUTO.value
        if enabled and value not in VGA_RESOLUTION_IDS:
            value = VGA_FALLBACK_RESOLUTION_ID
        await self._put("display/resolution", value=value, enableVGA=bool(enabled))
        return frozenset({Section.DISPLAY})

    async def async_set_power(self, mode: PowerMode, timeout_minutes: int) -> frozenset[Section]:
        """``PUT power/mode`` ``mode`` and ``timeout``."""
        validate_power(mode, timeout_minutes, self.power_timeouts)
        await self._put("power/mode", mode=int(mode), timeout=timeout_minutes)
        return frozenset({Section.POWER})

    async def async_set_time_zone(self, time_zone: str) -> frozenset[Section]:
        """``PUT time/zone``."""
        await self._put("time/zone", value=validate_time_zone(time_zone))
        return frozenset({Section.TIME})

    async def _put_ntp(self, auto: bool | None = None, ip: str | None = None) -> None:
        """``PUT time/ntp`` with every field: the current values plus the change."""
        current = as_object(await self._get_fresh("time/ntp"), "NTP")
        auto = to_bool(current.get("auto")) if auto is None else auto
        ip = to_nonempty_str(current.get("ip")) if ip is None else ip
        await self._put("time/ntp", auto=auto, ip=ip, port=to_int(current.get("port")))

    async def async_set_auto_time(self, enabled: bool) -> frozenset[Section]:
        """``PUT time/ntp`` ``auto`` (with the current ``ip`` and ``port``)."""
        await self._put_ntp(auto=bool(enabled))
        return frozenset({Section.TIME})

    async def async_set_ntp_server(self, server: str) -> frozenset[Section]:
        """``PUT time/ntp`` ``ip`` (with the current ``auto`` and ``port``)."""
        await self._put_ntp(ip=validate_ntp_server(server))
        return frozenset({Section.TIME})

    async def async_set_wifi(self, update: WifiUpdate) -> frozenset[Section]:
        """``PUT network/wifi`` with every field: the current values plus the change."""
        validate_wifi_update(update, tuple(_WIFI_MODE_VALUES))
        if update.channel is not None:
            raise self._unsupported("a Wi-Fi channel")
        current = as_object(await self._get_fresh("network/wifi"), "Wi-Fi")
        mode = update.mode
        if mode is None:
            mode = to_wifi_mode(current.get("mode"))
            if mode not in _WIFI_MODE_VALUES:
                raise AstrosResponseError("The station did not report its current Wi-Fi mode")

        def choose(new: int | bool | None, key: str, *, flag: bool = False) -> int | bool | None:
            if new is not None:
                return new if isinstance(new, bool) else int(new)
            return to_bool(current.get(key)) if flag else to_int(current.get(key))

        networking = current.get("networking_mode", current.get("networkMode"))
        await self._put(
            "network/wifi",
            mode=_WIFI_MODE_VALUES[mode],
            hideSSID=choose(update.hide_ssid, "hideSSID", flag=True),
            security=to_int(current.get("security")),
            password=to_nonempty_str(current.get("password")),
            band=choose(update.band, "band"),
            networking_mode=(
                to_int(networking)
                if update.networking_mode is None
                else int(update.networking_mode)
            ),
            gatekeeper=choose(update.gatekeeper, "gatekeeper"),
        )
        return frozenset({Section.NETWORK})

    async def async_set_display(self, on: bool) -> frozenset[Section]:
        """``POST display``; the state cannot be read back."""
        await self._call("POST", "display", query={"value": bool(on)})
        return frozenset()

    async def async_reboot(self, delay: int | None = None, reason: str | None = None) -> None:
        """``POST power/reboot`` with an optional ``delay`` (minutes) and ``reason``."""
        validate_reboot_options(delay, reason)
        await self._call("POST", "power/reboot", query={"delay": delay, "reason": reason})

    async def async_export_configuration(self) -> bytes:
        """``GET admin/configuration``: the file, base64 in ``data``."""
        envelope = await self._call("GET", "admin/configuration", max_bytes=MAX_CONFIGURATION_BYTES)
        return decode_configuration(envelope.data)

    async def async_import_configuration(self, data: bytes) -> frozenset[Section]:
        """``POST admin/configuration`` with the multipart file ``fileName``."""
        upload = UploadFile("fileName", _CONFIG_FILE_NAME, validate_configuration(data))
        await self._call("POST", "admin/configuration", files=(upload,))
        return self.sections

    async def async_set_admin_password(self, new: str) -> frozenset[Section]:
        """``PUT admin/password`` ``value``; later logins use the new password."""
        password = validate_admin_password(new)
        try:
            await self._put("admin/password", value=password)
        except AstrosRequestError as err:
            raise self._without_password(err, password) from None
        self._password_changed(password)
        return frozenset()

    async def async_set_ntp_port(self, port: int) -> frozenset[Section]:
        """``PUT time/ntp`` ``port`` (with the current ``auto`` and ``ip``)."""
        port = validate_ntp_port(port)
        current = as_object(await self._get_fresh("time/ntp"), "NTP")
        await self._put(
            "time/ntp",
            auto=to_bool(current.get("auto")),
            ip=to_nonempty_str(current.get("ip")),
            port=port,
        )
        return frozenset({Section.TIME})
