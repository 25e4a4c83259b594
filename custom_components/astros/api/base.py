"""What both generations share: the key lifecycle, negotiation, checked calls and fetching.

Negotiation (README "What the integration tolerates"): where the key travels
is probed after a login (each reading of ``KEY_HEADER_READINGS`` in turn, on
a harmless GET) unless a stored reading is given; anything that looks like "key
not accepted" on an ordinary call gets one fresh login and one retry, and only
a refused *login* means wrong credentials. The readings found are
:attr:`negotiated`, to be stored and passed back.
"""

from __future__ import annotations

from abc import abstractmethod
import asyncio
from collections.abc import Callable, Iterable, Mapping
import contextlib
import dataclasses
from dataclasses import dataclass
import logging
import re
import time
from typing import Any, ClassVar

import aiohttp

from .client import AstrosClient
from .const import (
    API_KEY_HEADER,
    ERROR_NOT_AUTHENTICATED,
    ERROR_OK,
    ERROR_PERMISSION_DENIED,
    ERROR_WRONG_CREDENTIALS,
    HTTP_AUTH_STATUSES,
    HTTP_FORBIDDEN,
    KEY_HEADER_READINGS,
    KEY_RENEW_MARGIN,
    MAX_RESPONSE_BYTES,
    UNSUPPORTED_CODES,
    UNSUPPORTED_RETRY_SECONDS,
)
from .exceptions import (
    AstrosAuthenticationError,
    AstrosEndpointUnsupportedError,
    AstrosError,
    AstrosNegotiationError,
    AstrosPermissionError,
    AstrosRequestError,
    AstrosResponseError,
    AstrosUnsupportedError,
)
from .models import Section, StationState
from .parse import Envelope
from .settings import ConnectionSettings
from .transport import Query, Transport, UploadFile, query_value

_LOGGER = logging.getLogger(__name__)

#: Keys of JSON answers whose values are secrets (compared case-insensitively).
SECRET_KEYS: frozenset[str] = frozenset(
    {
        "token",
        "password",
        "passwd",
        "pwd",
        "wifipassword",
        "key",
        "apikey",
        "api_key",
        "code",
        "codevalue",
        "logincode",
        "secret",
        "psk",
        "passphrase",
        "content",
    }
)
REDACTED = "**REDACTED**"
#: Negotiated readings that stay valid across a firmware change (they heal themselves).
_DURABLE_READINGS = ("key_header", "expiry")
#: An answer read during detection or login serves the next read for this long.
REUSE_SECONDS = 30.0
#: Secrets shorter than this are only redacted where they stand as a whole word.
_SUBSTRING_SECRET_LENGTH = 6


def key_headers(reading: str, key: str) -> dict[str, str]:
    """The header carrying ``key`` under one reading of ``KEY_HEADER_READINGS``."""
    if reading == "basic":
        return {"Authorization": f"Basic {key}"}
    if reading == "bearer":
        return {"Authorization": f"Bearer {key}"}
    if reading == "bare":
        return {"Authorization": key}
    return {API_KEY_HEADER: key}


def key_refusal(envelope: Envelope) -> str | None:
    """How the answer says "key not accepted" (an ``expiry`` reading), or None."""
    if envelope.http_status in HTTP_AUTH_STATUSES:
        return f"http-{envelope.http_status}"
    if envelope.error_code in HTTP_AUTH_STATUSES:
        return f"http-{envelope.error_code}"
    if envelope.error_code in (ERROR_NOT_AUTHENTICATED, ERROR_WRONG_CREDENTIALS):
        return f"code-{envelope.error_code}"
    return None


def is_unsupported(envelope: Envelope) -> bool:
    """The station has no such endpoint (HTTP 404/405, or that errorCode)."""
    return envelope.http_status in UNSUPPORTED_CODES or envelope.error_code in UNSUPPORTED_CODES


