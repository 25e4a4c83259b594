"""What the integration's modules share: connection settings, translated client errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .api import (
    AstrosAuthenticationError,
    AstrosError,
    AstrosNegotiationError,
    AstrosRequestError,
    AstrosUnsupportedError,
    AstrosValidationError,
    ConnectionSettings,
)
from .const import CONF_CERTIFICATE_FINGERPRINT, DOMAIN

#: Fields whose refused value is a secret: the error names the rule, not the value.
SECRET_FIELDS = frozenset({"login code", "password", "Wi-Fi password", "admin password"})


def error_text(err: Exception) -> str:
    """A client error's own text, or its kind when it has none."""
    return str(err) or type(err).__name__


def translated_error(err: AstrosError) -> HomeAssistantError:
    """Turn a client error of a write into the translated error shown to the person."""
    if isinstance(err, AstrosValidationError):
        return ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_value",
            translation_placeholders={
                "field": err.field,
                "value": "***" if err.field in SECRET_FIELDS else str(err.value),
                "allowed": err.allowed,
            },
        )
    if isinstance(err, AstrosUnsupportedError):
        return ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unsupported",
            translation_placeholders={"error": str(err)},
        )
    if isinstance(err, AstrosNegotiationError):
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="negotiation_failed",
            translation_placeholders={"point": err.point},
        )
    if isinstance(err, AstrosRequestError):
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="station_refused",
            translation_placeholders={
                "code": str(err.error_code),
                "message": err.station_message,
            },
        )
    if isinstance(err, AstrosAuthenticationError):
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="authentication_failed",
        )
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="communication_error",
        translation_placeholders={"error": error_text(err)},
    )


def connection_settings(data: Mapping[str, Any]) -> ConnectionSettings:
    """How to reach the station of a config entry's data (or a config flow's input)."""
    return ConnectionSettings(
        host=data[CONF_HOST],
        port=data.get(CONF_PORT),
        use_https=data.get(CONF_SSL, False),
        verify_ssl=data.get(CONF_VERIFY_SSL, True),
        certificate_fingerprint=data.get(CONF_CERTIFICATE_FINGERPRINT) or None,
        username=data[CONF_USERNAME],
        password=data[CONF_PASSWORD],
    )
