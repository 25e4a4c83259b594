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
from homeassistant.helpers.selector import TextSelector, TextSelectorConfig, TextSelectorType

from .api import (
    AstrosAuthenticationError,
    AstrosConnectionError,
    AstrosError,
    AstrosResponseError,
)
from .api.detect import async_create_client, async_detect_api_version
from .api.models import ApiVersion, StationIdentity
from .compat import vol
from .const import CONF_API_VERSION, DEFAULT_USERNAME, DOMAIN, LOGGER

PASSWORD_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))

CONNECTION_FIELDS: dict[vol.Marker, Any] = {
    vol.Required(CONF_HOST): str,
    vol.Optional(CONF_PORT): cv.port,
    vol.Required(CONF_SSL, default=False): bool,
    vol.Required(CONF_VERIFY_SSL, default=True): bool,
}
CREDENTIAL_FIELDS: dict[vol.Marker, Any] = {
    vol.Required(CONF_USERNAME, default=DEFAULT_USERNAME): str,
    vol.Required(CONF_PASSWORD): PASSWORD_SELECTOR,
}
USER_SCHEMA = vol.Schema({**CONNECTION_FIELDS, **CREDENTIAL_FIELDS})
RECONFIGURE_SCHEMA = vol.Schema(CONNECTION_FIELDS)
REAUTH_SCHEMA = vol.Schema(CREDENTIAL_FIELDS)


@dataclass(frozen=True, slots=True)
class Probe:
    """What a successful connection test learned."""

    api_version: ApiVersion
    identity: StationIdentity


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

    async def _async_probe(self, data: Mapping[str, Any]) -> Probe:
        """Detect the generation, log in and read the station's identity."""
        verify_ssl: bool = data.get(CONF_VERIFY_SSL, True)
        session = async_get_clientsession(self.hass, verify_ssl=verify_ssl)
        host: str = data[CONF_HOST]
        port: int | None = data.get(CONF_PORT)
        use_https: bool = data.get(CONF_SSL, False)

        try:
            api_version = await async_detect_api_version(
                session, host, port=port, use_https=use_https, verify_ssl=verify_ssl
            )
            client = await async_create_client(
                session,
                host,
                username=data[CONF_USERNAME],
                password=data[CONF_PASSWORD],
                port=port,
                use_https=use_https,
                verify_ssl=verify_ssl,
                api_version=api_version,
            )
            await client.async_login()
            identity = await client.async_get_identity()
            factory_password = await client.async_uses_factory_password()
        except AstrosConnectionError as err:
            raise ProbeError(CONF_HOST, "cannot_connect") from err
        except AstrosAuthenticationError as err:
            raise ProbeError(CONF_PASSWORD, "invalid_auth") from err
        except AstrosResponseError as err:
            raise ProbeError(CONF_HOST, "not_astros") from err
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
        return Probe(api_version=api_version, identity=identity)

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
                self._abort_if_unique_id_configured(
                    updates={
                        CONF_HOST: user_input[CONF_HOST],
                        CONF_PORT: user_input.get(CONF_PORT),
                        CONF_SSL: user_input[CONF_SSL],
                        CONF_VERIFY_SSL: user_input[CONF_VERIFY_SSL],
                        CONF_API_VERSION: str(probe.api_version),
                    }
                )
                return self.async_create_entry(
                    title=probe.identity.name or probe.identity.model or user_input[CONF_HOST],
                    data={
                        CONF_HOST: user_input[CONF_HOST],
                        CONF_PORT: user_input.get(CONF_PORT),
                        CONF_SSL: user_input[CONF_SSL],
                        CONF_VERIFY_SSL: user_input[CONF_VERIFY_SSL],
                        CONF_USERNAME: user_input[CONF_USERNAME],
                        CONF_PASSWORD: user_input[CONF_PASSWORD],
                        CONF_API_VERSION: str(probe.api_version),
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
            try:
                probe = await self._async_probe({**entry.data, **user_input})
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
                        CONF_API_VERSION: str(probe.api_version),
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
        """Change how the station is reached."""
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
                return self.async_update_reload_and_abort(
                    entry,
                    data_updates={**user_input, CONF_API_VERSION: str(probe.api_version)},
                )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                RECONFIGURE_SCHEMA, user_input or dict(entry.data)
            ),
            errors=errors,
        )
