"""Config flow of the Astrogate ASTROS integration."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.selector import (
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)

from .api import (
    AstrosAuthenticationError,
    AstrosCertificateError,
    AstrosConnectionError,
    AstrosError,
    AstrosNegotiationError,
    AstrosResponseError,
    async_get_certificate_fingerprint,
)
from .api.detect import async_detect, create_client
from .api.models import ApiVersion, StationIdentity
from .compat import vol
from .const import (
    CERTIFICATE_IGNORE,
    CERTIFICATE_PIN,
    CERTIFICATE_VERIFY,
    CONF_API_VERSION,
    CONF_CERTIFICATE,
    CONF_CERTIFICATE_FINGERPRINT,
    CONF_NEGOTIATED,
    DEFAULT_USERNAME,
    DOMAIN,
    LOGGER,
)
from .helpers import connection_settings

PASSWORD_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
CERTIFICATE_SELECTOR = SelectSelector(
    SelectSelectorConfig(
        options=[CERTIFICATE_VERIFY, CERTIFICATE_PIN, CERTIFICATE_IGNORE],
        translation_key=CONF_CERTIFICATE,
        mode=SelectSelectorMode.LIST,
    )
)

CONNECTION_FIELDS: dict[vol.Marker, Any] = {
    vol.Required(CONF_HOST): str,
    vol.Optional(CONF_PORT): cv.port,
    vol.Required(CONF_SSL, default=False): bool,
    vol.Required(CONF_CERTIFICATE, default=CERTIFICATE_VERIFY): CERTIFICATE_SELECTOR,
}
CREDENTIAL_FIELDS: dict[vol.Marker, Any] = {
    vol.Required(CONF_USERNAME, default=DEFAULT_USERNAME): str,
    vol.Required(CONF_PASSWORD): PASSWORD_SELECTOR,
}
USER_SCHEMA = vol.Schema({**CONNECTION_FIELDS, **CREDENTIAL_FIELDS})
RECONFIGURE_SCHEMA = vol.Schema(CONNECTION_FIELDS)
REAUTH_SCHEMA = vol.Schema(CREDENTIAL_FIELDS)


def certificate_choice(data: Mapping[str, Any]) -> str:
    """How an entry's HTTPS certificate is checked: verified, pinned or not at all."""
    if data.get(CONF_CERTIFICATE_FINGERPRINT):
        return CERTIFICATE_PIN
    return CERTIFICATE_VERIFY if data.get(CONF_VERIFY_SSL, True) else CERTIFICATE_IGNORE


@dataclass(frozen=True, slots=True)
class Probe:
    """What a successful connection test learned, to be stored in the entry."""

    api_version: ApiVersion
    identity: StationIdentity
    stored: dict[str, Any]


class ProbeError(Exception):
    """A connection test failed; ``field`` and ``error`` go into the form."""

    def __init__(self, field: str, error: str) -> None:
        """Remember where to show which error."""
        super().__init__(error)
        self.field = field
        self.error = error


class AstrosConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add, reauthenticate and reconfigure ASTROS stations."""

    VERSION = 1
    MINOR_VERSION = 1

    async def _async_fingerprint(self, data: Mapping[str, Any], *, keep: bool) -> str | None:
        """The certificate to pin: the stored one (``keep``), else the one the station shows now."""
        if not data.get(CONF_SSL) or data.get(CONF_CERTIFICATE) != CERTIFICATE_PIN:
            return None
        if keep and (stored := data.get(CONF_CERTIFICATE_FINGERPRINT)):
            return str(stored)
        return await async_get_certificate_fingerprint(data[CONF_HOST], data.get(CONF_PORT))

    async def _async_probe(self, data: Mapping[str, Any], *, keep_pin: bool = False) -> Probe:
        """Detect the generation, log in and read the station's identity."""
        host: str = data[CONF_HOST]
        try:
            fingerprint = await self._async_fingerprint(data, keep=keep_pin)
            stored = {
                CONF_VERIFY_SSL: data.get(CONF_CERTIFICATE) == CERTIFICATE_VERIFY,
                CONF_CERTIFICATE_FINGERPRINT: fingerprint,
            }
            settings = connection_settings({**data, **stored})
            session = async_get_clientsession(self.hass, verify_ssl=settings.verify_ssl)
            detection = await async_detect(session, settings)
            client = create_client(session, settings, detection.api_version, detection=detection)
            await client.async_login()
            identity = await client.async_get_identity()
            factory_password = detection.factory_password
        except AstrosCertificateError as err:
            raise ProbeError(CONF_CERTIFICATE, "invalid_certificate") from err
        except AstrosConnectionError as err:
            raise ProbeError(CONF_HOST, "cannot_connect") from err
        except AstrosAuthenticationError as err:
            raise ProbeError(CONF_PASSWORD, "invalid_auth") from err
        except AstrosResponseError as err:
            raise ProbeError(CONF_HOST, "not_astros") from err
        except AstrosNegotiationError as err:
            LOGGER.debug("No reading of %s worked with %s: %s", err.point, host, err)
            raise ProbeError("base", "negotiation_failed") from err
        except AstrosError as err:
            # The station answered and refused (a view-only account, a busy station).
            LOGGER.debug("%s refused the connection test: %s", host, err)
            raise ProbeError("base", "station_refused") from err
        except Exception as err:
            LOGGER.exception("Unexpected error while connecting to %s", host)
            raise ProbeError("base", "unknown") from err
        if factory_password:
            # Decision: refuse stations on their factory password; anybody on
            # the network could take them over. The person changes it first.
            raise ProbeError(CONF_PASSWORD, "factory_password")
        stored |= {
            CONF_API_VERSION: str(client.api_version),
            CONF_NEGOTIATED: dict(client.negotiated),
        }
        return Probe(api_version=client.api_version, identity=identity, stored=stored)

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the station's address and the admin credentials."""
        errors: dict[str, str] = {}
        if user_input is not None:
            user_input[CONF_HOST] = user_input[CONF_HOST].strip()
            try:
                probe = await self._async_probe(user_input)
            except ProbeError as err:
                errors[err.field] = err.error
            else:
                await self.async_set_unique_id(format_mac(probe.identity.mac))
                connection = {
                    CONF_HOST: user_input[CONF_HOST],
                    CONF_PORT: user_input.get(CONF_PORT),
                    CONF_SSL: user_input[CONF_SSL],
                    **probe.stored,
                }
                self._abort_if_unique_id_configured(updates=connection)
                return self.async_create_entry(
                    title=probe.identity.name or probe.identity.model or user_input[CONF_HOST],
                    data={
                        **connection,
                        CONF_USERNAME: user_input[CONF_USERNAME],
                        CONF_PASSWORD: user_input[CONF_PASSWORD],
                    },
                )
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(USER_SCHEMA, user_input),
            errors=errors,
        )

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """The station refused the stored credentials."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for new credentials."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {**entry.data, CONF_CERTIFICATE: certificate_choice(entry.data), **user_input}
            try:
                probe = await self._async_probe(data, keep_pin=True)
            except ProbeError as err:
                errors[err.field] = err.error
            else:
                await self.async_set_unique_id(format_mac(probe.identity.mac))
                self._abort_if_unique_id_mismatch(reason="wrong_station")
                return self.async_update_reload_and_abort(
                    entry,
                    data_updates={
                        CONF_USERNAME: user_input[CONF_USERNAME],
                        CONF_PASSWORD: user_input[CONF_PASSWORD],
                        **probe.stored,
                    },
                )
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=self.add_suggested_values_to_schema(
                REAUTH_SCHEMA, {CONF_USERNAME: entry.data.get(CONF_USERNAME, DEFAULT_USERNAME)}
            ),
            description_placeholders={"host": entry.data[CONF_HOST]},
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change how the station is reached (a pinned certificate is read again)."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            user_input[CONF_HOST] = user_input[CONF_HOST].strip()
            user_input.setdefault(CONF_PORT, None)
            try:
                probe = await self._async_probe({**entry.data, **user_input})
            except ProbeError as err:
                errors[err.field] = err.error
            else:
                await self.async_set_unique_id(format_mac(probe.identity.mac))
                self._abort_if_unique_id_mismatch(reason="wrong_station")
                connection = {key: user_input[key] for key in (CONF_HOST, CONF_PORT, CONF_SSL)}
                return self.async_update_reload_and_abort(
                    entry, data_updates={**connection, **probe.stored}
                )
        suggested = user_input or {**entry.data, CONF_CERTIFICATE: certificate_choice(entry.data)}
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(RECONFIGURE_SCHEMA, suggested),
            errors=errors,
        )
