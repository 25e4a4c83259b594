"""One simulated station: its HTTP listener, sessions, faults and timers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Mapping
import contextlib
from dataclasses import dataclass, field
from datetime import UTC as timezone_utc, datetime, timedelta, tzinfo
import functools
import json
import logging
import re
import secrets
import socket
import ssl
import string
import struct
import time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiohttp import BasicAuth, BodyPartReader, web

from .dialects import Dialect
from .faults import OVERSIZED_BYTES, Fault, FaultKind, Faults
from .replay import Replay
from .state import StationState, new_state
from .validation import (
    INTERNAL_ERROR,
    NOT_AUTHENTICATED,
    PERMISSION_DENIED,
    WRONG_CREDENTIALS,
    ApiError,
    invalid,
)

_LOGGER = logging.getLogger(__name__)

API_KEY_HEADER = "X-API-Key"
_TOKEN_ALPHABET = string.ascii_letters + string.digits
_WALLPAPER_ID_RE = re.compile(r"general/wallpaper/([^/]+)")
_MAX_UPLOAD = 64 * 1024 * 1024
#: how many recorded requests (``station.received``) are kept at least
RECEIVED_KEPT = 5000


@dataclass
class SimConfig:
    """Parameters shared by every station of a simulator."""

    username: str = "admin"
    password: str = "Astros2025"
    host: str = "127.0.0.1"
    latency_ms: float = 0.0
    token_ttl: float = 3600.0
    reboot_seconds: float = 2.0
    update_seconds: float = 2.0
    time_scale: float = 1.0
    ssl_context: ssl.SSLContext | None = None
    #: the dialect every station starts with (each station may change its own)
    dialect: Dialect = field(default_factory=Dialect)

    def minutes(self, value: float) -> float:
        """Seconds of a simulated minute count (``time_scale`` scales them)."""
        return value * 60.0 * self.time_scale


@dataclass
class Token:
    """An issued API key (v1) or login token (v2)."""

    value: str
    expires: float | None  # epoch seconds, None = never
    scope: str = "full"

    @property
    def expired_time(self) -> int:
        """Epoch seconds or -1."""
        return -1 if self.expires is None else int(self.expires)


@dataclass
class Received:
    """What one request carried, as the station saw it (for conformance checks).

    ``query`` keeps every value of a repeated parameter. ``body`` is ``"none"``,
    ``"json"`` (``json_fields``: the keys of a JSON object, or None for another JSON
    value), ``"multipart"`` (``form_fields``: the part names) or ``"other"``.
    """

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    content_type: str = ""
    body: str = "none"
    json_fields: tuple[str, ...] | None = None
    form_fields: tuple[str, ...] = ()
    #: the client's end of the connection: one port per connection (keep-alive reuses it)
    client_port: int | None = None


def _client_port(request: web.BaseRequest) -> int | None:
    peer = request.transport.get_extra_info("peername") if request.transport else None
    return peer[1] if isinstance(peer, tuple) and len(peer) > 1 else None


@dataclass
class Call:
    """One API request as seen by an endpoint handler."""

    st: SimulatedStation
    request: web.BaseRequest
    query: Mapping[str, str]
    path_id: str | None = None
    token: Token | None = None
    received: Received | None = None
    _body: Any = field(default=None, repr=False)
    _body_read: bool = field(default=False, repr=False)

    @property
    def state(self) -> StationState:
        """The station's state."""
        return self.st.state

    @property
    def dialect(self) -> Dialect:
        """The station's dialect."""
        return self.st.dialect

    @property
    def replaces(self) -> bool:
        """Whether a multi-field PUT resets omitted fields to factory defaults."""
        return self.st.dialect.put == "replace"

    async def json(self) -> dict[str, Any]:
        """The JSON object body (empty body: ``{}``); 1001 when not an object."""
        if self._body is None:
            raw = await self.request.read()
            self._body_read = True
            if not raw.strip():
                self._body = {}
            else:
                self._note(
                    "json" if self.request.content_type != "multipart/form-data" else "other"
                )
                try:
                    self._body = json.loads(raw)
                except (UnicodeDecodeError, ValueError):
                    self._note("other")
                    raise invalid("the request body is not valid JSON") from None
                if isinstance(self._body, dict) and self.received is not None:
                    self.received.json_fields = tuple(self._body)
            if not isinstance(self._body, dict):
                self._body = None
                raise invalid("the request body must be a JSON object")
        body: dict[str, Any] = self._body
        return body

    async def files(self) -> dict[str, tuple[str | None, bytes]]:
        """Multipart form fields: name -> (file name, content). Empty if not multipart."""
        if not self.request.content_type.startswith("multipart/"):
            return {}
        out: dict[str, tuple[str | None, bytes]] = {}
        self._body_read = True
        self._note("multipart")
        try:
            reader = await self.request.multipart()
            while True:
                part = await reader.next()
                if part is None:
                    break
                if not isinstance(part, BodyPartReader) or part.name is None:
                    continue
                chunks = bytearray()
                while chunk := await part.read_chunk():
                    chunks += chunk
                    if len(chunks) > _MAX_UPLOAD:
                        raise invalid("the uploaded file is too large")
                out[part.name] = (part.filename, bytes(chunks))
                if self.received is not None:
                    self.received.form_fields += (part.name,)
        except (ValueError, AssertionError):
            raise invalid("malformed multipart body") from None
        return out

    def _note(self, kind: str) -> None:
        if self.received is not None:
            self.received.body = kind

    async def record_unread_body(self) -> None:
        """Record the body a handler did not read (the request is answered already)."""
        if self._body_read or self.received is None or not self.request.body_exists:
            return
        with contextlib.suppress(ApiError):
            if self.request.content_type.startswith("multipart/"):
                await self.files()
            else:
                await self.json()


