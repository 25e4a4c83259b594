"""Station dialects: alternative readings of points the vendor documents leave open.

A :class:`Dialect` is a frozen set of *axes*; each axis has a default (the reading in
README "Interpretations of the vendor documents", i.e. what the simulator always did)
and one or more alternatives a real station may plausibly speak. A station plays one
dialect (``SimulatedStation.dialect``, settable at any time); every generation ignores
the axes that do not concern it.

Text form (command line ``--dialect``, control server ``POST /stations/{i}/dialect``)::

    key_header=bearer,put=replace,missing=conference/appBYOM+general/remoteview
    combined          # every non-default alternative at once (Dialect.combined())
    default           # (or "") every axis at its default

Items are separated by commas, set members (``missing``) by ``+``. Unknown axes or
values raise ``ValueError``. ``str(dialect)`` gives the canonical text (only the
non-default axes, in field order; ``"default"`` when there are none), and
``Dialect.parse(str(d)) == d``.

Axes (field name: values, default first) and EXACTLY what the station does:

``key_header``: where the API key (v1 key, v2 login token) travels on a call that needs it.
    - ``x-api-key``: ``X-API-Key: <key>``.
    - ``basic``: ``Authorization: Basic <key>`` (the key itself, not base64; the v1
      document's security section). The v1 ``PUT admin/apikey`` login keeps its HTTP
      Basic ``base64(username:password)``; ``PUT admin/password`` accepts either the key
      in this form or Basic credentials.
    - ``bearer``: ``Authorization: Bearer <key>``.
    - ``bare``: ``Authorization: <key>``.
    The station accepts ONLY its own form: a key sent any other way (e.g. ``X-API-Key``
    to a ``bearer`` station) is treated exactly as no key at all (see ``expiry``).
    The scheme word is matched case-insensitively, with one space before the key.

``expiry``: how a call that needs a key answers when the key is missing, unknown,
    expired or sent in the wrong form. (Refused logins are not affected: a wrong
    password on v1 ``PUT admin/apikey`` / v2 ``POST login`` is always errorCode 1003;
    a ``view_only`` v1 key writing is always 1004.)
    - ``code-1002``: HTTP 200, envelope ``errorCode`` 1002, ``isSuccess`` false.
    - ``code-1003``: HTTP 200, envelope ``errorCode`` 1003 (the code of a wrong password).
    - ``http-401``: HTTP 401, envelope ``errorCode`` 401, ``isSuccess`` false.
    - ``http-403``: HTTP 403, envelope ``errorCode`` 403, ``isSuccess`` false.

``put``: a PUT the documents define with several fields.
    - ``merge``: omitted optional fields keep their current values.
    - ``replace``: the PUT replaces the whole object: every omitted optional field is
      reset to its FACTORY default (not its current value). Concerned: v1
      ``network/wifi`` (hideSSID, security, password, band, networking_mode,
      gatekeeper), ``display/resolution`` (enableVGA: VGA off), ``time/ntp`` (ip,
      port, auto), ``power/mode`` (timeout; with mode 1 a timeout sent is validated
      and kept, an omitted one reset: under ``merge`` mode 1 ignores it),
      ``general/logincode`` (code), ``network/ethernet`` (ip, mask, gateway, dns1,
      dns2); v2 ``PUT resolution`` (enableVGA, resolution, isAudioFromHDMI; an empty
      body resets all three). Validation is the same as under ``merge`` but runs on
      the resulting object (e.g. VGA reset to off makes every resolution valid).
      PATCH endpoints (v2) always merge.

``list_shape``: v2 ``GET general/wallpaper/list`` and ``GET resolution/list``.
    - ``objects``: a list of objects: wallpapers ``[{"id": 0, "name":
      "default-1.jpg", "builtIn": true}, ...]`` (one per occupied slot), resolutions
      ``[{"id": 0, "name": "Auto"}, ...]``.
    - ``bare``: a bare list: wallpapers ``[0, 1, 3]`` (the occupied slot ids, ascending),
      resolutions ``["Auto", "3840x2160", ...]`` (names; the position is the id).
    - ``wrapped``: the default objects wrapped in an object: ``{"total": 3, "list":
      [{...}, ...]}``.

``progress_shape``: ``process`` in the answer of v2 ``PUT firmware/download/start``.
    (The default is today's answer and the document's type, *string*; the contract
    draft called the int form default, which the simulator never spoke.)
    - ``string``: ``"45"``.
    - ``int``: ``45``.
    - ``percent``: ``"45%"``.

``config_export``: ``data`` of v2 ``GET system/config``.
    - ``content``: ``{"fileName": "AstrosProfile.json", "content": "<base64 of the file>"}``.
    - ``name``: only the file name, as the document's title says ("Retrieve
      configuration file name"): ``data`` is the string ``"AstrosProfile.json"``.
      The documents give no way to download the file itself; the station has none.

``ota_check_shape``: ``data`` of v2 ``GET ota/check``.
    - ``bool``: ``true`` when a downloaded firmware file is ready, else ``false``.
    - ``status``: the download state in the shape of ``firmware/download/start``:
      ``{"process": "<0..100>", "status": S}`` with S 0 idle (nothing downloaded),
      1 downloading, 2 downloaded (ready to install), -1 failed; ``process`` follows
      ``progress_shape``.

``power_mode``: v2 ``power/setting`` ``mode`` numbering (GET answers and PATCH accepts).
    - ``0-1``: 0 sleep, 1 suspend (the description); 2 is refused (1001).
    - ``1-2``: 1 sleep, 2 suspend (the ``ALLOWED: 1, 2`` line); 0 is refused (1001).

``download_restart``: v2 ``PUT firmware/download/start`` while a download runs or is done.
    - ``continue``: reports the progress without restarting (a finished download stays).
    - ``restart``: the download starts over: progress back to 0, status 1 (a finished
      download is discarded and fetched again; ``firmware`` install needs it finished).

``missing``: a set of endpoint paths (relative to the generation's base path, e.g.
    ``conference/appBYOM``) that this station's firmware lacks: every method answers
    like an unknown path, HTTP 404 with the envelope ``errorCode`` 404. Paths of the
    other generation are ignored. Default: none.

``firmware_manual``: where v2 ``POST firmware`` takes ``isManual``.
    - ``query``: a query parameter, as the document's section 15.2 says
      (``?username=admin&isManual=false``). ``isManual`` in a JSON body is an unknown
      field: 1001 (also when the query has it too).
    - ``body``: the JSON body ``{"isManual": false}``; ``isManual`` in the query: 1001.
    Missing in the right place: 1001.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from typing import Any

#: values of each axis, the default first
AXES: dict[str, tuple[str, ...]] = {
    "key_header": ("x-api-key", "basic", "bearer", "bare"),
    "expiry": ("code-1002", "code-1003", "http-401", "http-403"),
    "put": ("merge", "replace"),
    "list_shape": ("objects", "bare", "wrapped"),
    "progress_shape": ("string", "int", "percent"),
    "config_export": ("content", "name"),
    "ota_check_shape": ("bool", "status"),
    "power_mode": ("0-1", "1-2"),
    "download_restart": ("continue", "restart"),
    "firmware_manual": ("query", "body"),
}

#: optional endpoints the combined dialect lacks (v2, v1)
COMBINED_MISSING: frozenset[str] = frozenset({"conference/appBYOM", "general/remoteview"})

#: the alternative the combined dialect takes on axes with several alternatives
_COMBINED: dict[str, str] = {
    "key_header": "bearer",
    "expiry": "http-401",
    "put": "replace",
    "list_shape": "wrapped",
    "progress_shape": "percent",
    "config_export": "name",
    "ota_check_shape": "status",
    "power_mode": "1-2",
    "download_restart": "restart",
    "firmware_manual": "body",
}


@dataclass(frozen=True)
class Dialect:
    """The readings one station speaks (see the module docstring for each axis)."""

    key_header: str = "x-api-key"
    expiry: str = "code-1002"
    put: str = "merge"
    list_shape: str = "objects"
    progress_shape: str = "string"
    config_export: str = "content"
    ota_check_shape: str = "bool"
    power_mode: str = "0-1"
    download_restart: str = "continue"
    missing: frozenset[str] = field(default_factory=frozenset)
    firmware_manual: str = "query"

    def __post_init__(self) -> None:
        for name, allowed in AXES.items():
            value = getattr(self, name)
            if value not in allowed:
                raise ValueError(
                    f"dialect axis {name} must be one of {', '.join(allowed)}, not {value!r}"
                )
        missing: Any = self.missing
        if isinstance(missing, str) or not all(isinstance(m, str) for m in missing):
            raise ValueError("dialect axis missing must be a set of endpoint paths")
        cleaned = frozenset(m.strip().strip("/") for m in missing if m.strip().strip("/"))
        object.__setattr__(self, "missing", cleaned)

    @classmethod
    def parse(cls, text: str | None) -> Dialect:
        """``"key_header=bearer,put=replace"``, ``"combined"``, ``"default"`` or ``""``."""
        text = (text or "").strip()
        if text.lower() in ("", "default"):
            return cls()
        if text.lower() == "combined":
            return cls.combined()
        values: dict[str, Any] = {}
        for raw in text.split(","):
            item = raw.strip()
            if not item:
                continue
            name, sep, value = item.partition("=")
            name = name.strip().lower().replace("-", "_")
            value = value.strip()
            if not sep:
                raise ValueError(f"dialect item {item!r} must be axis=value")
            if name == "missing":
                values[name] = frozenset(v for v in value.split("+") if v.strip())
            elif name in AXES:
                values[name] = value.lower()
            else:
                raise ValueError(
                    f"unknown dialect axis {name!r} (axes: {', '.join([*AXES, 'missing'])})"
                )
        return cls(**values)

    @classmethod
    def combined(cls) -> Dialect:
        """Every non-default alternative at once (one of them where there are several)."""
        values: dict[str, Any] = dict(_COMBINED)
        return cls(missing=COMBINED_MISSING, **values)

    @classmethod
    def alternatives(cls) -> Iterator[tuple[str, Dialect]]:
        """``(text, dialect)`` for every single non-default value of every axis
        (and ``missing=`` the combined set): the rows of a dialect matrix."""
        for name, allowed in AXES.items():
            for value in allowed[1:]:
                change: dict[str, Any] = {name: value}
                dialect = cls(**change)
                yield str(dialect), dialect
        dialect = cls(missing=COMBINED_MISSING)
        yield str(dialect), dialect

    def with_(self, **changes: Any) -> Dialect:
        """A copy with some axes changed."""
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """JSON form (``missing`` as a sorted list)."""
        out: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        out["missing"] = sorted(self.missing)
        return out

    @property
    def is_default(self) -> bool:
        """Whether every axis is at its default."""
        return self == Dialect()

    def __str__(self) -> str:
        default = Dialect()
        items = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value == getattr(default, f.name):
                continue
            if f.name == "missing":
                items.append(f"missing={'+'.join(sorted(value))}")
            else:
                items.append(f"{f.name}={value}")
        return ",".join(items) or "default"

    def lacks(self, sub_path: str) -> bool:
        """Whether the endpoint ``sub_path`` (relative to the base path) is missing."""
        return sub_path in self.missing
