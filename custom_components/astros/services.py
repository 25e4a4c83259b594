"""Actions of the Astrogate ASTROS integration.

They are registered once, in ``async_setup``, and each names the station by
its config entry (``config_entry_id``). Files are read and written in the
executor, only inside ``allowlist_external_dirs``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util, slugify

from .api import AstrosError
from .api.const import (
    LOGIN_CODE_PATTERN,
    REBOOT_REASON_MAX_LENGTH,
    WALLPAPER_MAX_HEIGHT,
    WALLPAPER_MAX_RATIO,
    WALLPAPER_MAX_WIDTH,
    WALLPAPER_MIN_RATIO,
    WALLPAPER_UPLOAD_SLOTS,
)
from .api.models import Capability, LoginCodeMode
from .api.validate import image_format_and_size
from .compat import vol
from .const import (
    ATTR_CODE,
    ATTR_CONFIG_ENTRY_ID,
    ATTR_DELAY,
    ATTR_PATH,
    ATTR_REASON,
    ATTR_SLOT,
    DOMAIN,
    MAX_FILE_BYTES,
    REBOOT_OFFLINE_SECONDS,
    SERVICE_DELETE_WALLPAPER,
    SERVICE_EXPORT_CONFIGURATION,
    SERVICE_IMPORT_CONFIGURATION,
    SERVICE_REBOOT,
    SERVICE_SET_LOGIN_CODE,
    SERVICE_UPLOAD_WALLPAPER,
)
from .coordinator import translated_error

if TYPE_CHECKING:
    from . import AstrosConfigEntry

_ENTRY: dict[vol.Marker, Any] = {vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string}
# Slot and code are checked in the handlers so that each refusal can
# say, translated, what is allowed.
UPLOAD_WALLPAPER_SCHEMA = vol.Schema(
    {**_ENTRY, vol.Required(ATTR_SLOT): vol.Coerce(int), vol.Required(ATTR_PATH): cv.string}
)
DELETE_WALLPAPER_SCHEMA = vol.Schema({**_ENTRY, vol.Required(ATTR_SLOT): vol.Coerce(int)})
SET_LOGIN_CODE_SCHEMA = vol.Schema({**_ENTRY, vol.Required(ATTR_CODE): cv.string})
REBOOT_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Optional(ATTR_DELAY): vol.All(vol.Coerce(int), vol.Range(min=0, max=1440)),
        vol.Optional(ATTR_REASON): vol.All(cv.string, vol.Length(max=REBOOT_REASON_MAX_LENGTH)),
    }
)
EXPORT_CONFIGURATION_SCHEMA = vol.Schema({**_ENTRY, vol.Required(ATTR_PATH): cv.string})
IMPORT_CONFIGURATION_SCHEMA = vol.Schema({**_ENTRY, vol.Required(ATTR_PATH): cv.string})


def _validation_error(key: str, **placeholders: Any) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={name: str(value) for name, value in placeholders.items()},
    )


def check_wallpaper(data: bytes, path: str) -> tuple[str, int, int]:
    """Refuse an image the station would refuse; return its format and size.

    The client checks too, but only says the image is invalid: here each
    refusal says what is wrong and what is allowed.
    """
    info = image_format_and_size(data)
    if info is None:
        raise _validation_error("wallpaper_not_image", path=path)
    _kind, width, height = info
    if width <= 0 or height <= 0:
        raise _validation_error("wallpaper_not_image", path=path)
    if width > WALLPAPER_MAX_WIDTH or height > WALLPAPER_MAX_HEIGHT:
        raise _validation_error(
            "wallpaper_too_large",
            width=width,
            height=height,
            max_width=WALLPAPER_MAX_WIDTH,
            max_height=WALLPAPER_MAX_HEIGHT,
        )
    ratio = width / height
    if not WALLPAPER_MIN_RATIO <= ratio <= WALLPAPER_MAX_RATIO:
        raise _validation_error(
            "wallpaper_bad_ratio",
            width=width,
            height=height,
            ratio=f"{ratio:.2f}",
            min_ratio=WALLPAPER_MIN_RATIO,
            max_ratio=WALLPAPER_MAX_RATIO,
        )
    return info


def _loaded_entry(hass: HomeAssistant, call: ServiceCall) -> AstrosConfigEntry:
    """The loaded ASTROS entry the call names, or a translated refusal."""
    entry_id: str = call.data[ATTR_CONFIG_ENTRY_ID]
    entry = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN:
        raise _validation_error("entry_not_found", config_entry_id=entry_id)
    if entry.state is not ConfigEntryState.LOADED:
        raise _validation_error("entry_not_loaded", title=entry.title)
    return cast("AstrosConfigEntry", entry)


def _check_slot(slot: int) -> None:
    if slot not in WALLPAPER_UPLOAD_SLOTS:
        raise _validation_error(
            "wallpaper_slot_out_of_range",
            slot=slot,
            first=WALLPAPER_UPLOAD_SLOTS[0],
            last=WALLPAPER_UPLOAD_SLOTS[-1],
        )


def _check_not_active(entry: AstrosConfigEntry, slot: int) -> None:
    general = entry.runtime_data.coordinator.data.general
    if general is not None and general.wallpaper == slot:
        raise _validation_error("wallpaper_slot_active", slot=slot)


def _allowed_path(hass: HomeAssistant, path: str) -> Path:
    """Resolve ``path`` (relative: to the configuration folder) and check the allowlist.

    Runs in the executor: the allowlist check touches the file system.
    """
    full = hass.config.path(path)
    if not hass.config.is_allowed_path(full):
        raise _validation_error("path_not_allowed", path=path)
    return Path(full)


def _read_file(hass: HomeAssistant, path: str) -> bytes:
    """Read a file the person named (executor)."""
    file = _allowed_path(hass, path)
    if not file.is_file():
        raise _validation_error("file_not_found", path=path)
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise _validation_error(
                "file_too_large", path=path, max_megabytes=MAX_FILE_BYTES // (1024 * 1024)
            )
        return file.read_bytes()
    except OSError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="file_read_failed",
            translation_placeholders={"path": path, "error": err.strerror or type(err).__name__},
        ) from err


def _write_file(hass: HomeAssistant, path: str, data: bytes, default_name: str) -> str:
    """Write ``data`` to ``path`` or, if it is a folder, to ``default_name`` in it (executor)."""
    file = _allowed_path(hass, path)
    if file.is_dir():
        file = file / default_name
    if not file.parent.is_dir():
        raise _validation_error("folder_not_found", path=path)
    try:
        file.write_bytes(data)
    except OSError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="file_write_failed",
            translation_placeholders={"path": path, "error": err.strerror or type(err).__name__},
        ) from err
    return str(file)


async def _async_upload_wallpaper(call: ServiceCall) -> None:
    hass = call.hass
    entry = _loaded_entry(hass, call)
    slot: int = call.data[ATTR_SLOT]
    path: str = call.data[ATTR_PATH]
    _check_slot(slot)
    _check_not_active(entry, slot)
    data = await hass.async_add_executor_job(_read_file, hass, path)
    fmt, _width, _height = check_wallpaper(data, path)
    filename = f"{Path(path).stem or 'wallpaper'}.{'png' if fmt == 'png' else 'jpg'}"
    client = entry.runtime_data.client
    await entry.runtime_data.coordinator.async_execute(
        lambda: client.async_upload_wallpaper(slot, data, filename)
    )


async def _async_delete_wallpaper(call: ServiceCall) -> None:
    entry = _loaded_entry(call.hass, call)
    slot: int = call.data[ATTR_SLOT]
    _check_slot(slot)
    _check_not_active(entry, slot)
    general = entry.runtime_data.coordinator.data.general
    if general is not None and general.wallpapers is not None and slot not in general.wallpapers:
        raise _validation_error("wallpaper_slot_empty", slot=slot)
    client = entry.runtime_data.client
    await entry.runtime_data.coordinator.async_execute(lambda: client.async_delete_wallpaper(slot))


async def _async_set_login_code(call: ServiceCall) -> None:
    entry = _loaded_entry(call.hass, call)
    code: str = call.data[ATTR_CODE].strip()
    if not LOGIN_CODE_PATTERN.fullmatch(code):
        raise _validation_error("login_code_invalid")
    client = entry.runtime_data.client
    await entry.runtime_data.coordinator.async_execute(
        lambda: client.async_set_login_code(LoginCodeMode.FIXED, code)
    )


async def _async_reboot(call: ServiceCall) -> None:
    entry = _loaded_entry(call.hass, call)
    delay: int | None = call.data.get(ATTR_DELAY)
    reason: str | None = call.data.get(ATTR_REASON) or None
    client = entry.runtime_data.client
    coordinator = entry.runtime_data.coordinator
    if Capability.REBOOT_OPTIONS not in client.capabilities:
        if delay or reason:
            raise _validation_error("reboot_options_unsupported", title=entry.title)
        delay = None
    # The station goes silent while it restarts: that is not an error.
    coordinator.expect_offline(REBOOT_OFFLINE_SECONDS + 60 * (delay or 0))
    try:
        await coordinator.async_execute(lambda: client.async_reboot(delay=delay, reason=reason))
    except HomeAssistantError:
        coordinator.expect_offline(0)
        raise


async def _async_export_configuration(call: ServiceCall) -> ServiceResponse:
    hass = call.hass
    entry = _loaded_entry(hass, call)
    path: str = call.data[ATTR_PATH]
    # Check the destination before asking the station for anything.
    await hass.async_add_executor_job(_allowed_path, hass, path)
    try:
        data = await entry.runtime_data.client.async_export_configuration()
    except AstrosError as err:
        raise translated_error(err) from err
    stamp = dt_util.now().strftime("%Y%m%d-%H%M%S")
    default_name = f"{slugify(entry.title) or DOMAIN}-configuration-{stamp}.json"
    written = await hass.async_add_executor_job(_write_file, hass, path, data, default_name)
    return {"path": written}


async def _async_import_configuration(call: ServiceCall) -> None:
    hass = call.hass
    entry = _loaded_entry(hass, call)
    path: str = call.data[ATTR_PATH]
    data = await hass.async_add_executor_job(_read_file, hass, path)
    if not data.strip():
        raise _validation_error("configuration_empty", path=path)
    client = entry.runtime_data.client
    await entry.runtime_data.coordinator.async_execute(
        lambda: client.async_import_configuration(data)
    )


def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's actions (once, not per station)."""
    hass.services.async_register(
        DOMAIN, SERVICE_UPLOAD_WALLPAPER, _async_upload_wallpaper, UPLOAD_WALLPAPER_SCHEMA
    )
    hass.services.async_register(
        DOMAIN, SERVICE_DELETE_WALLPAPER, _async_delete_wallpaper, DELETE_WALLPAPER_SCHEMA
    )
    hass.services.async_register(
        DOMAIN, SERVICE_SET_LOGIN_CODE, _async_set_login_code, SET_LOGIN_CODE_SCHEMA
    )
    hass.services.async_register(DOMAIN, SERVICE_REBOOT, _async_reboot, REBOOT_SCHEMA)
    hass.services.async_register(
        DOMAIN,
        SERVICE_EXPORT_CONFIGURATION,
        _async_export_configuration,
        EXPORT_CONFIGURATION_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_IMPORT_CONFIGURATION,
        _async_import_configuration,
        IMPORT_CONFIGURATION_SCHEMA,
    )
