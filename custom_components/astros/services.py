"""Actions of the Astrogate ASTROS integration.

Registered once, in ``async_setup``. The station actions take Home Assistant
targets or a ``config_entry_id`` and reach every targeted station
(``targets.py``). Values are checked by the client, which says what is
allowed. Files are read and written in the executor (``files.py``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util, slugify

from .api import AstrosError, validate_wallpaper_image
from .api.const import REBOOT_REASON_MAX_LENGTH
from .api.models import ApiVersion, LoginCodeMode
from .compat import vol
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
from .files import check_destination, read_file, write_file
from .helpers import translated_error
from .targets import async_on_stations, async_targeted_entry_ids, loaded_entry, refusal

_TARGETED: dict[Any, Any] = {
    **cv.TARGET_SERVICE_FIELDS,
    vol.Optional(ATTR_CONFIG_ENTRY_ID): vol.Any(cv.string, [cv.string]),
}
_ONE_STATION: dict[vol.Marker, Any] = {vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string}


async def _async_upload_wallpaper(call: ServiceCall) -> ServiceResponse:
    hass = call.hass
    entry_ids = await async_targeted_entry_ids(call)
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

    return await async_on_stations(call, entry_ids, upload)


async def _async_delete_wallpaper(call: ServiceCall) -> ServiceResponse:
    slot: int = call.data[ATTR_SLOT]

    async def delete(entry: AstrosConfigEntry) -> None:
        client = entry.runtime_data.client
        await entry.runtime_data.coordinator.async_execute(
            lambda: client.async_delete_wallpaper(slot)
        )

    return await async_on_stations(call, await async_targeted_entry_ids(call), delete)


async def _async_set_login_code(call: ServiceCall) -> ServiceResponse:
    code: str = call.data[ATTR_CODE].strip()

    async def set_code(entry: AstrosConfigEntry) -> None:
        client = entry.runtime_data.client
        await entry.runtime_data.coordinator.async_execute(
            lambda: client.async_set_login_code(LoginCodeMode.FIXED, code)
        )

    return await async_on_stations(call, await async_targeted_entry_ids(call), set_code)


async def _async_reboot(call: ServiceCall) -> ServiceResponse:
    delay: int | None = call.data.get(ATTR_DELAY)
    reason: str | None = call.data.get(ATTR_REASON)

    async def reboot(entry: AstrosConfigEntry) -> None:
        await entry.runtime_data.coordinator.async_reboot(delay, reason)

    return await async_on_stations(call, await async_targeted_entry_ids(call), reboot)


async def _async_export_configuration(call: ServiceCall) -> ServiceResponse:
    hass = call.hass
    entry = loaded_entry(hass, call.data[ATTR_CONFIG_ENTRY_ID])
    path: str = call.data[ATTR_PATH]
    overwrite: bool = call.data[ATTR_OVERWRITE]
    coordinator = entry.runtime_data.coordinator
    stamp = dt_util.now().strftime("%Y%m%d-%H%M%S")
    default_name = f"{slugify(entry.title) or DOMAIN}-configuration-{stamp}.json"
    # Check the destination before asking the station for anything.
    await hass.async_add_executor_job(
        lambda: check_destination(hass, path, default_name, overwrite=overwrite)
    )
    try:
        data = await entry.runtime_data.client.async_export_configuration()
    except AstrosError as err:
        coordinator.raise_translated(err)
    written = await hass.async_add_executor_job(
        lambda: write_file(hass, path, data, default_name, overwrite=overwrite)
    )
    return {"path": written}


def _read_configuration(hass: HomeAssistant, path: str, must_be_json: bool) -> bytes:
    data = read_file(hass, path, MAX_CONFIGURATION_BYTES)
    if not data.strip():
        raise refusal("configuration_empty", path=path)
    if must_be_json:
        try:
            json.loads(data)
        except ValueError as err:
            raise refusal("configuration_not_json", path=path) from err
    return data


async def _async_import_configuration(call: ServiceCall) -> None:
    hass = call.hass
    entry = loaded_entry(hass, call.data[ATTR_CONFIG_ENTRY_ID])
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
