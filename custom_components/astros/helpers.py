"""Client errors as the translated Home Assistant errors a person reads."""

from __future__ import annotations

from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .api import (
    AstrosAuthenticationError,
    AstrosError,
    AstrosRequestError,
    AstrosUnsupportedError,
    AstrosValidationError,
)
from .const import DOMAIN

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