def redact_json(value: Any, secrets: Iterable[str] = ()) -> Any:
    """A copy of a JSON value with secret keys' values and our own secrets replaced."""
    known = {s for s in secrets if s}
    if isinstance(value, Mapping):
        return {
            k: REDACTED
            if str(k).lower() in SECRET_KEYS and v not in (None, "")
            else redact_json(v, known)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [redact_json(item, known) for item in value]
    if isinstance(value, str) and value in known:
        return REDACTED
    return value


def redact_text(text: str, secrets: Iterable[str]) -> str:
    """``text`` without our secrets, replaced where they stand as whole words.

    A long secret found inside a word withholds the whole text. A short secret
    is never replaced inside other words (that would show where its
    characters are); it is replaced where it stands alone.
    """
    for secret in secrets:
        if not secret:
            continue
        text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])", "***", text)
        if len(secret) >= _SUBSTRING_SECRET_LENGTH and secret in text:
            return "(message withheld: it contained a secret)"
    return text


@dataclass(frozen=True, slots=True)
class SectionReader:
    """The GET endpoints of one section (the first is its primary) and how to build it.

    ``build`` is called with the data of ``paths`` in order (None for a
    secondary endpoint the station lacks), preceded by the negotiated readings
    when ``uses_readings``.
    """

    paths: tuple[str, ...]
    build: Callable[..., object]
    uses_readings: bool = False


@dataclass(frozen=True, slots=True)
class KeyGrant:
    """What a login answered: the key, its expiry (station epoch seconds) and scope."""

    key: str
    expires: float | None = None
    scope: str | None = None


