"""Fetching shared by both generations: the section table, per-section availability.

The layers: :mod:`.calls` (checked calls, recorded answers), :mod:`.keys`
(login, key header, expiry, renewal), this module (section reads).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
import dataclasses
from dataclasses import dataclass
import logging
import time
from typing import Any, ClassVar

from .calls import REUSE_SECONDS
from .const import UNSUPPORTED_RETRY_SECONDS
from .exceptions import (
    AstrosAuthenticationError,
    AstrosConnectionError,
    AstrosEndpointUnsupportedError,
    AstrosError,
    AstrosNegotiationError,
    AstrosResponseError,
)
from .keys import KeyedClient
from .models import Section, StationState
from .transport import Query

_LOGGER = logging.getLogger(__name__)

#: Negotiated readings that stay valid across a firmware change (they heal themselves).
_DURABLE_READINGS = ("key_header", "expiry")


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


class BaseClient(KeyedClient):
    """Reads sections concurrently; each read fails or is unsupported on its own."""

    #: The one table of this generation's reads: endpoints and builder of each section.
    readers: ClassVar[Mapping[Section, SectionReader]]
    #: A failure of this section's primary read fails the whole fetch.
    core_section: ClassVar[Section]
    #: Secondary endpoints whose answer changes only when something is stored or
    #: deleted: asked again after this many seconds, or at once after any write.
    slow_paths: ClassVar[Mapping[str, float]] = {}

    #: The GET endpoints of each section, derived from ``readers`` (for request estimates).
    section_endpoints: ClassVar[Mapping[Section, tuple[str, ...]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Derive ``section_endpoints`` from the generation's one table."""
        super().__init_subclass__(**kwargs)
        cls.section_endpoints = {s: r.paths for s, r in getattr(cls, "readers", {}).items()}

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

    def _kept_answer(self, path: str, now: float) -> Any:
        """The answer of a slow endpoint read less than its age ago, else None."""
        max_age = self.slow_paths.get(path)
        kept = self._kept.get(path) if max_age is not None else None
        if kept is None or max_age is None or now - kept[0] >= max_age:
            return None
        return kept[1]

    def _skipped(self, path: str, now: float) -> bool:
        found = self._unknown_paths.get(path)
        return found is not None and now - found < UNSUPPORTED_RETRY_SECONDS

    async def async_fetch(
        self,
        sections: Iterable[Section] | None = None,
        previous: StationState | None = None,
        *,
        sequential: bool = False,
    ) -> StationState:
        """Read ``sections`` (all this generation has when None).

        Concurrently by default; ``sequential`` reads one endpoint after the
        other over a single connection (for background polling, where one
        connection per poll costs a fraction of one per endpoint).
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
        kept = {p: data for p in paths if (data := self._kept_answer(p, now)) is not None}
        paths = [p for p in paths if p not in kept]
        if sequential:
            results = await self._get_one_by_one(paths)
        else:
            results = await asyncio.gather(*(self._get(p) for p in paths), return_exceptions=True)
        answers: dict[str, Any] = dict(kept)
        errors: dict[str, BaseException] = {}
        for path, result in zip(paths, results, strict=True):
            if isinstance(result, AstrosEndpointUnsupportedError):
                self._unknown_paths[path] = now
            elif isinstance(result, BaseException):
                errors[path] = result
            else:
                answers[path] = result
                if path in self.slow_paths:
                    self._kept[path] = (now, result)
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

    async def _get_one_by_one(self, paths: list[str]) -> list[Any]:
        """GET ``paths`` in turn: each answer or the error it raised, as ``gather`` gives them.

        A station that cannot be reached fails the paths not yet asked with the
        same error, instead of making each of them wait for its own timeout.
        """
        results: list[Any] = []
        for path in paths:
            try:
                results.append(await self._get(path))
            except AstrosConnectionError as err:
                results.extend([err] * (len(paths) - len(results)))
                break
            except Exception as err:
                results.append(err)
        return results

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
