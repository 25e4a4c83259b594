"""The Astrogate ASTROS integration."""

from __future__ import annotations

from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant, callback
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
    AstrosCertificateError,
    AstrosError,
    AstrosPermissionError,
)
from .api.detect import async_detect, create_client
from .const import CONF_API_VERSION, CONF_NEGOTIATED, DOMAIN, LOGGER, PLATFORMS
from .coordinator import AstrosConfigEntry, AstrosCoordinator, AstrosData
from .entity import async_update_device, station_device
from .firmware import async_follow_running_install
from .helpers import connection_settings, error_text
from .maintenance import AstrosMaintenanceCoordinator
from .repairs import async_setup_issues
from .services import async_setup_services

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the integration's actions (once, for every station)."""
    async_setup_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: AstrosConfigEntry) -> bool:
    """Connect to the station, read it once and set up its entities."""
    settings = connection_settings(entry.data)
    host = settings.host
    session = async_get_clientsession(hass, verify_ssl=settings.verify_ssl)
    try:
        # Before the password is sent: which generation answers, and which model.
        detection = await async_detect(session, settings, expected=entry.data.get(CONF_API_VERSION))
        # Stored readings hold while the generation does (a firmware update may change it).
        same = detection.api_version == entry.data.get(CONF_API_VERSION)
        if same:
            _check_model(hass, entry, detection.model)
        client = create_client(
            session,
            settings,
            detection.api_version,
            negotiated=entry.data.get(CONF_NEGOTIATED) if same else None,
            detection=detection,
        )
        await client.async_login()
        identity = await client.async_get_identity()
    except AstrosAuthenticationError as err:
        raise ConfigEntryAuthFailed(
            translation_domain=DOMAIN, translation_key="authentication_failed"
        ) from err
    except AstrosPermissionError as err:
        # Retrying changes nothing: the account lacks the rights.
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="setup_refused",
            translation_placeholders={"host": host, "error": error_text(err)},
        ) from err
    except AstrosCertificateError as err:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="invalid_certificate",
            translation_placeholders={"host": host, "error": error_text(err)},
        ) from err
    except AstrosError as err:
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
    maintenance = AstrosMaintenanceCoordinator(
        hass, entry, coordinator, factory_password=detection.factory_password
    )
    entry.runtime_data = AstrosData(client=client, coordinator=coordinator, maintenance=maintenance)
    _async_store_readings(hass, entry)
    entry.async_on_unload(coordinator.async_add_listener(lambda: async_update_device(coordinator)))
    entry.async_on_unload(
        coordinator.async_add_listener(lambda: _async_store_readings(hass, entry))
    )

    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    async_setup_issues(hass, entry)
    maintenance.async_start()
    async_follow_running_install(coordinator)
    return True


def _check_model(hass: HomeAssistant, entry: AstrosConfigEntry, model: str | None) -> None:
    """Refuse, before any credential is sent, a station of another model than the entry's."""
    device = station_device(hass, entry)
    if device is None or not device.model or not model or device.model == model:
        return
    raise ConfigEntryNotReady(
        translation_domain=DOMAIN,
        translation_key="wrong_model",
        translation_placeholders={"host": entry.data[CONF_HOST], "model": model},
    )


@callback
def _async_store_readings(hass: HomeAssistant, entry: AstrosConfigEntry) -> None:
    """Keep what the client found out (generation, readings of open points) for the next start."""
    client = entry.runtime_data.client
    stored = {CONF_API_VERSION: str(client.api_version), CONF_NEGOTIATED: dict(client.negotiated)}
    if any(entry.data.get(key) != value for key, value in stored.items()):
        if entry.data.get(CONF_API_VERSION) not in (None, stored[CONF_API_VERSION]):
            LOGGER.info(
                "%s now speaks API %s instead of %s",
                entry.title,
                client.api_version,
                entry.data[CONF_API_VERSION],
            )
        hass.config_entries.async_update_entry(entry, data={**entry.data, **stored})


async def async_unload_entry(hass: HomeAssistant, entry: AstrosConfigEntry) -> bool:
    """Remove the station's entities."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