Handler = Callable[[Call], Awaitable[Any]]


class _KeyRefused(ApiError):
    """No valid key in this station's form: answered as its ``expiry`` dialect says."""


@dataclass(frozen=True)
class Route:
    """An endpoint: handler, authentication (key, basic, key_or_basic, none) and
    whether the ``username`` query parameter is required, optional or ignored."""

    handler: Handler
    auth: str = "key"
    username: str = "required"


@dataclass(frozen=True)
class ApiSpec:
    """A generation's base path and routes."""

    prefix: str
    routes: dict[str, dict[str, Route]]


@functools.lru_cache(maxsize=128)
def zone_info(name: str) -> tzinfo:
    """The tzinfo of a zone name (UTC if the host has no tz database)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # pragma: no cover - depends on the host
        return timezone_utc


class _ResetProtocol(asyncio.Protocol):
    """Resets a connection right after accepting it (counted REFUSE fault)."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        if isinstance(transport, asyncio.WriteTransport):
            transport.abort()
        else:  # pragma: no cover - asyncio always gives a stream transport
            transport.close()


class SimulatedStation:
    """One station speaking ``api`` ("v1" or "v2") on ``host:port``."""

    def __init__(
        self,
        config: SimConfig,
        *,
        index: int,
        number: int,
        api: str,
        port: int,
        spec: ApiSpec,
    ) -> None:
        self.config = config
        self.index = index
        self.api = api
        self.host = config.host
        self.port = port
        self.state: StationState = new_state(
            index=index,
            number=number,
            api=api,
            name=f"ASTROS-{index + 1}",
            password=config.password,
        )
        self.faults = Faults(self)
        self.requests: list[tuple[str, str]] = []
        #: what the requests carried (query, headers, body fields), in order; only
        #: the latest ``RECEIVED_KEPT`` to RECEIVED_KEPT * 2 are kept
        self.received: list[Received] = []
        #: the readings this station speaks (see :mod:`simulator.dialects`)
        self.dialect: Dialect = config.dialect
        #: set: the station replays a diagnostics download instead (see :mod:`.replay`)
        self.replay: Replay | None = None
        self._spec = spec
        self._tokens: dict[str, Token] = {}
        self._server: web.Server | None = None
        self._sock: socket.socket | None = None
        self._listener: asyncio.Server | None = None
        self._open_task: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._hangs: set[asyncio.Future[None]] = set()
        self._sleep_handle: asyncio.TimerHandle | None = None
        self._want_online = True
        self._rebooting = False
        self._started = False
        self._stopping = False
        self._download_task: asyncio.Task[None] | None = None

    # ------------------------------------------------------------ public API

    @property
    def base_url(self) -> str:
        """``http(s)://127.0.0.1:PORT``."""
        scheme = "https" if self.config.ssl_context is not None else "http"
        return f"{scheme}://{self.host}:{self.port}"

    @property
    def online(self) -> bool:
        """Whether the listener is open."""
        return self._sock is not None

    @property
    def rebooting(self) -> bool:
        """Whether a reboot is scheduled or running."""
        return self._rebooting

    async def start(self) -> None:
        """Open the listener."""
        self._server = web.Server(self._handle, access_log=None)
        self._started = True
        self._bind_now()
        await self._wait_open()
        self.arm_sleep()

    async def stop(self) -> None:
        """Close everything; cancel every timer and hanging request."""
        self._stopping = True
        if self._sleep_handle is not None:
            self._sleep_handle.cancel()
            self._sleep_handle = None
        for fut in list(self._hangs):
            fut.cancel()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        self._close_listener()
        await self._wait_open()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.shutdown(0.2)

    def expire_tokens(self) -> None:
        """Every issued key/token becomes invalid now."""
        self._tokens.clear()

    async def go_offline(self) -> None:
        """Close the listener (connections refused) and drop open connections."""
        self._want_online = False
        self._close_listener()
        self._drop_connections()
        await self._wait_open()

    async def go_online(self) -> None:
        """Re-open the listener on the same port."""
        self._want_online = True
        self._bind_now()
        await self._wait_open()

    def reboot(self, seconds: float | None = None, *, delay: float = 0.0, reason: str = "") -> None:
        """Reboot like the reboot endpoint: unreachable for ``seconds``
        (default ``reboot_seconds``), then back with a fresh uptime."""
        if self._rebooting or self._stopping:
            return
        self._rebooting = True
        down = self.config.reboot_seconds if seconds is None else seconds
        self.spawn(self._reboot_cycle(down, delay, reason))

    # ------------------------------------------------------------ tokens

    def issue_token(self, scope: str = "full") -> Token:
        """A new API key / token valid for ``token_ttl`` seconds."""
        ttl = self.config.token_ttl
        expires = None if ttl <= 0 or ttl == float("inf") else time.time() + ttl
        value = "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(16))
        token = Token(value, expires, scope)
        self._tokens[value] = token
        return token

    def find_token(self, value: str | None) -> Token | None:
        """The valid token ``value`` (expired ones are forgotten)."""
        if not value:
            return None
        token = self._tokens.get(value)
        if token is None:
            return None
        if token.expires is not None and time.time() >= token.expires:
            del self._tokens[value]
            return None
        return token

    # ------------------------------------------------------------ timers

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run ``coro`` as a task cancelled by :meth:`stop`."""
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def arm_sleep(self) -> None:
        """(Re)start the sleep timer according to the power settings."""
        if self._sleep_handle is not None:
            self._sleep_handle.cancel()
            self._sleep_handle = None
        state = self.state
        if self._stopping or state.power_mode != 0 or state.power_timeout <= 0:
            return
        delay = self.config.minutes(state.power_timeout)
        self._sleep_handle = asyncio.get_running_loop().call_later(delay, self._fall_asleep)

    def _fall_asleep(self) -> None:
        self._sleep_handle = None
        status = self.state.status
        if status & {"sharing", "updating"} or self._rebooting:
            self.arm_sleep()
            return
        status.discard("standby")
        status.add("sleeping")

    def wake(self) -> None:
        """Activity: leave sleep and restart the sleep timer."""
        status = self.state.status
        if "sleeping" in status:
            status.discard("sleeping")
            if not status & {"connected", "sharing"}:
                status.add("standby")
        self.arm_sleep()

    async def _reboot_cycle(self, down: float, delay: float, reason: str) -> None:
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            await asyncio.sleep(0.01)  # let the answer that asked for the reboot leave
            self._close_listener()
            self._drop_connections()
            if self._sleep_handle is not None:
                self._sleep_handle.cancel()
                self._sleep_handle = None
            await asyncio.sleep(down)
            state = self.state
            if state.pending_firmware is not None:
                state.firmware_version = state.pending_firmware
                state.pending_firmware = None
            state.boot_time = time.monotonic()
            state.reboot_count += 1
            state.last_reboot_reason = reason
            state.reboot_required = False
            state.status = {"standby"}
            state.ota_status = 0
            state.ota_progress = 0
            state.ota_version = None
            if self.api == "v2":
                self._tokens.clear()
        finally:
            self._rebooting = False
        if self._want_online and not self.faults.refusing():
            self._bind_now()
            await self._wait_open()
        self.arm_sleep()

    def start_update(self, version: str, *, download: bool = True) -> None:
        """v1: ``updating`` for ``update_seconds``, then reboot into ``version``."""
        self.state.status.add("updating")
        self._rebooting = True

        async def run() -> None:
            try:
                if download:
                    await asyncio.sleep(self.config.update_seconds)
                self.state.pending_firmware = version
                self.state.status.discard("updating")
            finally:
                self._rebooting = False
            self.reboot(reason="firmware update")

        self.spawn(run())

    def start_download(self) -> None:
        """v2: download ``available_firmware`` (progress 0..100 over ``update_seconds``)."""
        state = self.state
        state.ota_status = 1
        state.ota_progress = 0
        state.ota_version = state.available_firmware

        async def run() -> None:
            steps = 10
            for step in range(1, steps + 1):
                await asyncio.sleep(self.config.update_seconds / steps)
                state.ota_progress = step * 100 // steps
            state.ota_status = 2

        self._download_task = self.spawn(run())

    def stop_download(self, *, keep_finished: bool = True) -> None:
        """v2: cancel a running download (a finished one is kept unless told)."""
        if self._download_task is not None and not self._download_task.done():
            self._download_task.cancel()
        self._download_task = None
        if self.state.ota_status != 2 or not keep_finished:
            self.state.ota_status = 0
            self.state.ota_progress = 0
            self.state.ota_version = None

    def start_log_export(self) -> None:
        """v2: ``system/log`` export: status 1, then 2 after ``update_seconds``."""
        state = self.state
        state.log_status = 1

        async def run() -> None:
            await asyncio.sleep(self.config.update_seconds)
            state.log_status = 2
            state.log_path = f"/sdcard/Download/astros-log-{int(time.time())}.zip"

        self.spawn(run())

    def now(self) -> datetime:
        """The station's clock, in its time zone."""
        zone = zone_info(self.state.time_zone)
        return datetime.now(tz=zone) + timedelta(seconds=self.state.clock_offset)

    # ------------------------------------------------------------ listener

    def _bind_now(self) -> None:
        if self._sock is not None or self._stopping or not self._started:
            return
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self.port))
            sock.listen(128)
            sock.setblocking(False)
        except OSError:
            sock.close()
            raise
        self.port = sock.getsockname()[1]
        self._sock = sock
        self._open_task = asyncio.get_running_loop().create_task(self._serve(sock))

    async def _serve(self, sock: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            self._protocol_factory, sock=sock, ssl=self.config.ssl_context, backlog=128
        )
        if self._sock is sock:
            self._listener = server
        else:  # closed while opening
            server.close()

    async def _wait_open(self) -> None:
        task = self._open_task
        if task is not None:
            await asyncio.shield(task)

    def _close_listener(self) -> None:
        sock, self._sock = self._sock, None
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        elif sock is not None and (self._open_task is None or self._open_task.done()):
            sock.close()  # pragma: no cover - the serve task always owns the socket

    def _drop_connections(self) -> None:
        if self._server is not None:
            for handler in self._server.connections:
                handler.force_close()

    def _protocol_factory(self) -> asyncio.BaseProtocol:
        if self.faults.take_connection_reset():
            return _ResetProtocol()
        assert self._server is not None
        return self._server()

    def _refuse_fault_added(self, fault: Fault) -> None:
        if fault.count is None:
            self._close_listener()
        self._drop_connections()

    def _faults_cleared(self) -> None:
        for fut in list(self._hangs):
            if not fut.done():
                fut.set_result(None)
        if self._sock is None and self._want_online and not self._rebooting:
            self._bind_now()

    # ------------------------------------------------------------ requests

    def envelope(self, data: Any = "", code: int = 0, message: str = "OK") -> dict[str, Any]:
        """The documented answer envelope."""
        return {
            "errorCode": code,
            "errorMsg": message,
            "data": data,
            "isSuccess": code == 0,
            "model": self.state.model,
            "rebootRequired": self.state.reboot_required,
        }

    def _json(self, body: dict[str, Any], status: int = 200) -> web.Response:
        return web.Response(text=json.dumps(body), status=status, content_type="application/json")

    async def _handle(self, request: web.BaseRequest) -> web.StreamResponse:
        self.requests.append((request.method, request.path))
        received = Received(
            request.method,
            request.path,
            {key: request.query.getall(key) for key in request.query},
            dict(request.headers),
            request.content_type if request.body_exists else "",
            client_port=_client_port(request),
        )
        self.received.append(received)
        if len(self.received) > 2 * RECEIVED_KEPT:
            del self.received[:-RECEIVED_KEPT]
        if self.config.latency_ms > 0:
            await asyncio.sleep(self.config.latency_ms / 1000.0)
        if self._sock is None:  # went offline while the connection was open
            if request.transport is not None:
                request.transport.close()
            return web.Response(status=503)
        fault = self.faults.take_request_fault(request.method, request.path)
        try:
            if fault is not None:
                early = await self._apply_fault(fault, request)
                if early is not None:
                    return early
            body, status = await self._dispatch(request, received)
            if (
                fault is not None
                and fault.kind in (FaultKind.MISSING_FIELD, FaultKind.WRONG_TYPE)
                and body.get("errorCode") == 0
            ):
                _mangle(body, fault)
            if fault is not None and fault.kind is FaultKind.OVERSIZED:
                return _oversized(body, status)
            return self._json(body, status)
        except asyncio.CancelledError:
            raise
        except Exception:
            _LOGGER.exception("station %s: unexpected error on %s", self.index, request.path)
            return self._json(self.envelope("", INTERNAL_ERROR, "internal station error"))

    def _redirect(self, fault: Fault, request: web.BaseRequest) -> web.Response:
        base = fault.location or f"http://127.0.0.2:{self.port}"
        return web.Response(
            status=fault.redirect_status, headers={"Location": base + request.rel_url.raw_path_qs}
        )

    async def _apply_fault(
        self, fault: Fault, request: web.BaseRequest
    ) -> web.StreamResponse | None:
        kind = fault.kind
        if kind is FaultKind.HANG:
            fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._hangs.add(fut)
            try:
                await fut
            finally:
                self._hangs.discard(fut)
            return None
        if kind is FaultKind.HTTP_500:
            return self._json(self.envelope("", 500, "Internal Server Error"), 500)
        if kind is FaultKind.MALFORMED_JSON:
            return web.Response(
                text='{"errorCode": 0, "data": {<html>oops', content_type="application/json"
            )
        if kind is FaultKind.ERROR_CODE:
            return self._json(self.envelope("", fault.error_code, "injected error"))
        if kind is FaultKind.NOT_SUCCESS:
            body = self.envelope("", 0, "failed")
            body["isSuccess"] = False
            return self._json(body)
        if kind is FaultKind.DATA_FALSE:
            return self._json(self.envelope(False))
        if kind is FaultKind.HTTP_403:
            return self._json(self.envelope("", 403, "Forbidden"), 403)
        if kind is FaultKind.REDIRECT:
            return self._redirect(fault, request)
        if kind is FaultKind.EXPIRE_TOKEN:
            self.expire_tokens()
        return None

    def presented_key(self, request: web.BaseRequest) -> str | None:
        """The key a request carries in this station's ``key_header`` form, else None."""
        form = self.dialect.key_header
        if form == "x-api-key":
            return request.headers.get(API_KEY_HEADER) or None
        header = request.headers.get("Authorization", "").strip()
        if form == "bare":
            return header if header and " " not in header else None
        scheme, _, value = header.partition(" ")
        if scheme.lower() == form and value and " " not in value:
            return value
        return None

    def _key_refused(self) -> tuple[dict[str, Any], int]:
        expiry = self.dialect.expiry
        if expiry.startswith("http-"):
            status = int(expiry.removeprefix("http-"))
            text = "Unauthorized" if status == 401 else "Forbidden"
            return self.envelope("", status, text), status
        code = WRONG_CREDENTIALS if expiry == "code-1003" else NOT_AUTHENTICATED
        return self.envelope("", code, "API key missing, unknown or expired"), 200

    async def _dispatch(
        self, request: web.BaseRequest, received: Received | None = None
    ) -> tuple[dict[str, Any], int]:
        if self.replay is not None:
            answer = await self.replay.answer(self, request)
            await Call(self, request, request.query, received=received).record_unread_body()
            return answer
        prefix = self._spec.prefix
        path = request.path
        if path in (prefix, prefix + "/"):
            sub: str | None = ""
        elif path.startswith(prefix + "/"):
            sub = path[len(prefix) + 1 :].rstrip("/")
        else:
            sub = None
        methods = None if sub is None else self._spec.routes.get(sub)
        path_id = None
        if methods is None and sub is not None:
            match = _WALLPAPER_ID_RE.fullmatch(sub)
            if match is not None:
                methods = self._spec.routes.get("general/wallpaper/{id}")
                path_id = match.group(1)
        if methods is None or (
            self.dialect.missing
            and (
                self.dialect.lacks(sub or "")
                or (path_id is not None and self.dialect.lacks("general/wallpaper/{id}"))
            )
        ):
            return self.envelope("", 404, "Not Found"), 404
        route = methods.get(request.method)
        if route is None:
            return self.envelope("", 405, "Method Not Allowed"), 405
        call = Call(self, request, request.query, path_id, received=received)
        try:
            self._authorize(call, route)
            data = await route.handler(call)
        except _KeyRefused:
            await call.record_unread_body()
            return self._key_refused()
        except ApiError as err:
            await call.record_unread_body()
            return self.envelope("", err.code, err.message), 200
        await call.record_unread_body()
        if request.method != "GET":
            self.wake()
        return self.envelope(data), 200

    def _authorize(self, call: Call, route: Route) -> None:
        query = call.query
        if route.username == "required" and "username" not in query:
            raise invalid("missing parameter username")
        auth = route.auth
        if auth == "key_or_basic":
            key = self.presented_key(call.request)
            auth = (
                "key"
                if key is not None
                and (self.dialect.key_header != "basic" or self.find_token(key) is not None)
                else "basic"
            )
        if auth == "basic":
            header = call.request.headers.get("Authorization")
            if not header:
                raise ApiError(NOT_AUTHENTICATED, "HTTP Basic authentication required")
            try:
                basic = BasicAuth.decode(header)
            except ValueError:
                raise ApiError(WRONG_CREDENTIALS, "malformed Basic credentials") from None
            if basic.login != self.config.username or basic.password != self.state.password:
                raise ApiError(WRONG_CREDENTIALS, "wrong username or password")
        elif auth == "key":
            token = self.find_token(self.presented_key(call.request))
            if token is None:
                raise _KeyRefused(NOT_AUTHENTICATED, "API key missing, unknown or expired")
            if token.scope == "view_only" and call.request.method != "GET":
                raise ApiError(PERMISSION_DENIED, "this API key may only read")
            call.token = token
        if route.username != "none" and query.get("username", self.config.username) != (
            self.config.username
        ):
            raise ApiError(WRONG_CREDENTIALS, "unknown username")


def _oversized(body: dict[str, Any], status: int) -> web.Response:
    """``body`` padded to more than OVERSIZED_BYTES of JSON, sent chunked (OVERSIZED)."""
    padded = {**body, "padding": "x" * (OVERSIZED_BYTES + 1)}
    response = web.Response(text=json.dumps(padded), status=status, content_type="application/json")
    response.enable_chunked_encoding()
    return response


def _wrong(value: Any) -> Any:
    if isinstance(value, bool):
        return {"wrong": "type"}
    if isinstance(value, int | float):
        return "abc"
    if isinstance(value, str):
        return {"wrong": "type"}
    return "abc"


def _mangle(body: dict[str, Any], fault: Fault) -> None:
    """Apply MISSING_FIELD / WRONG_TYPE to a successful answer."""
    data = body.get("data")
    if isinstance(data, dict) and data:
        key = fault.field if fault.field in data else next(iter(data))
        if fault.kind is FaultKind.MISSING_FIELD:
            del data[key]
        else:
            data[key] = _wrong(data[key])
    elif fault.kind is FaultKind.MISSING_FIELD:
        body.pop("data", None)
    else:
        body["data"] = _wrong(data)
