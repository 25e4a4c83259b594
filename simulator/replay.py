"""Replay a station from a diagnostics download (issue 11).

The integration's diagnostics hold ``{"data": {"api_version": "v1"|"v2",
"negotiated": {...}, "raw_answers": {"GET /api/v2/station/model": {<body>}, ...}}}``
(Home Assistant adds ``home_assistant``, ``integration_manifest``... beside ``data``;
a file holding the inner object directly is accepted too). A replay station:

- answers every ``GET`` found in ``raw_answers`` with the stored body verbatim (HTTP
  200, or the body's ``errorCode`` when it is an HTTP status 4xx/5xx). A key may carry
  query parameters (``"GET /api/v1/device/admin/firmware?hasNew=true"``); ``username``
  and the order are ignored. For one path, the stored answer whose parameters equal
  the request's wins, then the one with the most parameters all present in the
  request (the bare path among them), then any answer of that path;
- answers any other ``GET`` under its base path as unknown (HTTP 404, ``errorCode`` 404),
  except v2 ``GET model`` (the detection call, made before the client exists and so
  possibly absent): then ``{devName, model, isAdminInit: false, isModerationInit:
  false}`` is made from the stored ``general`` answer and the envelopes' ``model``;
- accepts every login whatever the account and password (secrets are redacted in
  diagnostics): v1 ``PUT admin/apikey`` and v2 ``POST login`` / ``PUT remote/apikey``
  issue a fresh key valid for ``token_ttl``;
- answers every other write under its base path OK (v1 ``data`` "", v2 ``data`` true),
  changing nothing (a write stored in ``raw_answers`` is answered with its stored body);
- checks no key (any form, or none, is accepted) and no parameter;
- records requests like any station (``station.requests``, ``station.received``).
Faults and latency apply as usual; dialects do not (the stored answers are the dialect).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import copy
from dataclasses import dataclass, field
import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

if TYPE_CHECKING:
    from aiohttp import web

    from .station import SimulatedStation

PREFIXES = {"v1": "/api/v1/device", "v2": "/api/v2/station"}
_LOGINS = {
    "v1": {("PUT", "admin/apikey")},
    "v2": {("POST", "login"), ("PUT", "remote/apikey")},
}
_HTTP_ERRORS = range(400, 600)


@dataclass
class Replay:
    """The answers of one station, taken from a diagnostics download."""

    api: str
    negotiated: dict[str, Any] = field(default_factory=dict)
    #: ``"GET /api/v2/station/model"`` (optionally ``?query``) -> stored body
    answers: dict[str, Any] = field(default_factory=dict)

    @property
    def prefix(self) -> str:
        """The generation's base path."""
        return PREFIXES[self.api]

    @property
    def model(self) -> str | None:
        """The model name found in a stored answer, if any."""
        for body in self.answers.values():
            if isinstance(body, dict) and isinstance(body.get("model"), str):
                return str(body["model"])
        return None

    @classmethod
    def from_diagnostics(cls, document: Any) -> Replay:
        """From the parsed diagnostics JSON (``ValueError`` when it is not one)."""
        if not isinstance(document, Mapping):
            raise ValueError("a diagnostics file is a JSON object")  # noqa: TRY004
        inner = document.get("data")
        if isinstance(inner, Mapping) and "raw_answers" in inner:
            document = inner
        api = document.get("api_version")
        if api not in PREFIXES:
            raise ValueError("the diagnostics have no api_version v1 or v2")
        answers = document.get("raw_answers")
        if not isinstance(answers, Mapping) or not all(isinstance(k, str) for k in answers):
            raise ValueError("the diagnostics have no raw_answers object")
        negotiated = document.get("negotiated") or {}
        if not isinstance(negotiated, Mapping):
            raise ValueError("negotiated must be an object")  # noqa: TRY004
        return cls(str(api), dict(negotiated), _normalised(answers))

    @classmethod
    def load(cls, path: str | Path) -> Replay:
        """From a diagnostics file (``ValueError`` when unreadable or not one)."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise ValueError(f"cannot read {path}: {err}") from None
        try:
            document = json.loads(text)
        except ValueError:
            raise ValueError(f"{path} is not JSON") from None
        return cls.from_diagnostics(document)

    async def answer(
        self, station: SimulatedStation, request: web.BaseRequest
    ) -> tuple[dict[str, Any], int]:
        """The answer to one request."""
        method, path = request.method, request.path.rstrip("/") or "/"
        prefix = self.prefix
        if path != prefix and not path.startswith(prefix + "/"):
            return station.envelope("", 404, "Not Found"), 404
        sub = path[len(prefix) + 1 :]
        if (method, sub) in _LOGINS[self.api]:
            token = station.issue_token()
            if self.api == "v2" and sub == "login":
                return station.envelope({"token": token.value}), 200
            expired: int | str = token.expired_time
            if self.api == "v2":
                expired = str(expired)
            data = {"token": token.value, "expiredTime": expired, "scope": token.scope}
            return station.envelope(data), 200
        stored = self._stored(method, path, _params(request.query.items()))
        if stored is not None:
            if not isinstance(stored, dict):
                return station.envelope(copy.deepcopy(stored)), 200
            code = stored.get("errorCode")
            status = code if isinstance(code, int) and code in _HTTP_ERRORS else 200
            return copy.deepcopy(stored), status
        if method == "GET":
            if self.api == "v2" and sub == "model":
                return station.envelope(self._model_data()), 200
            return station.envelope("", 404, "Not Found"), 404
        station.wake()
        return station.envelope("" if self.api == "v1" else True), 200

    def _model_data(self) -> dict[str, Any]:
        """A v2 ``GET model`` answer made from the other stored answers."""
        general = self.answers.get(f"GET {self.prefix}/general")
        data = general.get("data") if isinstance(general, dict) else None
        name = data.get("devName") if isinstance(data, dict) else None
        return {
            "devName": name if isinstance(name, str) else "ASTROS",
            "model": self.model or "ASTROS",
            "isAdminInit": False,
            "isModerationInit": False,
        }

    def _stored(self, method: str, path: str, params: frozenset[tuple[str, str]]) -> Any:
        candidates = self._index.get((method, path))
        if not candidates:
            return None
        if params in candidates:
            return candidates[params]
        subsets = [p for p in candidates if p <= params]
        if subsets:
            return candidates[max(subsets, key=len)]
        return next(iter(candidates.values()))

    @functools.cached_property
    def _index(self) -> dict[tuple[str, str], dict[frozenset[tuple[str, str]], Any]]:
        """``(method, path)`` -> parameters -> stored body (built at the first request)."""
        index: dict[tuple[str, str], dict[frozenset[tuple[str, str]], Any]] = {}
        for key, body in self.answers.items():
            method, _, target = key.partition(" ")
            path, _, query = target.partition("?")
            index.setdefault((method, path), {})[_params(parse_qsl(query))] = body
        return index


def _params(items: Iterable[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    """Query parameters that select a stored answer (``username`` ignored)."""
    return frozenset((k, v) for k, v in items if k != "username")


def _normalised(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Keys as ``METHOD /path[?query]`` (method upper-case, no trailing slash)."""
    out: dict[str, Any] = {}
    for key, body in answers.items():
        method, _, target = key.strip().partition(" ")
        path, sep, query = target.strip().partition("?")
        path = path.rstrip("/") or "/"
        out[f"{method.upper()} {path}{sep}{query}"] = body
    return out
