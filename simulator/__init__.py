"""Simulated Astrogate ASTROS stations (API generations v1 and v2) for tests and demos.

A real aiohttp HTTP server per station on 127.0.0.1, following the vendor documents
(``../shared/api``) and the project's README section "Interpretations of the vendor
documents". Usage::

    async with Simulator(api=["v1", "v2"], stations=2) as sim:
        station = sim.stations[0]
        station.faults.add(FaultKind.HTTP_500, count=2, path="general/name")

Command line: ``python -m simulator --api v1,v2 --port 8080`` (see ``--help``).

Dialects (issue 11): each station plays a :class:`~simulator.dialects.Dialect`, the
readings of the points the documents leave open (where the key travels, how an
expired key is reported, PUT merge/replace, list/progress/ota-check shapes, config
export, power mode numbering, download restart, missing endpoints, where
``isManual`` goes). The default of every axis is the README's reading; see
``simulator/dialects.py`` for exactly what each alternative does. Set it with
``Simulator(dialect="put=replace,...")``, ``station.dialect = Dialect(...)``,
``--dialect`` or ``POST /stations/{i}/dialect``; ``combined`` = every alternative.

Replay: ``python -m simulator --replay DIAGNOSTICS.json`` (or
``Simulator(replay=Replay.load(path))``) serves one station answering with the raw
answers of an integration diagnostics download (see ``simulator/replay.py``).

Every request is recorded twice: ``station.requests`` ``(method, path)`` and
``station.received`` (:class:`~simulator.station.Received`: query, headers, JSON body
fields, multipart parts), for conformance checks.

Decisions not in README
=======================

Authentication and sessions
    - v1: a wrong ``username`` query value (with a valid key) answers 1003, a missing
      one 1001 (checked before the key). ``PUT admin/apikey`` without an
      ``Authorization`` header answers 1002, with wrong Basic credentials 1003.
    - Every issued v1 key / v2 token stays valid until it expires (``token_ttl``
      seconds; ``token_ttl <= 0`` means never, ``expiredTime`` -1): asking for a new
      key does not revoke older ones, so several clients can share a station.
      v2 ``PUT remote/apikey`` issues a new token (the old one stays valid);
      ``GET remote/apikey`` describes the token used for the request.
    - v1 API keys survive a reboot; v2 login tokens do not (a rebooted v2 station
      answers 1002 until the client logs in again). ``expire_tokens()`` drops both.
    - Changing the password keeps issued keys valid.
    - v2: ``username`` is required (1001) on every call except the before-login calls
      and ``login`` (where it is ignored) and ``GET remote/apikey`` and
      ``GET conference/appBYOM`` (documented without parameters: optional there).
      When present it must be the account name (1003).
    - v2 ``isModerationInit`` is true while the moderation password is the factory
      ``admin``; the simulator starts it equal to the admin password.

Validation and answers
    - Invalid values answer 1001; a rejected request changes nothing. Values that
      are valid but impossible in the current state answer 1005: replacing or deleting
      the active wallpaper, an update while one runs, installing an OTA that was not
      downloaded, ``wifi/list``/``wifi/connection`` outside client (STA) mode,
      ``system/log`` export while ``log/switch`` is off.
    - Wallpaper ids outside 2..5 for upload/delete, or selecting/deleting an empty
      slot: 1001.
    - v1 write answers carry ``data`` ""; v2 write answers carry ``data`` true.
    - v1 ``PUT power/mode`` with mode 1 (suspend) ignores ``timeout`` entirely.
      v1 ``PUT network/ethernet`` with ``enableDHCP=false`` needs ip, mask and
      gateway; dns may be empty. v1 ``PUT network/wifi`` ``mode`` is AP or OFF (the
      PUT enum); the GET may also report STA (set by v2 or tests).
    - v2 ``PATCH``/``PUT`` bodies: JSON object, any subset of the documented fields,
      exact JSON types (a boolean is not 0/1); unknown fields 1001; empty body = no-op.
    - v2 ``imageSliderinterval`` is seconds in 5..300; ``timeout`` (NTP) 1..3600.
    - v2 ``wifi.channel`` may only be written when the resulting band is 5 GHz (1); it
      is kept (and reported) when the band changes back to 2.4 GHz.
    - v2 ``resolution.output`` is the name of the HDMI resolution ("1920x1080",
      "Auto"). ``PUT resolution`` accepts any subset of its three fields.
    - v2 ``pod/pairing``: ``ip`` IPv4 or "", ``ssid`` up to 32 characters,
      ``password`` up to 63 (any characters).
    - v2 ``appBYOM``: any key matching the pattern activates (status 1, expiredDate
      "2099-12-31"); ``type`` defaults to "appBYOM" and must be that.
    - v2 ``general/logincode`` answers ``{codeType, codeValue}``; ``quickJoin``
      answers a file name string. ``codeValue``/v1 ``code`` is "" for type 1 (no
      code); setting type 0 (random) draws a new random code.
    - v2 ``wifi/connection`` security strings: NONE, WEP, WPA, WPA2, WPA3, WPA2/WPA3,
      EAP; ``wifi/list`` answers ``[{ssid, security, level 0..4, status 0/1}]``.
    - v2 ``POST firmware``: ``isManual`` is a query parameter (section 15.2); in the
      JSON body it is refused with 1001 (dialect ``firmware_manual=body``: the
      other way round). ``isManual=true`` installs a file uploaded with
      ``upload?type=OTA`` (1005 without one).
    - v2 ``system/log/switch`` answers ``{switch}``; ``PUT system/log`` exports for
      ``update_seconds`` (statusLog 1, then 2 with a ``filePath``).
    - The configuration document (v1 ``admin/configuration``, v2 ``system/config``
      and ``upload?type=CONFIG``) is JSON ``{"format": "astros-configuration",
      "version": 1, "model", "firmware", "settings": {...}}`` without secrets; both
      generations use the same document. An import accepts it raw or base64, needs
      ``format`` to match, accepts any subset of known settings (unknown: 1001),
      validates all of them first, and sets ``rebootRequired``.
    - A firmware file (v1 multipart ``fileName``, v2 ``upload?type=OTA``) may start
      with a version ``a.b.c.d`` (first 256 bytes): the station comes back with it;
      otherwise with the same version. Empty files: 1001.
    - Unexpected exceptions answer 1200 (and are logged).

Behaviour over time
    - ``time_scale`` scales only minute-based timers (v1 reboot ``delay`` and the sleep
      timeout: one minute = ``60 * time_scale`` s). ``reboot_seconds`` and
      ``update_seconds`` are real seconds.
    - A reboot closes the listener (connections refused) and drops open connections
      right after the answer, for ``reboot_seconds``; then uptime restarts, ``status``
      becomes ``standby``, ``rebootRequired`` clears. v1 OTA: ``updating`` for
      ``update_seconds``, then a reboot; v2 download: progress in steps of 10 %
      over ``update_seconds``; the install is a reboot.
    - Sleep: in power mode 0 with a timeout, after the timeout without a successful
      write request (and not sharing/updating) ``status`` loses ``standby`` and gains
      ``sleeping``; every successful non-GET request wakes it and restarts the timer.
      Stations keep answering while asleep.
    - ``--latency-ms`` delays every request, including 404s and faulted ones.

Faults
    See :class:`FaultKind`. ``REFUSE`` with a count resets that many new connections
    (the listener stays open); without a count it closes the listener until
    ``faults.clear()``. ``MISSING_FIELD``/``WRONG_TYPE`` take an optional ``field``
    (default: the first field of ``data``) and only apply to GETs; ``DATA_FALSE``
    only applies to writes. ``NOT_SUCCESS`` and ``DATA_FALSE`` are the envelope
    refusals with errorCode 0 (the request is not carried out). ``REDIRECT``
    answers a 3xx pointing elsewhere (``location``), ``HTTP_403`` a 403 on the
    matching path, ``OVERSIZED`` a body over 2 MiB. Faults apply in the order
    they were added; one per request.

CLI and control server
    - Station i listens on ``--port + i``; the control server defaults to
      ``--port - 1`` (a free port with ``--port 0``).
    - Control routes answer plain JSON (not the envelope). Besides the documented
      routes: ``PATCH /stations/{i}/state`` sets a few attributes (name,
      available_firmware, vendor_reachable, display_on, reboot_required, power_mode,
      power_timeout, language, password, status as a list) and
      ``POST /stations/{i}/firmware`` also takes ``reachable`` (vendor server up).
      ``GET``/``POST /stations/{i}/dialect``: ``{"dialect": "text"}`` and/or axis
      fields (``{"put": "replace", "missing": ["conference/appBYOM"]}``).
    - Serial numbers and MAC addresses come from a counter unique in the process
      (``02:a5:70:..`` Ethernet, ``02:a5:71:..`` Wi-Fi); names are ``ASTROS-<i+1>``.
"""

from __future__ import annotations

from .core import Simulator
from .dialects import Dialect
from .faults import Fault, FaultKind
from .replay import Replay
from .state import StationState
from .station import SimulatedStation

__all__ = [
    "Dialect",
    "Fault",
    "FaultKind",
    "Replay",
    "SimulatedStation",
    "Simulator",
    "StationState",
]
