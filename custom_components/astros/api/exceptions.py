"""Exceptions raised by the ASTROS client.

Each maps to one Home Assistant outcome: connection and timeout errors make
entities unavailable, authentication errors (a refused login, and only that)
start reauthentication, rejected requests and invalid values become errors
shown to the person.
"""

from __future__ import annotations


class AstrosError(Exception):
    """Base class of every error the client raises."""


class AstrosConnectionError(AstrosError):
    """The station could not be reached (refused, reset, DNS, TLS, HTTP 5xx)."""


class AstrosTimeoutError(AstrosConnectionError):
    """The station did not answer within the request timeout."""


class AstrosCertificateError(AstrosConnectionError):
    """The station's TLS certificate was refused (not trusted, or not the pinned one)."""


class AstrosRedirectError(AstrosConnectionError):
    """The station answered with a redirect; it is never followed (credentials stay home)."""

    def __init__(self, message: str, target_host: str | None) -> None:
        """Keep where the redirect pointed."""
        super().__init__(message)
        self.target_host = target_host


class AstrosAuthenticationError(AstrosError):
    """The station refused the login: the username or password is wrong."""


class AstrosNegotiationError(AstrosError):
    """None of the readings the client knows of an open point worked with this station.

    ``point`` names it: ``key_header`` (the station accepts the login but refuses
    the key however it is sent), ``config_export`` (the station reports only the
    configuration file's name), ``firmware_manual``, ``power_mode``.
    """

    def __init__(self, point: str, message: str) -> None:
        """Name the open point."""
        super().__init__(message)
        self.point = point


class AstrosResponseError(AstrosError):
    """The station answered something that is not a valid response."""


class AstrosRequestError(AstrosError):
    """The station understood the request and refused it (non-zero errorCode, or a refusal)."""

    def __init__(self, error_code: int, message: str) -> None:
        """Keep the station's own code and message for the person to read."""
        super().__init__(f"Station refused the request (error {error_code}): {message}")
        self.error_code = error_code
        self.station_message = message


class AstrosPermissionError(AstrosRequestError):
    """The station refused this call for lack of permission (HTTP 403, errorCode 1004).

    Not an authentication failure: the login is fine, this call is not allowed
    (a ``view_only`` key writing, an endpoint forbidden to this account).
    """


class AstrosUnsupportedError(AstrosError):
    """This station does not offer the feature (its generation, or its firmware)."""


class AstrosEndpointUnsupportedError(AstrosUnsupportedError):
    """The station answered an endpoint as unknown (HTTP 404/405): its firmware lacks it."""

    def __init__(self, method: str, path: str) -> None:
        """Name the endpoint."""
        super().__init__(f"The station does not know {method} {path or '/'}")
        self.method = method
        self.path = path


class AstrosValidationError(AstrosError, ValueError):
    """A value was refused before anything was sent; `allowed` says what is accepted."""

    def __init__(self, field: str, value: object, allowed: str) -> None:
        """Describe the refused field and what would be accepted instead."""
        super().__init__(f"Invalid {field} {value!r}: allowed is {allowed}")
        self.field = field
        self.value = value
        self.allowed = allowed
