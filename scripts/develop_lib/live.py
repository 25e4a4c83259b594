"""Talk to a running Home Assistant: wait for it, log in, add the stations.

Everything goes through Home Assistant's public HTTP and WebSocket APIs, as a
person's browser would: the login flow (``/auth/login_flow`` and
``/auth/token``), a long-lived access token made over the WebSocket API, and
the config-entry flow API (``/api/config/config_entries/flow``). Needs aiohttp
(Home Assistant's environment has it).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
import json
from pathlib import Path
import time
from typing import Any

import aiohttp

from . import SIMULATOR_PASSWORD, SIMULATOR_USERNAME, TOKEN_FILE

CLIENT_NAME = "ASTROS scripts/develop"


class SetupError(Exception):
    """Home Assistant did not come up or refused a step."""


async def _async_body(resp: aiohttp.ClientResponse) -> dict[str, Any]:
    """The JSON object of an answer, or ``{"text": ...}`` when it is not one."""
    text = await resp.text()
    try:
        body = json.loads(text)
    except ValueError:
        return {"text": text.strip()[:500]}
    return body if isinstance(body, dict) else {"value": body}


@dataclass(slots=True)
class StationResult:
    """What adding one station gave."""

    port: int
    outcome: str  # "added", "already_configured" or an error
    title: str | None = None

    @property
    def ok(self) -> bool:
        """The station is configured now."""
        return self.outcome in ("added", "already_configured")


async def _async_wait_http(session: aiohttp.ClientSession, url: str, deadline: float) -> None:
    """Until the HTTP server answers a request that needs no login."""
    last: str = "no answer"
    while time.monotonic() < deadline:
        try:
            async with session.get(f"{url}/auth/providers") as resp:
                if resp.status == 200:
                    return
                last = f"HTTP {resp.status}"
        except (aiohttp.ClientError, OSError) as err:
            last = str(err) or type(err).__name__
        await asyncio.sleep(0.5)
    raise SetupError(f"Home Assistant did not answer at {url} in time ({last})")


async def _async_login(
    session: aiohttp.ClientSession, url: str, username: str, password: str
) -> str:
    """A short-lived access token, through the login flow a browser uses."""
    client_id = f"{url}/"
    async with session.post(
        f"{url}/auth/login_flow",
        json={
            "client_id": client_id,
            "handler": ["homeassistant", None],
            "redirect_uri": client_id,
        },
    ) as resp:
        flow = await _async_body(resp)
    if resp.status != 200 or "flow_id" not in flow:
        raise SetupError(f"login flow did not start: HTTP {resp.status} {flow}")
    async with session.post(
        f"{url}/auth/login_flow/{flow['flow_id']}",
        json={"client_id": client_id, "username": username, "password": password},
    ) as resp:
        result = await _async_body(resp)
    if result.get("type") != "create_entry":
        raise SetupError(f"login as {username!r} failed: {result.get('errors') or result}")
    async with session.post(
        f"{url}/auth/token",
        data={"grant_type": "authorization_code", "code": result["result"], "client_id": client_id},
    ) as resp:
        tokens = await _async_body(resp)
    if resp.status != 200:
        raise SetupError(f"token request failed: HTTP {resp.status} {tokens}")
    return str(tokens["access_token"])


async def async_ws_commands(
    session: aiohttp.ClientSession, url: str, token: str, commands: list[dict[str, Any]]
) -> list[Any]:
    """Run WebSocket commands one after the other; their results."""
    results: list[Any] = []
    ws_url = url.replace("http", "ws", 1) + "/api/websocket"
    async with session.ws_connect(ws_url) as ws:
        hello = await ws.receive_json()
        if hello.get("type") != "auth_required":
            raise SetupError(f"unexpected WebSocket greeting {hello}")
        await ws.send_json({"type": "auth", "access_token": token})
        auth = await ws.receive_json()
        if auth.get("type") != "auth_ok":
            raise SetupError(f"WebSocket login refused: {auth}")
        for msg_id, command in enumerate(commands, start=1):
            await ws.send_json({"id": msg_id, **command})
            while True:
                answer = await ws.receive_json()
                if answer.get("id") == msg_id and answer.get("type") == "result":
                    break
            if not answer.get("success"):
                raise SetupError(f"WebSocket command {command['type']} failed: {answer}")
            results.append(answer.get("result"))
    return results


async def _async_token_works(session: aiohttp.ClientSession, url: str, token: str) -> bool:
    async with session.get(f"{url}/api/", headers={"Authorization": f"Bearer {token}"}) as resp:
        return resp.status == 200


async def _async_ensure_token(
    session: aiohttp.ClientSession, url: str, config_dir: Path, username: str, password: str
) -> str:
    """The long-lived token in the configuration directory, made when missing or stale."""
    token_file = config_dir / TOKEN_FILE
    if token_file.exists():
        token = token_file.read_text(encoding="utf-8").strip()
        if token and await _async_token_works(session, url, token):
            return token
    access = await _async_login(session, url, username, password)
    (token,) = await async_ws_commands(
        session,
        url,
        access,
        [{"type": "auth/long_lived_access_token", "client_name": CLIENT_NAME, "lifespan": 3650}],
    )
    token_file.write_text(f"{token}\n", encoding="utf-8")
    token_file.chmod(0o600)
    return str(token)


async def _async_wait_running(
    session: aiohttp.ClientSession, url: str, token: str, deadline: float
) -> None:
    """Until Home Assistant reports it finished starting."""
    state = "unknown"
    while time.monotonic() < deadline:
        async with session.get(
            f"{url}/api/config", headers={"Authorization": f"Bearer {token}"}
        ) as resp:
            if resp.status == 200:
                state = (await _async_body(resp)).get("state", "RUNNING")
                if state == "RUNNING":
                    return
        await asyncio.sleep(0.5)
    raise SetupError(f"Home Assistant did not finish starting in time (state {state})")


async def _async_ensure_person(
    session: aiohttp.ClientSession, url: str, token: str, name: str
) -> None:
    """A person for the logged-in user, as onboarding would have made."""
    user, persons = await async_ws_commands(
        session, url, token, [{"type": "auth/current_user"}, {"type": "person/list"}]
    )
    everyone = [*persons.get("storage", []), *persons.get("config", [])]
    if not any(person.get("user_id") == user["id"] for person in everyone):
        await async_ws_commands(
            session, url, token, [{"type": "person/create", "name": name, "user_id": user["id"]}]
        )


async def async_add_station(
    session: aiohttp.ClientSession,
    url: str,
    token: str,
    *,
    host: str,
    port: int,
    username: str = SIMULATOR_USERNAME,
    password: str = SIMULATOR_PASSWORD,
) -> StationResult:
    """Add one station through the integration's config flow (as the UI does)."""
    headers = {"Authorization": f"Bearer {token}"}
    async with session.post(
        f"{url}/api/config/config_entries/flow",
        json={"handler": "astros", "show_advanced_options": False},
        headers=headers,
    ) as resp:
        form = await _async_body(resp)
    if resp.status != 200 or form.get("type") != "form":
        return StationResult(port, f"the flow did not start: HTTP {resp.status} {form}")
    data = {
        "host": host,
        "port": port,
        "ssl": False,
        "certificate": "verify",
        "username": username,
        "password": password,
    }
    async with session.post(
        f"{url}/api/config/config_entries/flow/{form['flow_id']}", json=data, headers=headers
    ) as resp:
        result = await _async_body(resp)
    if result.get("type") == "create_entry":
        return StationResult(port, "added", result.get("title"))
    if result.get("type") == "abort" and result.get("reason") == "already_configured":
        return StationResult(port, "already_configured")
    if result.get("type") == "form" and result.get("flow_id"):
        # Leave no half-done flow behind (it would show as "discovered").
        async with session.delete(
            f"{url}/api/config/config_entries/flow/{result['flow_id']}", headers=headers
        ):
            pass
    detail = result.get("errors") or result.get("reason") or result
    return StationResult(port, f"refused: HTTP {resp.status} {detail}")


