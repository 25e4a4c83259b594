"""The control server: drive the simulated stations from outside (loopback only)."""

from __future__ import annotations

import base64
import dataclasses
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .dialects import Dialect
from .faults import FaultKind
from .validation import VERSION_RE

if TYPE_CHECKING:
    from .core import Simulator
    from .station import SimulatedStation


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted(_jsonable(v) for v in value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def state_json(station: SimulatedStation) -> dict[str, Any]:
    """The state as JSON (secrets included: a test tool on loopback)."""
    data: dict[str, Any] = _jsonable(station.state)
    data["wallpapers"] = {
        str(slot): {"name": name, "size": len(content)}
        for slot, (name, content) in station.state.wallpapers.items()
    }
    data["uptime"] = station.state.uptime
    data["status_text"] = station.state.status_text()
    data["is_admin_init"] = station.state.is_admin_init
    data["online"] = station.online
    data["api"] = station.api
    data["port"] = station.port
    data["faults"] = [f.as_dict() for f in station.faults.active]
    data["dialect"] = str(station.dialect)
    return data


def _summary(station: SimulatedStation) -> dict[str, Any]:
    return {
        "index": station.index,
        "api": station.api,
        "port": station.port,
        "url": station.base_url,
        "name": station.state.name,
        "mac": station.state.eth_mac,
        "online": station.online,
        "dialect": str(station.dialect),
    }


def _dialect_json(station: SimulatedStation) -> dict[str, Any]:
    return {"dialect": str(station.dialect), "axes": station.dialect.as_dict()}


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


#: attributes PATCH /stations/{i}/state may set, with their types
_SETTABLE: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "available_firmware": (str, type(None)),
    "vendor_reachable": bool,
    "display_on": bool,
    "reboot_required": bool,
    "power_mode": int,
    "power_timeout": int,
    "language": int,
    "password": str,
}


def _fault_problem(count: Any, error_code: Any, path: Any, field: Any) -> str | None:
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 1):
        return "count must be a positive integer or null"
    if isinstance(error_code, bool) or not isinstance(error_code, int):
        return "error_code must be an integer"
    if path is not None and not isinstance(path, str):
        return "path must be a string"
    if field is not None and not isinstance(field, str):
        return "field must be a string"
    return None


def make_app(sim: Simulator) -> web.Application:
    """The control application."""
    routes = web.RouteTableDef()

    def station_of(request: web.Request) -> SimulatedStation:
        try:
            index = int(request.match_info["index"])
            return sim.stations[index]
        except (ValueError, IndexError):
            raise web.HTTPNotFound(
                text='{"error": "no such station"}', content_type="application/json"
            ) from None

    async def body_of(request: web.Request) -> dict[str, Any]:
        if not await request.read():
            return {}
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise web.HTTPBadRequest(
                text='{"error": "body must be a JSON object"}', content_type="application/json"
            )
        return body

    @routes.get("/stations")
    async def list_stations(request: web.Request) -> web.Response:
        return web.json_response([_summary(st) for st in sim.stations])

    @routes.get("/stations/{index}/state")
    async def get_state(request: web.Request) -> web.Response:
        return web.json_response(state_json(station_of(request)))

    @routes.patch("/stations/{index}/state")
    async def patch_state(request: web.Request) -> web.Response:
        station = station_of(request)
        body = await body_of(request)
        status = body.pop("status", None)
        for key, value in body.items():
            expected = _SETTABLE.get(key)
            if expected is None:
                return _error(400, f"{key} cannot be set")
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                return _error(400, f"{key} has the wrong type")
        if status is not None and not (
            isinstance(status, list) and all(isinstance(s, str) for s in status)
        ):
            return _error(400, "status must be a list of strings")
        for key, value in body.items():
            setattr(station.state, key, value)
        if status is not None:
            station.state.status = set(status)
        return web.json_response(state_json(station))

    @routes.post("/stations/{index}/faults")
    async def add_fault(request: web.Request) -> web.Response:
        station = station_of(request)
        body = await body_of(request)
        try:
            kind = FaultKind.parse(str(body.get("kind", "")))
        except ValueError as err:
            return _error(400, str(err))
        count = body.get("count", 1)
        error_code = body.get("error_code", 1000)
        path = body.get("path")
        field = body.get("field")
        problem = _fault_problem(count, error_code, path, field)
        if problem:
            return _error(400, problem)
        fault = station.faults.add(kind, count=count, path=path, error_code=error_code, field=field)
        return web.json_response(fault.as_dict())

    @routes.get("/stations/{index}/dialect")
    async def get_dialect(request: web.Request) -> web.Response:
        return web.json_response(_dialect_json(station_of(request)))

    @routes.post("/stations/{index}/dialect")
    async def set_dialect(request: web.Request) -> web.Response:
        """Body ``{"dialect": "key_header=bearer,..."}`` (text form, replaces the whole
        dialect) and/or axis fields ``{"put": "replace", "missing": [...]}`` (change
        those axes of the current one, or of the text's when both are given)."""
        station = station_of(request)
        body = await body_of(request)
        try:
            text = body.pop("dialect", None)
            if text is not None and not isinstance(text, str):
                return _error(400, "dialect must be a string")
            dialect = station.dialect if text is None else Dialect.parse(text)
            if body:
                dialect = dialect.with_(**body)
        except (ValueError, TypeError) as err:
            return _error(400, str(err))
        station.dialect = dialect
        return web.json_response(_dialect_json(station))

    @routes.delete("/stations/{index}/faults")
    async def clear_faults(request: web.Request) -> web.Response:
        station_of(request).faults.clear()
        return web.json_response({"ok": True})

    @routes.post("/stations/{index}/offline")
    async def offline(request: web.Request) -> web.Response:
        await station_of(request).go_offline()
        return web.json_response({"ok": True})

    @routes.post("/stations/{index}/online")
    async def online(request: web.Request) -> web.Response:
        await station_of(request).go_online()
        return web.json_response({"ok": True})

    @routes.post("/stations/{index}/reboot")
    async def reboot(request: web.Request) -> web.Response:
        station = station_of(request)
        body = await body_of(request)
        seconds = body.get("seconds")
        if seconds is not None and (
            isinstance(seconds, bool) or not isinstance(seconds, int | float)
        ):
            return _error(400, "seconds must be a number")
        station.reboot(seconds)
        return web.json_response({"ok": True})

    @routes.post("/stations/{index}/expire-tokens")
    async def expire(request: web.Request) -> web.Response:
        station_of(request).expire_tokens()
        return web.json_response({"ok": True})

    @routes.post("/stations/{index}/firmware")
    async def firmware(request: web.Request) -> web.Response:
        station = station_of(request)
        body = await body_of(request)
        available = body.get("available")
        if available is not None and not (
            isinstance(available, str) and VERSION_RE.fullmatch(available)
        ):
            return _error(400, "available must be a version like 1.3.0.0 or null")
        station.state.available_firmware = available
        if "reachable" in body:
            station.state.vendor_reachable = bool(body["reachable"])
        return web.json_response(
            {"current": station.state.firmware_version, "available": available}
        )

    app = web.Application()
    app.add_routes(routes)
    return app
