"""What both generations share: the key lifecycle, checked calls and fetching."""

from __future__ import annotations

from abc import abstractmethod
import asyncio
from collections.abc import Iterable, Mapping
import dataclasses
import logging
import time
from typing import Any, ClassVar

import aiohttp

from .client import DEFAULT_MAX_IN_FLIGHT, DEFAULT_REQUEST_TIMEOUT, AstrosClient
from .const import (
    API_KEY_HEADER,
    ERROR_NOT_AUTHENTICATED,
    ERROR_OK,
    ERROR_WRONG_CREDENTIALS,
    KEY_RENEW_MARGIN,
)
from .exceptions import AstrosAuthenticationError, AstrosRequestError
from .models import FirmwareInfo, Section, StationState
from .parse import Envelope, is_newer
from .transport import Query, Transport, UploadFile

_LOGGER = logging.getLogger(__name__)

_AUTH_FAILURES = (ERROR_NOT_AUTHENTICATED, ERROR_WRONG_CREDENTIALS)


class BaseClient(AstrosClient):
    """Keeps one key for all calls, renews it once when refused, reads sections concurrently."""

    base_path: ClassVar[str]
    #: The GET endpoints each section is read from.
    section_endpoints: ClassVar[Mapping[Section, tuple[str, ...]]]

    def __init__(
        self,
        session: aiohttp.ClientSession,
        host: str,
        *,
        username: str,
        password: str,
        port: int | None = None,
        use_https: bool = False,
        verify_ssl: bool = True,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
    ) -> None:
        """Store the settings and prepare the transport; nothing is sent yet."""
        super().__init__(
            session,
            host,
            username=username,
            password=password,
            port=port,
            use_https=use_https,
            verify_ssl=verify_ssl,
            request_timeout=request_timeout,
            max_in_flight=max_in_flight,
        )
        self._transport = Transport(
            session,
            host,
            self.base_path,
            port=port,
            use_https=use_https,
            verify_ssl=verify_ssl,
            request_timeout=request_timeout,
            max_in_flight=max_in_flight,
        )
        self._key: str | None = None
        self._key_renew_at: float | None = None  # epoch seconds, None: only when refused
        # One login at a time: concurrent calls that find no valid key share it.
        self._login_lock = asyncio.Lock()
        self._reboot_required = False

    # ------------------------------------------------------------ keys

    @abstractmethod
    async def _request_key(self) -> tuple[str, float | None]:
        """Log in: a new key and its expiry (epoch seconds, None never)."""

    def _auth_refused(self) -> AstrosAuthenticationError:
        # Deliberately without the station's message or any credential.
        return AstrosAuthenticationError(
            f"{self.host} refused the username or password of {self.username!r}"
        )

    def _key_usable(self) -> bool:
        if self._key is None:
            return False
        return self._key_renew_at is None or time.time() < self._key_renew_at

    async def _log_in(self) -> str:
        issued = time.time()
        key, expires = await self._request_key()
        self._key, self._key_renew_at = key, None
        if expires is not None:
            # Renew ahead of the expiry, but not before half the key's lifetime has passed.
            self._key_renew_at = max(expires - KEY_RENEW_MARGIN, issued + (expires - issued) / 2)
        _LOGGER.debug("Logged in to %s", self.host)
        return key

    async def async_login(self) -> None:
        """Obtain a new key now; raise AstrosAuthenticationError if refused."""
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

    async def _call(
        self,
        method: str,
        path: str,
        *,
        query: Query | None = None,
        json_body: Any = None,
        files: tuple[UploadFile, ...] = (),
    ) -> Envelope:
        """A call with the key; refused keys are renewed once and the call retried once."""
        full_query = self._query(path, query)

        async def send(key: str) -> Envelope:
            return await self._transport.request(
                method,
                path,
                query=full_query,
                json_body=json_body,
                files=files,
                headers={API_KEY_HEADER: key},
            )

        key = await self._valid_key()
        envelope = await send(key)
        if envelope.error_code == ERROR_NOT_AUTHENTICATED:
            _LOGGER.debug("%s refused the key on %s; renewing it", self.host, path)
            envelope = await send(await self._renewed_key(key))
            if envelope.error_code == ERROR_NOT_AUTHENTICATED:
                raise AstrosAuthenticationError(f"{self.host} refused a freshly issued key")
        return self._checked(envelope)

    def _checked(self, envelope: Envelope) -> Envelope:
        if envelope.error_code in _AUTH_FAILURES:
            raise self._auth_refused()
        if envelope.error_code != ERROR_OK:
            raise AstrosRequestError(envelope.error_code, self._redact(envelope.message))
        if envelope.reboot_required is not None:
            self._reboot_required = envelope.reboot_required
        return envelope

    def _redact(self, text: str) -> str:
        """The station's own text without our secrets, should it echo them."""
        for secret in (self._password, self._key):
            if secret:
                text = text.replace(secret, "***")
        return text

    async def _get(self, path: str, query: Query | None = None) -> Any:
        """The data of a GET."""
        return (await self._call("GET", path, query=query)).data

    async def _gather(self, *paths: str) -> dict[str, Any]:
        """GET several endpoints concurrently; the first failure is raised after all end."""
        results = await asyncio.gather(*(self._get(path) for path in paths), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result
        return dict(zip(paths, results, strict=True))

    # ------------------------------------------------------------ fetching

    @abstractmethod
    def _build_section(self, section: Section, answers: Mapping[str, Any]) -> object:
        """The model of ``section`` from the data of its endpoints."""

    async def async_fetch(
        self,
        sections: Iterable[Section] | None = None,
        previous: StationState | None = None,
    ) -> StationState:
        """Read ``sections`` (all this generation has when None) concurrently.

        Sections this generation does not have are ignored; the others are
        carried over from ``previous``.
        """
        wanted = self.sections if sections is None else frozenset(sections) & self.sections
        paths = list(dict.fromkeys(p for s in sorted(wanted) for p in self.section_endpoints[s]))
        answers = await self._gather(*paths)
        updates: dict[str, Any] = {
            section.value: self._build_section(section, answers) for section in wanted
        }
        if previous is None or previous.api_version != self.api_version:
            previous = StationState(api_version=self.api_version, capabilities=self.capabilities)
        firmware = updates.get(Section.FIRMWARE.value)
        if isinstance(firmware, FirmwareInfo) and previous.firmware is not None:
            # A fetch does not ask the vendor: keep what the last check found while it is newer.
            latest = previous.firmware.latest
            if is_newer(latest, firmware.current):
                updates[Section.FIRMWARE.value] = dataclasses.replace(firmware, latest=latest)
        return dataclasses.replace(
            previous,
            capabilities=self.capabilities,
            reboot_required=self._reboot_required,
            **updates,
        )