class BaseClient(AstrosClient):
    """Keeps one key for all calls, negotiates how it travels, reads sections concurrently."""

    base_path: ClassVar[str]
    #: The one table of this generation's reads: endpoints and builder of each section.
    readers: ClassVar[Mapping[Section, SectionReader]]
    #: A failure of this section's primary read fails the whole fetch.
    core_section: ClassVar[Section]
    #: Harmless GETs that need a key, tried in turn to learn where the key travels.
    key_probe_paths: ClassVar[tuple[str, ...]]
    #: GET answering the key's ``expiredTime`` and ``scope`` (v2), if the login does not.
    key_info_path: ClassVar[str | None] = None
    #: Endpoints whose answers are never kept in ``raw_answers`` (files).
    unrecorded_paths: ClassVar[frozenset[str]] = frozenset()
    #: Functions reading a negotiated shape from an endpoint's data: path -> (axis, reading).
    observers: ClassVar[Mapping[str, Callable[[Any], tuple[str, str] | None]]] = {}

    #: The GET endpoints of each section, derived from ``readers`` (for request estimates).
    section_endpoints: ClassVar[Mapping[Section, tuple[str, ...]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Derive ``section_endpoints`` from the generation's one table."""
        super().__init_subclass__(**kwargs)
        cls.section_endpoints = {s: r.paths for s, r in getattr(cls, "readers", {}).items()}

    def __init__(
        self,
        session: aiohttp.ClientSession,
        settings: ConnectionSettings,
        *,
        negotiated: Mapping[str, str] | None = None,
        answers: Mapping[str, Any] | None = None,
    ) -> None:
        """Prepare the transport; nothing is sent yet.

        ``negotiated`` are readings stored from an earlier run (not probed
        again); ``answers`` are data already read (path -> data, from
        detection) that the first reads may reuse instead of asking again.
        """
        super().__init__(session, settings)
        self._transport = Transport(session, settings, self.base_path)
        self._negotiated: dict[str, str] = {
            str(k): str(v) for k, v in (negotiated or {}).items() if isinstance(v, str)
        }
        if self._negotiated.get("key_header") not in KEY_HEADER_READINGS:
            self._negotiated.pop("key_header", None)
        self._header_known = "key_header" in self._negotiated
        now = time.monotonic()
        self._reused: dict[str, tuple[float, Any]] = {
            p: (now, d) for p, d in (answers or {}).items()
        }
        self._raw: dict[str, Any] = {}
        self._key: str | None = None
        self._scope: str | None = None
        self._renew_at: float | None = None  # monotonic seconds; None: only when refused
        # One login at a time: concurrent calls that find no valid key share it.
        self._login_lock = asyncio.Lock()
        self._reboot_required = False
        self._unknown_paths: dict[str, float] = {}  # path -> monotonic time it was answered unknown
        self._login_started = 0.0  # monotonic time the last login began

    # ------------------------------------------------------------ public state

    @property
    def negotiated(self) -> dict[str, str]:
        """The readings found (see :class:`AstrosClient`)."""
        return dict(self._negotiated)

    @property
    def raw_answers(self) -> dict[str, Any]:
        """The last redacted JSON answer of every endpoint read."""
        return dict(self._raw)

    @property
    def read_only(self) -> bool:
        """The key's scope is ``view_only``."""
        return self._scope == "view_only"

    def forget_unsupported(self) -> None:
        """Ask every endpoint again at the next fetch (after a firmware change)."""
        self._unknown_paths.clear()

    @property
    def _reading(self) -> str:
        return self._negotiated.get("key_header", KEY_HEADER_READINGS[0])

    # ------------------------------------------------------------ keys

    @abstractmethod
    async def _request_key(self) -> KeyGrant:
        """Log in (raise AstrosAuthenticationError when refused)."""

    @abstractmethod
    async def _station_clock(self, key: str) -> float | None:
        """The station's clock now (epoch seconds), read with ``key``; None if unknown."""

    def _auth_refused(self) -> AstrosAuthenticationError:
        # Deliberately without the station's message or any credential.
        return AstrosAuthenticationError(
            f"{self.host} refused the username or password of {self.username!r}"
        )

    def _login_checked(self, envelope: Envelope) -> Envelope:
        """A login answer: any refusal means the credentials are wrong."""
        if key_refusal(envelope) is not None:
            raise self._auth_refused()
        return self._checked(envelope, "login", "")

    def _key_usable(self) -> bool:
        if self._key is None:
            return False
        return self._renew_at is None or time.monotonic() < self._renew_at

    async def _log_in(self) -> str:
        issued = self._login_started = time.monotonic()
        grant = await self._request_key()
        self._key, self._scope, self._renew_at = grant.key, grant.scope, None
        if not self._header_known:
            await self._probe_key_header(grant.key)
        try:
            await self._learn_key_lifetime(grant, issued)
        except (AstrosUnsupportedError, AstrosRequestError, AstrosResponseError) as err:
            # Optional: without it the key is renewed when the station refuses it.
            _LOGGER.debug("%s: key lifetime unknown: %s", self.host, err)
        _LOGGER.debug("Logged in to %s", self.host)
        return grant.key

    async def _learn_key_lifetime(self, grant: KeyGrant, issued: float) -> None:
        """Schedule the renewal from the lifetime the station reports, on its own clock."""
        expires = grant.expires
        if self.key_info_path is not None and expires is None:
            info = await self._read_with_key(grant.key, self.key_info_path)
            grant = self._parse_key_info(info, grant)
            self._scope, expires = grant.scope, grant.expires
        if expires is None:
            return
        now = await self._station_clock(grant.key)
        lifetime = None if now is None else expires - now
        if lifetime is not None and lifetime > 0:
            # Renew ahead of the expiry, but not before half the key's lifetime has passed.
            self._renew_at = issued + max(lifetime - KEY_RENEW_MARGIN, lifetime / 2)

    def _parse_key_info(self, data: Any, grant: KeyGrant) -> KeyGrant:
        """The expiry and scope answered by ``key_info_path`` (v2 overrides)."""
        return grant  # pragma: no cover - only generations with key_info_path call it

    async def _read_with_key(self, key: str, path: str) -> Any:
        """A GET with ``key`` as it is, during a login (no renewal); offered to the next read."""
        reused = self._reused.get(path)
        if reused is not None and reused[0] >= self._login_started:
            return reused[1]  # read moments ago by this login's probe
        envelope = await self._send(key, self._reading, "GET", path, self._query(path, None))
        if key_refusal(envelope) is not None:
            # A key just issued is refused: the stored way of sending it no longer works.
            await self._probe_key_header(key)
            envelope = await self._send(key, self._reading, "GET", path, self._query(path, None))
            if key_refusal(envelope) is not None:
                raise self._forbidden(envelope, "GET", path)
        data = self._recorded("GET", path, self._checked(envelope, "GET", path)).data
        self._reuse(path, data)
        return data

    async def _probe_key_header(self, key: str) -> None:
        """Find where this station takes the key: the first reading not refused."""
        order = [self._reading, *(r for r in KEY_HEADER_READINGS if r != self._reading)]
        for path in self.key_probe_paths:
            for reading in order:
                envelope = await self._send(key, reading, "GET", path, self._query(path, None))
                if is_unsupported(envelope):
                    break  # no such endpoint here: try the next probe path
                if key_refusal(envelope) is None:
                    self._negotiated["key_header"] = reading
                    self._header_known = True
                    _LOGGER.debug("%s takes the key as %s", self.host, reading)
                    with contextlib.suppress(AstrosError):
                        checked = self._checked(envelope, "GET", path)
                        self._reuse(path, self._recorded("GET", path, checked).data)
                    return
            else:
                break
        raise AstrosNegotiationError(
            "key_header",
            f"{self.host} accepted the login but refused the key in every form tried "
            "(X-API-Key; Authorization Basic, Bearer or bare)",
        )

    async def async_login(self) -> None:
        """Obtain a new key now; raise AstrosAuthenticationError if the login is refused."""
        async with self._login_lock:
            await self._log_in()

    async def _valid_key(self) -> str:
        if self._key_usable():
            assert self._key is not None
            return self._key
        async with self._login_lock:
            if self._key_usable():
                assert self._key is not None
                return self._key
            return await self._log_in()

    async def _renewed_key(self, refused: str) -> str:
        async with self._login_lock:
            if self._key is not None and self._key != refused and self._key_usable():
                return self._key  # another call renewed it meanwhile
            return await self._log_in()

    # ------------------------------------------------------------ calls

    def _query(self, path: str, query: Query | None) -> dict[str, Any]:
        """The query of a call: ``username`` plus ``query``."""
        return {"username": self.username, **(query or {})}

    async def _send(
        self,
        key: str,
        reading: str,
        method: str,
        path: str,
        query: Query,
        *,
        json_body: Any = None,
        files: tuple[UploadFile, ...] = (),
        max_bytes: int = MAX_RESPONSE_BYTES,
    ) -> Envelope:
        return await self._transport.request(
            method,
            path,
            query=query,
            json_body=json_body,
            files=files,
            headers=key_headers(reading, key),
            max_bytes=max_bytes,
        )

    async def _call(
        self,
        method: str,
        path: str,
        *,
        query: Query | None = None,
        json_body: Any = None,
        files: tuple[UploadFile, ...] = (),
        max_bytes: int = MAX_RESPONSE_BYTES,
    ) -> Envelope:
        """A call with the key; a refused key gets one fresh login and one retry."""
        full_query = self._query(path, query)

        async def send(key: str) -> Envelope:
            return await self._send(
                key,
                self._reading,
                method,
                path,
                full_query,
                json_body=json_body,
                files=files,
                max_bytes=max_bytes,
            )

        key = await self._valid_key()
        envelope = await send(key)
        if method != "GET":
            self._reused.clear()  # a change makes every answer read before it stale
        refusal = key_refusal(envelope)
        if refusal is not None and not self._is_plain_forbidden(refusal):
            _LOGGER.debug("%s refused the key on %s; logging in again", self.host, path)
            key = await self._renewed_key(key)
            retried = await send(key)
            if key_refusal(retried) is None:
                self._negotiated["expiry"] = refusal  # this is how the station says "expired"
            else:
                # A fresh key refused too: is the key still sent the right way?
                before = self._reading
                await self._probe_key_header(key)
                if self._reading != before:
                    retried = await send(key)
            envelope = retried
            if key_refusal(envelope) is not None:
                raise self._forbidden(envelope, method, path)
        elif refusal is not None:
            raise self._forbidden(envelope, method, path)
        return self._recorded(method, path, self._checked(envelope, method, path), query)

    def _is_plain_forbidden(self, refusal: str) -> bool:
        """HTTP 403 from a station known to report expiry another way: a refusal of the call."""
        expiry = self._negotiated.get("expiry")
        return refusal == f"http-{HTTP_FORBIDDEN}" and expiry not in (None, refusal)

    def _forbidden(self, envelope: Envelope, method: str, path: str) -> AstrosPermissionError:
        return AstrosPermissionError(
            envelope.error_code,
            f"{method} {path or '/'} is not allowed to this account (the key is accepted)",
        )

    def _checked(self, envelope: Envelope, method: str, path: str) -> Envelope:
        if is_unsupported(envelope):
            raise AstrosEndpointUnsupportedError(method, f"{self.base_path}/{path}".rstrip("/"))
        if envelope.error_code == ERROR_PERMISSION_DENIED:
            raise AstrosPermissionError(envelope.error_code, self._redact(envelope.message))
        if envelope.error_code != ERROR_OK:
            raise AstrosRequestError(envelope.error_code, self._redact(envelope.message))
        if envelope.success is False:
            raise AstrosRequestError(
                envelope.error_code,
                self._redact(envelope.message) or "the station reported a failure",
            )
        if method not in ("GET", "login") and envelope.data is False:
            raise AstrosRequestError(
                envelope.error_code,
                self._redact(envelope.message) or "the station did not accept the change",
            )
        if envelope.reboot_required is not None:
            self._reboot_required = envelope.reboot_required
        return envelope

    def _recorded(
        self, method: str, path: str, envelope: Envelope, query: Query | None = None
    ) -> Envelope:
        """Keep a GET's answer (redacted) for diagnostics, and learn shapes from it.

        Keyed ``"GET /api/v2/station/firmware"``; a GET with parameters (other
        than ``username``) gets them appended: ``...firmware?hasNew=true``.
        """
        if method == "GET" and path not in self.unrecorded_paths:
            where = f"{self.base_path}/{path}" if path else self.base_path
            params = "&".join(
                f"{k}={query_value(v)}" for k, v in (query or {}).items() if v is not None
            )
            key = f"GET {where}?{params}" if params else f"GET {where}"
            self._raw[key] = redact_json(envelope.body, self._secrets())
            observe = self.observers.get(path)
            if observe is not None and (found := observe(envelope.data)) is not None:
                self._negotiated[found[0]] = found[1]
        return envelope

    def _secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.settings.password, self._key) if s)

    def _redact(self, text: str) -> str:
        """The station's own text without our secrets, should it echo them."""
        return redact_text(text, self._secrets())

    def _reuse(self, path: str, data: Any) -> None:
        """Offer ``data`` just read to the next GET of ``path`` (within REUSE_SECONDS)."""
        self._reused[path] = (time.monotonic(), data)

    async def _get(self, path: str, query: Query | None = None) -> Any:
        """The data of a GET; an answer read moments ago (detection, login) is used once instead."""
        reused = None if query else self._reused.pop(path, None)
        if reused is not None and time.monotonic() - reused[0] < REUSE_SECONDS:
            return reused[1]
        return (await self._call("GET", path, query=query)).data

    async def _get_fresh(self, path: str) -> Any:
        """The data of a GET asked now (for read-modify-write)."""
        self._reused.pop(path, None)
        return (await self._call("GET", path)).data

    async def _gather(self, *paths: str) -> dict[str, Any]:
        """GET several endpoints now, concurrently (offered to the next read of each).

        The first failure is raised after all end.
        """
        results = await asyncio.gather(
            *(self._get_fresh(path) for path in paths), return_exceptions=True
        )
        for result in results:
            if isinstance(result, BaseException):
                raise result
        answers = dict(zip(paths, results, strict=True))
        for path, data in answers.items():
            self._reuse(path, data)
        return answers

    # ------------------------------------------------------------ fetching

    def _skipped(self, path: str, now: float) -> bool:
        found = self._unknown_paths.get(path)
        return found is not None and now - found < UNSUPPORTED_RETRY_SECONDS

    async def async_fetch(
        self,
        sections: Iterable[Section] | None = None,
        previous: StationState | None = None,
    ) -> StationState:
        """Read ``sections`` (all this generation has when None) concurrently.

        Raises only when the station cannot be reached at all, refuses the
        login, or its core read fails. A section whose read fails is listed in
        ``failed_sections`` (its earlier data is kept); one the station answers
        as unknown in ``unsupported_sections`` (asked again daily). Sections
        not read are carried over from ``previous``.
        """
        wanted = self.sections if sections is None else frozenset(sections) & self.sections
        now = time.monotonic()
        paths = list(
            dict.fromkeys(
                p
                for s in sorted(wanted)
                for p in self.readers[s].paths
                if not self._skipped(p, now)
            )
        )
        results = await asyncio.gather(*(self._get(p) for p in paths), return_exceptions=True)
        answers: dict[str, Any] = {}
        errors: dict[str, BaseException] = {}
        for path, result in zip(paths, results, strict=True):
            if isinstance(result, AstrosEndpointUnsupportedError):
                self._unknown_paths[path] = now
            elif isinstance(result, BaseException):
                errors[path] = result
            else:
                answers[path] = result
        self._raise_station_failure(wanted, paths, errors)
        if previous is None or previous.api_version != self.api_version:
            previous = StationState(api_version=self.api_version, capabilities=self.capabilities)
        updates: dict[str, Any] = {}
        failed = set(previous.failed_sections - wanted)
        for section in sorted(wanted):
            reader = self.readers[section]
            if reader.paths[0] in self._unknown_paths:
                updates[section.value] = None
                continue
            if any(p in errors for p in reader.paths):
                failed.add(section)
                continue
            data = [answers.get(p) for p in reader.paths]
            try:
                if reader.uses_readings:
                    updates[section.value] = reader.build(self._negotiated, *data)
                else:
                    updates[section.value] = reader.build(*data)
            except AstrosResponseError as err:
                _LOGGER.debug("%s: section %s unreadable: %s", self.host, section, err)
                failed.add(section)
        unsupported = frozenset(
            s for s in self.sections if self.readers[s].paths[0] in self._unknown_paths
        )
        state = dataclasses.replace(
            previous,
            capabilities=self.capabilities,
            reboot_required=self._reboot_required,
            failed_sections=frozenset(failed),
            unsupported_sections=unsupported,
            **updates,
        )
        self._note_firmware(state.firmware_version)
        return state

    def _raise_station_failure(
        self, wanted: frozenset[Section], paths: list[str], errors: Mapping[str, BaseException]
    ) -> None:
        """Raise what makes the whole station unavailable: no answer at all, or its core read."""
        for error in errors.values():
            if isinstance(error, AstrosAuthenticationError | AstrosNegotiationError):
                raise error
            if not isinstance(error, AstrosError):
                raise error
        succeeded = [p for p in paths if p not in errors and p not in self._unknown_paths]
        if errors and not succeeded:
            raise next(iter(errors.values()))
        core = self.readers[self.core_section].paths[0]
        if self.core_section in wanted and core in errors:
            raise errors[core]

    def _note_firmware(self, version: str | None) -> None:
        """After a firmware change, unknown endpoints and shapes are asked again."""
        if version is None:
            return
        known = self._negotiated.get("firmware")
        if known is not None and known != version:
            _LOGGER.debug("%s firmware changed: negotiating again", self.host)
            self._unknown_paths.clear()
            self._negotiated = {k: v for k, v in self._negotiated.items() if k in _DURABLE_READINGS}
        self._negotiated["firmware"] = version
