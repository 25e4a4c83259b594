"""Injected faults."""

from __future__ import annotations

from dataclasses import dataclass
import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .station import SimulatedStation

#: HTTP statuses a REDIRECT fault may answer (``error_code``); anything else is 307.
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: An OVERSIZED answer is larger than this (the client caps answers at 1 MiB).
OVERSIZED_BYTES = 2 * 1024 * 1024


class FaultKind(enum.Enum):
    """What goes wrong.

    - ``REFUSE``: with ``count=None`` the station's listener closes (connections are
      refused, like :meth:`SimulatedStation.go_offline`) until :meth:`Faults.clear`;
      with ``count=N`` the listener stays open but the next N *connections* are reset
      right after being accepted (a refusal cannot be counted), and open keep-alive
      connections are dropped so that the client has to reconnect.
      ``path`` is ignored (connections have no path).
    - ``HANG``: the request is accepted and never answered until the fault is cleared
      (then it is answered normally) or the simulator stops.
    - ``HTTP_500``: HTTP 500 with the envelope, ``errorCode`` 500.
    - ``MALFORMED_JSON``: HTTP 200 whose body is not JSON.
    - ``ERROR_CODE``: HTTP 200, envelope with ``errorCode=error_code``.
    - ``EXPIRE_TOKEN``: every issued key/token becomes invalid, then the request is
      handled normally (so it answers 1002 when it needs a key).
    - ``MISSING_FIELD``: GET requests only: the field ``field`` (default: the first
      one) is dropped from ``data``; a scalar ``data`` is dropped from the envelope.
    - ``WRONG_TYPE``: GET requests only: the field (default: the first one) of
      ``data`` gets a value of the wrong type (a bool becomes a dict, a number "abc",
      a string a dict, an object/list a string); a scalar ``data`` likewise.
    - ``NOT_SUCCESS``: HTTP 200, envelope ``errorCode`` 0 but ``isSuccess`` false,
      ``data`` "", ``errorMsg`` "failed"; the request is NOT carried out.
    - ``DATA_FALSE``: write requests only (not GET): HTTP 200, envelope ``errorCode`` 0,
      ``isSuccess`` true, ``data`` false; the write is NOT carried out.
    - ``REDIRECT``: HTTP ``error_code`` if it is a redirect status (301, 302, 303, 307,
      308), else 307, with a ``Location`` naming another place: ``location`` (a base
      URL such as ``https://127.0.0.1:9443``) plus the request's path and query, by
      default ``http://127.0.0.2:<the station's port>``; no body, the request is NOT
      carried out (a client that follows it sends its credentials to that place).
    - ``HTTP_403``: HTTP 403 with the envelope (``errorCode`` 403, "Forbidden"); the
      request is NOT carried out. Give a ``path`` to refuse one endpoint only (a key
      that is valid but may not use it).
    - ``OVERSIZED``: the request is carried out normally, then answered HTTP 200 with
      its envelope padded (an extra ``padding`` string) to more than
      :data:`OVERSIZED_BYTES` (2 MiB: above the client's cap) of valid JSON, sent
      chunked (no ``Content-Length``), so the client has to stop reading by itself.

    The station's identity is no fault: set ``station.state.eth_mac`` (and
    ``wifi_mac``) to make another station answer at the same address.
    """

    REFUSE = "refuse"
    HANG = "hang"
    HTTP_500 = "http_500"
    MALFORMED_JSON = "malformed_json"
    ERROR_CODE = "error_code"
    EXPIRE_TOKEN = "expire_token"
    MISSING_FIELD = "missing_field"
    WRONG_TYPE = "wrong_type"
    NOT_SUCCESS = "not_success"
    DATA_FALSE = "data_false"
    REDIRECT = "redirect"
    HTTP_403 = "http_403"
    OVERSIZED = "oversized"

    @classmethod
    def parse(cls, value: str) -> FaultKind:
        """A kind from its name or value, case-insensitive (``HTTP_500``, ``hang``...)."""
        text = value.strip().lower().replace("-", "_")
        for kind in cls:
            if text in (kind.value, kind.name.lower()):
                return kind
        raise ValueError(f"unknown fault kind {value!r}")


@dataclass
class Fault:
    """One injected fault; ``count`` None = until cleared."""

    kind: FaultKind
    count: int | None = 1
    path: str | None = None
    error_code: int = 1000
    field: str | None = None
    method: str | None = None  # only requests of this HTTP method; None: any
    #: REDIRECT only: the base URL the ``Location`` names (None: 127.0.0.2, same port)
    location: str | None = None

    @property
    def redirect_status(self) -> int:
        """The HTTP status of a REDIRECT answer."""
        return self.error_code if self.error_code in REDIRECT_STATUSES else 307

    def as_dict(self) -> dict[str, object]:
        """JSON form (``location`` only when set)."""
        out: dict[str, object] = {
            "kind": self.kind.name,
            "count": self.count,
            "path": self.path,
            "error_code": self.error_code,
            "field": self.field,
            "method": self.method,
        }
        if self.location is not None:
            out["location"] = self.location
        return out


class Faults:
    """The faults of one station."""

    def __init__(self, station: SimulatedStation) -> None:
        self._station = station
        self.active: list[Fault] = []

    def add(
        self,
        kind: FaultKind | str,
        *,
        count: int | None = 1,
        path: str | None = None,
        error_code: int = 1000,
        field: str | None = None,
        method: str | None = None,
        location: str | None = None,
    ) -> Fault:
        """Inject a fault for the next ``count`` matching requests (None: until cleared)."""
        if isinstance(kind, str):
            kind = FaultKind.parse(kind)
        if count is not None and count < 1:
            raise ValueError("count must be at least 1 (or None)")
        if location is not None and not location.startswith(("http://", "https://")):
            raise ValueError("location must be an http:// or https:// URL")
        fault = Fault(
            kind,
            count,
            path,
            error_code,
            field,
            method.upper() if method else None,
            location.rstrip("/") if location else None,
        )
        self.active.append(fault)
        if kind is FaultKind.REFUSE:
            self._station._refuse_fault_added(fault)
        return fault

    def clear(self) -> None:
        """Remove every fault: hanging requests are answered, a REFUSE listener reopens."""
        self.active.clear()
        self._station._faults_cleared()

    def take_request_fault(self, method: str, path: str) -> Fault | None:
        """The fault that applies to this request (its count is consumed)."""
        for fault in self.active:
            if fault.kind is FaultKind.REFUSE:
                continue
            if fault.kind in (FaultKind.MISSING_FIELD, FaultKind.WRONG_TYPE) and method != "GET":
                continue
            if fault.kind is FaultKind.DATA_FALSE and method == "GET":
                continue
            if fault.path is not None and fault.path not in path:
                continue
            if fault.method is not None and fault.method != method:
                continue
            self._consume(fault)
            return fault
        return None

    def take_connection_reset(self) -> bool:
        """Whether a new connection is to be reset (a counted REFUSE fault)."""
        for fault in self.active:
            if fault.kind is FaultKind.REFUSE and fault.count is not None:
                self._consume(fault)
                return True
        return False

    def refusing(self) -> bool:
        """Whether an uncounted REFUSE fault is active."""
        return any(f.kind is FaultKind.REFUSE and f.count is None for f in self.active)

    def _consume(self, fault: Fault) -> None:
        if fault.count is not None:
            fault.count -= 1
            if fault.count <= 0:
                self.active.remove(fault)
