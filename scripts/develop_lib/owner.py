"""Create the owner login with Home Assistant's own auth code.

This does what the onboarding "create user" step does (a user in the admin
group, the first one so the owner, with a username/password credential of the
``homeassistant`` auth provider). It runs inside Home Assistant's own
``hass --script auth`` machinery (``homeassistant.scripts.auth.run_command``),
which prepares a never-started :class:`HomeAssistant` object on the
configuration directory the way the installed version needs (registries,
auth manager, provider), so this module does not depend on those internals.
The person entry for the user is added later over the API (:mod:`.live`).

Must run in the Python environment that has Home Assistant, while Home
Assistant itself is not running on that directory.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path
from typing import Any


async def _async_ensure_owner(config_dir: Path, name: str, username: str, password: str) -> bool:
    # Imported here: the rest of develop_lib runs without Home Assistant.
    from homeassistant.auth.const import GROUP_ID_ADMIN  # noqa: PLC0415
    from homeassistant.scripts import auth as auth_script  # noqa: PLC0415

    created = False

    async def create(hass: Any, provider: Any, _args: argparse.Namespace) -> None:
        nonlocal created
        known = {user["username"] for user in provider.data.users}
        if username not in known:
            user = await hass.auth.async_create_user(name, group_ids=[GROUP_ID_ADMIN])
            await provider.async_add_auth(username, password)
            credentials = await provider.async_get_or_create_credentials({"username": username})
            await hass.auth.async_link_user(user, credentials)
            await provider.data.async_save()
            created = True
        # The auth storage (users, credentials) is saved with a delay, on the
        # final-write stage of a stop; force: this object was never started.
        logging.getLogger("homeassistant.core").setLevel(logging.WARNING)
        await hass.async_stop(force=True)

    await auth_script.run_command(argparse.Namespace(config=str(config_dir), func=create))
    return created


def ensure_owner(config_dir: Path, *, name: str, username: str, password: str) -> bool:
    """Create the owner ``username``/``password`` unless it exists; True when created."""
    return asyncio.run(_async_ensure_owner(config_dir.resolve(), name, username, password))
