"""Async client for Astrogate ASTROS stations (REST API v1 and v2).

Independent of Home Assistant: it needs only aiohttp.
"""

from .client import AstrosClient
from .exceptions import (
    AstrosAuthenticationError,
    AstrosConnectionError,
    AstrosError,
    AstrosRequestError,
    AstrosResponseError,
    AstrosTimeoutError,
    AstrosUnsupportedError,
    AstrosValidationError,
)
from .models import *  # noqa: F403

__all__ = [
    "AstrosAuthenticationError",
    "AstrosClient",
    "AstrosConnectionError",
    "AstrosError",
    "AstrosRequestError",
    "AstrosResponseError",
    "AstrosTimeoutError",
    "AstrosUnsupportedError",
    "AstrosValidationError",
]
