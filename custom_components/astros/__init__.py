"""The Astrogate ASTROS integration."""

from __future__ import annotations

from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import (
    ConfigEntryAuthFailed,
    ConfigEntryError,
    ConfigEntryNotReady,
)
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.typing import ConfigType

from .api import (
    AstrosAuthenticationError,
    AstrosClient,
    AstrosError,
    AstrosRequestError,
    AstrosResponseError,
)
from .api.const import ERROR_PERMISSION_DENIED
from .api.detect import async_create_client, async_detect_api_version
from .api.models import ApiVersion, StationIdentity
from .const import CONF_API_VERSION, DOMAIN, LOGGER, PLATFORMS
from .coordinator import AstrosConfigEntry, AstrosCoordinator, AstrosData
from .helpers import error_text
from .maintenance import AstrosMaintenanceCoordinator
from .repairs import async_setup_issues
from .services import async_setup_services

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the integration's actions (once, for every station)."""
    async_setup_services(hass)
    return True


async def _async_connect(
    hass: HomeAssistant, entry: AstrosConfigEntry, api_version: ApiVersion | None
) -> tuple[AstrosClient, StationIdentity]:
    """Log in with the stored generation, or the detected one when None."""
    verify_ssl: bool = entry.data.get(CONF_VERIFY_SSL, True)
    client = await async_create_client(
        async_get_clientsession(hass, verify_ssl=verify_ssl),
        entry.data[CONF_HOST],
        username=entry.data[CONF_USERNAME],
        password=entry.data[CONF_PASSWORD],
        port=entry.data.get(CONF_PORT),
        use_https=entry.data.get(CONF_SSL, False),
        verify_ssl=verify_ssl,
        api_version=api_version,
    )
    await client.async_login()
    return client, await client.async_get_identity()


async def _async_connect_any_generation(
    hass: HomeAssistant, entry: AstrosConfigEntry
) -> tuple[AstrosClient, StationIdentity]:
    """Trust the stored generation; detect again only when the station does not speak it.

    A firmware update may move a station from v1 to v2: its entities stay.
    """
    stored = entry.data.get(CONF_API_VERSION)
    if stored is not None:
        try:
            return await _async_connect(hass, entry, ApiVersion(stored))
        except (AstrosResponseError, AstrosRequestError) as err:
            LOGGER.debug("%s does not answer API %s any more: %s", entry.title, stored, err)
    verify_ssl: bool = entry.data.get(CONF_VERIFY_SSL, True)
    detected = await async_detect_api_version(
        async_get_clientsession(hass, verify_ssl=verify_ssl),
        entry.data[CONF_HOST],
        port=entry.data.get(CONF_PORT),
        use_https=entry.data.get(CONF_SSL, False),
        verify_ssl=verify_ssl,
    )
    if stored != detected:
        if stored is not None:
            LOGGER.info("%s now speaks API %s instead of %s", entry.title, detected, stored)
        hass.config_entries.async_update_entry(
            entry, data={**entry.data, CONF_API_VERSION: str(detected)}
        )
    return await _async_connect(hass, entry, detected)


async def async_setup_entry(hass: HomeAssistant, entry: AstrosConfigEntry) -> bool:
    """Connect to the station, read it once and set up its entities."""
    host: str = entry.data[CONF_HOST]
    try:
        client, identity = await _async_connect_any_generation(hass, entry)
    except AstrosAuthenticationError as err:
        raise ConfigEntryAuthFailed(
            translation_domain=DOMAIN, translation_key="authentication_failed"
        ) from err
    except AstrosError as err:
        if isinstance(err, AstrosRequestError) and err.error_code == ERROR_PERMISSION_DENIED:
            # Retrying changes nothing: the account lacks the rights.
            raise ConfigEntryError(
                translation_domain=DOMAIN,
                translation_key="setup_refused",
                translation_placeholders={"host": host, "error": error_text(err)},
            ) from err
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="cannot_connect",
            translation_placeholders={"host": host, "error": error_text(err)},
        ) from err

    if entry.unique_id is not None and format_mac(identity.mac) != entry.unique_id:
        # Another station answers at this address (a DHCP lease moved).
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="wrong_station",
            translation_placeholders={"host": host, "mac": identity.mac},
        )

    coordinator = AstrosCoordinator(hass, entry, client, identity)
    await coordinator.async_config_entry_first_refresh()
    maintenance = AstrosMaintenanceCoordinator(hass, entry, coordinator)
    entry.runtime_data = AstrosData(client=client, coordinator=coordinator, maintenance=maintenance)
    entry.async_on_unload(coordinator.async_add_listener(coordinator.async_update_device))

    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    async_setup_issues(hass, entry)
    maintenance.async_start()
    coordinator.async_follow_running_install()
    return True


async def async_unload_entry(hass: HomeAssistant, entry: AstrosConfigEntry) -> bool:
    """Remove the station's entities."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
