"""The Astrogate ASTROS integration."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.typing import ConfigType

from .api import AstrosAuthenticationError, AstrosClient, AstrosError, ConnectionSettings
from .api.detect import async_create_client, async_detect_api_version
from .api.models import ApiVersion
from .const import CONF_API_VERSION, DOMAIN, LOGGER, PLATFORMS
from .coordinator import AstrosCoordinator
from .repairs import async_setup_issues
from .services import async_setup_services

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


@dataclass
class AstrosData:
    """What a set-up entry keeps at run time."""

    client: AstrosClient
    coordinator: AstrosCoordinator


type AstrosConfigEntry = ConfigEntry[AstrosData]


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the integration's actions (once, for every station)."""
    async_setup_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: AstrosConfigEntry) -> bool:
    """Connect to the station, read it once and set up its entities."""
    host: str = entry.data[CONF_HOST]
    port: int | None = entry.data.get(CONF_PORT)
    use_https: bool = entry.data.get(CONF_SSL, False)
    verify_ssl: bool = entry.data.get(CONF_VERIFY_SSL, True)
    session = async_get_clientsession(hass, verify_ssl=verify_ssl)
    settings = ConnectionSettings(
        host=host,
        port=port,
        use_https=use_https,
        verify_ssl=verify_ssl,
        username=entry.data[CONF_USERNAME],
        password=entry.data[CONF_PASSWORD],
    )

    try:
        # A firmware update may have moved the station to another generation.
        api_version = await async_detect_api_version(session, settings)
        stored = entry.data.get(CONF_API_VERSION)
        if stored != api_version:
            if stored is not None:
                LOGGER.info(
                    "%s now speaks API %s instead of %s; updating its configuration",
                    entry.title,
                    api_version,
                    stored,
                )
            hass.config_entries.async_update_entry(
                entry, data={**entry.data, CONF_API_VERSION: str(api_version)}
            )
        client = await async_create_client(session, settings, api_version=ApiVersion(api_version))
        await client.async_login()
        identity = await client.async_get_identity()
    except AstrosAuthenticationError as err:
        raise ConfigEntryAuthFailed(
            translation_domain=DOMAIN, translation_key="authentication_failed"
        ) from err
    except AstrosError as err:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="cannot_connect",
            translation_placeholders={"host": host, "error": str(err) or type(err).__name__},
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
    entry.runtime_data = AstrosData(client=client, coordinator=coordinator)
    entry.async_on_unload(coordinator.async_add_listener(coordinator.async_update_device))

    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    await async_setup_issues(hass, entry)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: AstrosConfigEntry) -> bool:
    """Remove the station's entities."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
