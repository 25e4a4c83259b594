"""Exceptions raised by the ASTROS client.

Each maps to one Home Assistant outcome: connection and timeout errors make
entities unavailable, authentication errors start reauthentication, rejected
requests and invalid values become errors shown to the person.
"""

from __future__ import annotations


class AstrosError(Exception):
    """Base class of every error the client raises."""


class AstrosConnectionError(AstrosError):
    """The station could not be reached (refused, reset, DNS, TLS, HTTP 5xx)."""


class AstrosTimeoutError(AstrosConnectionError):
    """The station did not answer within the request timeout."""


class AstrosAuthenticationError(AstrosError):
    """The username or password is wrong, or the station refused the key after renewal."""


class AstrosResponseError(AstrosError):
    """The station answered something that is not a valid response."""


class AstrosRequestError(AstrosError):
    """The station understood the request and refused it (non-zero errorCode)."""

    def __init__(self, error_code: int, message: str) -> None:
        """Keep the station's own code and message for the person to read."""
        super().__init__(f"Station refused the request (error {error_code}): {message}")
        self.error_code = error_code
        self.station_message = message


class AstrosUnsupportedError(AstrosError):
    """This station's API generation does not offer the feature."""


class AstrosValidationError(AstrosError, ValueError):
    """A value was refused before anything was sent; `allowed` says what is accepted."""

    def __init__(self, field: str, value: object, allowed: str) -> None:
        """Describe the refused field and what would be accepted instead."""
        super().__init__(f"Invalid {field} {value!r}: allowed is {allowed}")
        self.field = field
        self.value = value
        self.allowed = allowed
