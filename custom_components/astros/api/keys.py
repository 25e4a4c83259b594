"""The key lifecycle shared by both generations.

Negotiation (README "What the integration tolerates"): where the key travels
is probed after a login (each reading of ``KEY_HEADER_READINGS`` in turn, on
a harmless GET) unless a stored reading is given; anything that looks like "key
not accepted" on an ordinary call gets one fresh login and one retry, and only
a refused *login* means wrong credentials. The readings found are
:attr:`negotiated`, to be stored and passed back.
"""

from __future__ import annotations

from abc import abstractmethod
import contextlib
from dataclasses import dataclass
import logging
import time
from typing import Any, ClassVar

from .calls import StationCalls, is_unsupported, key_refusal
from .const import (
    HTTP_FORBIDDEN,
    KEY_HEADER_READINGS,
    KEY_RENEW_MARGIN,
    MAX_RESPONSE_BYTES,
)
from .exceptions import (
    AstrosAuthenticationError,
    AstrosError,
    AstrosNegotiationError,
    AstrosRequestError,
    AstrosResponseError,
    AstrosUnsupportedError,
)
from .parse import Envelope
from .transport import Query, UploadFile

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class KeyGrant:
    """What a login answered: the key, its expiry (station epoch seconds) and scope."""

    key: str
    expires: float | None = None
    scope: str | None = None


class KeyedClient(StationCalls):
    """The key lifecycle: login, where the key travels, its lifetime, renewal and retry."""

    #: Harmless GETs that need a key, tried in turn to learn where the key travels.
    key_probe_paths: ClassVar[tuple[str, ...]]
    #: GET answering the key's ``expiredTime`` and ``scope`` (v2), if the login does not.
    key_info_path: ClassVar[str | None] = None

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
            self._kept.clear()
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
