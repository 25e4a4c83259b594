"""Which stations an action reaches, and running it on each of them.

A call names stations through Home Assistant targets (devices, areas,
labels, entities) and/or ``config_entry_id``. Every station is reached at
once (at most :data:`MAX_CONCURRENT_STATIONS` at a time); one failing does
not stop the others, and the response says per station what happened.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, cast

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .compat import async_extract_config_entry_ids
from .const import ATTR_CONFIG_ENTRY_ID, DOMAIN
from .coordinator import AstrosConfigEntry

#: Stations one action talks to at the same time.
MAX_CONCURRENT_STATIONS = 8

type StationAction = Callable[[AstrosConfigEntry], Awaitable[None]]


def refusal(key: str, **placeholders: object) -> ServiceValidationError:
    """A translated refusal of the caller's input."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={name: str(value) for name, value in placeholders.items()},
    )


def loaded_entry(hass: HomeAssistant, entry_id: str) -> AstrosConfigEntry:
    """The loaded ASTROS entry ``entry_id``, or a translated refusal."""
    entry = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN:
        raise refusal("entry_not_found", config_entry_id=entry_id)
    if entry.state is not ConfigEntryState.LOADED:
        raise refusal("entry_not_loaded", title=entry.title)
    return cast("AstrosConfigEntry", entry)


async def async_targeted_entry_ids(call: ServiceCall) -> list[str]:
    """The ASTROS entries a call names through its target and ``config_entry_id``."""
    hass = call.hass
    named = call.data.get(ATTR_CONFIG_ENTRY_ID) or []
    entry_ids = {named} if isinstance(named, str) else set(named)
    entry_ids |= {
        entry_id
        for entry_id in await async_extract_config_entry_ids(hass, call)
        if (entry := hass.config_entries.async_get_entry(entry_id)) and entry.domain == DOMAIN
    }
    if not entry_ids:
        raise refusal("no_station_targeted")
    return sorted(entry_ids)


async def async_on_stations(
    call: ServiceCall, entry_ids: list[str], action: StationAction
) -> ServiceResponse:
    """Run ``action`` on every station of ``entry_ids``; report each, fail if any failed.

    A value every station refuses is the caller's mistake: its own error is raised.
    """
    if len(entry_ids) == 1:
        entry = loaded_entry(call.hass, entry_ids[0])
        await action(entry)  # its own error, as it is
        return _response(call.hass, entry_ids, {}) if call.return_response else None
    limit = asyncio.Semaphore(MAX_CONCURRENT_STATIONS)

    async def run(entry_id: str) -> None:
        entry = loaded_entry(call.hass, entry_id)
        async with limit:
            await action(entry)

    outcomes = await asyncio.gather(
        *(run(entry_id) for entry_id in entry_ids), return_exceptions=True
    )
    errors: dict[str, HomeAssistantError] = {}
    for entry_id, outcome in zip(entry_ids, outcomes, strict=True):
        if isinstance(outcome, HomeAssistantError):
            errors[entry_id] = outcome
        elif isinstance(outcome, BaseException):
            raise outcome
    refusals = [err for err in errors.values() if isinstance(err, ServiceValidationError)]
    if refusals and len(refusals) == len(entry_ids):
        raise refusals[0]
    if call.return_response:
        return _response(call.hass, entry_ids, errors)
    if errors:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="stations_failed",
            translation_placeholders={
                "failed": str(len(errors)),
                "total": str(len(entry_ids)),
                "details": "; ".join(
                    f"{_title(call.hass, entry_id)}: {err}" for entry_id, err in errors.items()
                ),
            },
        )
    return None


def _title(hass: HomeAssistant, entry_id: str) -> str:
    entry = hass.config_entries.async_get_entry(entry_id)
    return entry.title if entry is not None else entry_id


def _response(
    hass: HomeAssistant, entry_ids: list[str], errors: dict[str, HomeAssistantError]
) -> dict[str, Any]:
    return {
        "stations": [
            {
                "config_entry_id": entry_id,
                "name": _title(hass, entry_id),
                "success": entry_id not in errors,
                "error": str(errors[entry_id]) if entry_id in errors else None,
            }
            for entry_id in entry_ids
        ]
    }