@dataclass(slots=True)
class SetupResult:
    """What :func:`setup` did."""

    token: str
    stations: list[StationResult]


async def async_setup(
    url: str,
    config_dir: Path,
    *,
    username: str,
    password: str,
    person_name: str,
    station_host: str,
    station_ports: list[int],
    start_timeout: float = 120.0,
) -> SetupResult:
    """Wait for Home Assistant, then make sure the login works and the stations are added."""
    deadline = time.monotonic() + start_timeout
    client_timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(timeout=client_timeout) as session:
        await _async_wait_http(session, url, deadline)
        token = await _async_ensure_token(session, url, config_dir, username, password)
        await _async_wait_running(session, url, token, deadline)
        await _async_ensure_person(session, url, token, person_name)
        stations = [
            await async_add_station(session, url, token, host=station_host, port=port)
            for port in station_ports
        ]
    return SetupResult(token, stations)


def wait_for_url(url: str, *, timeout: float = 30.0) -> None:
    """Until ``url`` answers HTTP 200 (the simulator's control server, say)."""

    async def _wait() -> None:
        deadline = time.monotonic() + timeout
        last = "no answer"
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
            while time.monotonic() < deadline:
                try:
                    async with session.get(url) as resp:
                        if resp.status == 200:
                            return
                        last = f"HTTP {resp.status}"
                except (aiohttp.ClientError, OSError) as err:
                    last = str(err) or type(err).__name__
                await asyncio.sleep(0.2)
        raise SetupError(f"{url} did not answer in time ({last})")

    asyncio.run(_wait())


def setup(url: str, config_dir: Path, **kwargs: Any) -> SetupResult:
    """:func:`async_setup` for callers without an event loop."""
    return asyncio.run(async_setup(url, config_dir, **kwargs))
