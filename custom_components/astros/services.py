"""Actions of the Astrogate ASTROS integration.

Registered once, in ``async_setup``. The station actions take Home Assistant
targets (devices, areas, labels, entities) or a ``config_entry_id`` and reach
every targeted station at once (at most :data:`MAX_CONCURRENT_STATIONS` at a
time); one station failing does not stop the others, and the response says
per station what happened. Values are checked by the client, which says what
is allowed. Files are read and written in the executor (``files.py``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import json
from pathlib import Path
from typing import Any, cast

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util, slugify

from .api import AstrosError, validate_wallpaper_image
from .api.const import REBOOT_REASON_MAX_LENGTH
from .api.models import ApiVersion, LoginCodeMode
from .compat import async_extract_config_entry_ids, vol
from .const import (
    ATTR_CODE,
    ATTR_CONFIG_ENTRY_ID,
    ATTR_DELAY,
    ATTR_OVERWRITE,
    ATTR_PATH,
    ATTR_REASON,
    ATTR_SLOT,
    DOMAIN,
    MAX_CONFIGURATION_BYTES,
    MAX_WALLPAPER_BYTES,
    SERVICE_DELETE_WALLPAPER,
    SERVICE_EXPORT_CONFIGURATION,
    SERVICE_IMPORT_CONFIGURATION,
    SERVICE_REBOOT,
    SERVICE_SET_LOGIN_CODE,
    SERVICE_UPLOAD_WALLPAPER,
)
from .coordinator import AstrosConfigEntry
from .files import destination, read_file, write_file
from .helpers import translated_error

#: Stations one action talks to at the same time.
MAX_CONCURRENT_STATIONS = 8

_TARGETED: dict[Any, Any] = {
    **cv.TARGET_SERVICE_FIELDS,
    vol.Optional(ATTR_CONFIG_ENTRY_ID): vol.Any(cv.string, [cv.string]),
}
_ONE_STATION: dict[vol.Marker, Any] = {vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string}

type StationAction = Callable[[AstrosConfigEntry], Awaitable[None]]


def _refusal(key: str, **placeholders: object) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={name: str(value) for name, value in placeholders.items()},
    )


def _loaded_entry(hass: HomeAssistant, entry_id: str) -> AstrosConfigEntry:
    """The loaded ASTROS entry ``entry_id``, or a translated refusal."""
    entry = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN:
        raise _refusal("entry_not_found", config_entry_id=entry_id)
    if entry.state is not ConfigEntryState.LOADED:
        raise _refusal("entry_not_loaded", title=entry.title)
    return cast("AstrosConfigEntry", entry)


async def _async_targeted_entries(call: ServiceCall) -> list[AstrosConfigEntry]:
    """The stations a call names through its target and ``config_entry_id``."""
    hass = call.hass
    named = call.data.get(ATTR_CONFIG_ENTRY_ID) or []
    entry_ids = {named} if isinstance(named, str) else set(named)
    entry_ids |= {
        entry_id
        for entry_id in await async_extract_config_entry_ids(hass, call)
        if (entry := hass.config_entries.async_get_entry(entry_id)) and entry.domain == DOMAIN
    }
    if not entry_ids:
        raise _refusal("no_station_targeted")
    return [_loaded_entry(hass, entry_id) for entry_id in sorted(entry_ids)]


async def _async_on_stations(call: ServiceCall, action: StationAction) -> ServiceResponse:
    """Run ``action`` on every targeted station; report each, fail if any failed."""
    entries = await _async_targeted_entries(call)
    if len(entries) == 1:
        await action(entries[0])  # its own error, as it is
        return _response(entries, {}) if call.return_response else None
    limit = asyncio.Semaphore(MAX_CONCURRENT_STATIONS)

    async def run(entry: AstrosConfigEntry) -> None:
        async with limit:
            await action(entry)

    outcomes = await asyncio.gather(*(run(entry) for entry in entries), return_exceptions=True)
    errors: dict[str, BaseException] = {}
    for entry, outcome in zip(entries, outcomes, strict=True):
        if isinstance(outcome, HomeAssistantError):
            errors[entry.entry_id] = outcome
        elif isinstance(outcome, BaseException):
            raise outcome
    if call.return_response:
        return _response(entries, errors)
    if errors:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="stations_failed",
            translation_placeholders={
                "failed": str(len(errors)),
                "total": str(len(entries)),
                "details": "; ".join(
                    f"{entry.title}: {errors[entry.entry_id]}"
                    for entry in entries
                    if entry.entry_id in errors
                ),
            },
        )
    return None


def _response(entries: list[AstrosConfigEntry], errors: dict[str, BaseException]) -> dict[str, Any]:
    return {
        "stations": [
            {
                "config_entry_id": entry.entry_id,
                "name": entry.title,
                "success": entry.entry_id not in errors,
                "error": str(errors[entry.entry_id]) if entry.entry_id in errors else None,
            }
            for entry in entries
        ]
    }


async def _async_upload_wallpaper(call: ServiceCall) -> ServiceResponse:
    hass = call.hass
    slot: int = call.data[ATTR_SLOT]
    path: str = call.data[ATTR_PATH]
    data = await hass.async_add_executor_job(read_file, hass, path, MAX_WALLPAPER_BYTES)
    try:
        kind = await hass.async_add_executor_job(validate_wallpaper_image, data)
    except AstrosError as err:
        raise translated_error(err) from err
    filename = f"{Path(path).stem or 'wallpaper'}.{'png' if kind == 'png' else 'jpg'}"

    async def upload(entry: AstrosConfigEntry) -> None:
        client = entry.runtime_data.client
        await entry.runtime_data.coordinator.async_execute(
            lambda: client.async_upload_wallpaper(slot, data, filename)
        )

    return await _async_on_stations(call, upload)


async def _async_delete_wallpaper(call: ServiceCall) -> ServiceResponse:
    slot: int = call.data[ATTR_SLOT]

    async def delete(entry: AstrosConfigEntry) -> None:
        client = entry.runtime_data.client
        await entry.runtime_data.coordinator.async_execute(
            lambda: client.async_delete_wallpaper(slot)
        )

    return await _async_on_stations(call, delete)


async def _async_set_login_code(call: ServiceCall) -> ServiceResponse:
    code: str = call.data[ATTR_CODE].strip()

    async def set_code(entry: AstrosConfigEntry) -> None:
        client = entry.runtime_data.client
        await entry.runtime_data.coordinator.async_execute(
            lambda: client.async_set_login_code(LoginCodeMode.FIXED, code)
        )

    return await _async_on_stations(call, set_code)


async def _async_reboot(call: ServiceCall) -> ServiceResponse:
    delay: int | None = call.data.get(ATTR_DELAY)
    reason: str | None = call.data.get(ATTR_REASON)

    async def reboot(entry: AstrosConfigEntry) -> None:
        await entry.runtime_data.coordinator.async_reboot(delay, reason)

    return await _async_on_stations(call, reboot)


async def _async_export_configuration(call: ServiceCall) -> ServiceResponse:
    hass = call.hass
    entry = _loaded_entry(hass, call.data[ATTR_CONFIG_ENTRY_ID])
    path: str = call.data[ATTR_PATH]
    overwrite: bool = call.data[ATTR_OVERWRITE]
    coordinator = entry.runtime_data.coordinator
    # Check the destination before asking the station for anything.
    await hass.async_add_executor_job(destination, hass, path, DOMAIN)
    try:
        data = await entry.runtime_data.client.async_export_configuration()
    except AstrosError as err:
        coordinator.raise_translated(err)
    stamp = dt_util.now().strftime("%Y%m%d-%H%M%S")
    default_name = f"{slugify(entry.title) or DOMAIN}-configuration-{stamp}.json"
    written = await hass.async_add_executor_job(
        lambda: write_file(hass, path, data, default_name, overwrite=overwrite)
    )
    return {"path": written}


def _read_configuration(hass: HomeAssistant, path: str, must_be_json: bool) -> bytes:
    data = read_file(hass, path, MAX_CONFIGURATION_BYTES)
    if not data.strip():
        raise _refusal("configuration_empty", path=path)
    if must_be_json:
        try:
            json.loads(data)
        except ValueError as err:
            raise _refusal("configuration_not_json", path=path) from err
    return data


async def _async_import_configuration(call: ServiceCall) -> None:
    hass = call.hass
    entry = _loaded_entry(hass, call.data[ATTR_CONFIG_ENTRY_ID])
    path: str = call.data[ATTR_PATH]
    client = entry.runtime_data.client
    data = await hass.async_add_executor_job(
        _read_configuration, hass, path, client.api_version is ApiVersion.V2
    )
    await entry.runtime_data.coordinator.async_execute(
        lambda: client.async_import_configuration(data)
    )


def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's actions (once, not per station)."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_UPLOAD_WALLPAPER,
        _async_upload_wallpaper,
        vol.Schema(
            {**_TARGETED, vol.Required(ATTR_SLOT): vol.Coerce(int), vol.Required(ATTR_PATH): str}
        ),
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_DELETE_WALLPAPER,
        _async_delete_wallpaper,
        vol.Schema({**_TARGETED, vol.Required(ATTR_SLOT): vol.Coerce(int)}),
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_SET_LOGIN_CODE,
        _async_set_login_code,
        vol.Schema({**_TARGETED, vol.Required(ATTR_CODE): cv.string}),
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_REBOOT,
        _async_reboot,
        vol.Schema(
            {
                **_TARGETED,
                vol.Optional(ATTR_DELAY): vol.All(vol.Coerce(int), vol.Range(min=0, max=1440)),
                vol.Optional(ATTR_REASON): vol.All(
                    cv.string, vol.Length(max=REBOOT_REASON_MAX_LENGTH)
                ),
            }
        ),
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_EXPORT_CONFIGURATION,
        _async_export_configuration,
        vol.Schema(
            {
                **_ONE_STATION,
                vol.Required(ATTR_PATH): cv.string,
                vol.Optional(ATTR_OVERWRITE, default=False): cv.boolean,
            }
        ),
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_IMPORT_CONFIGURATION,
        _async_import_configuration,
        vol.Schema({**_ONE_STATION, vol.Required(ATTR_PATH): cv.string}),
    )
