"""The simulator: K stations (+ an optional control server) in one process."""

from __future__ import annotations

from collections.abc import Sequence
import itertools
from types import TracebackType

from aiohttp import web

from . import v1, v2
from .control import make_app
from .dialects import Dialect
from .replay import Replay
from .station import ApiSpec, SimConfig, SimulatedStation
from .tls import self_signed, server_context

_SPECS: dict[str, ApiSpec] = {"v1": v1.SPEC, "v2": v2.SPEC}
#: unique station numbers in the process (serial numbers and MAC addresses)
_NUMBERS = itertools.count(1)


def parse_apis(api: str | Sequence[str]) -> list[str]:
    """``"v1"``, ``"v1,v2"`` or ``["v1", "v2"]`` -> list of generations."""
    items = api.split(",") if isinstance(api, str) else list(api)
    apis = [a.strip().lower() for a in items if a.strip()]
    if not apis or any(a not in _SPECS for a in apis):
        raise ValueError(f"api must be v1, v2 or a list of them, not {api!r}")
    return apis


class Simulator:
    """Simulated ASTROS stations on 127.0.0.1."""

    def __init__(  # noqa: PLR0917
        self,
        api: str | Sequence[str] = "v1",
        stations: int = 1,
        host: str = "127.0.0.1",
        port: int = 0,
        latency_ms: float = 0.0,
        username: str = "admin",
        password: str = "Astros2025",
        https: bool = False,
        token_ttl: float = 3600.0,
        reboot_seconds: float = 2.0,
        update_seconds: float = 2.0,
        time_scale: float = 1.0,
        control_port: int | None = None,
        dialect: Dialect | str | None = None,
        replay: Replay | None = None,
    ) -> None:
        """``dialect``: what every station starts with (a :class:`Dialect` or its
        text form); ``replay``: one station replaying a diagnostics download (then
        ``api`` and ``stations`` are ignored)."""
        if stations < 1:
            raise ValueError("stations must be at least 1")
        if isinstance(dialect, str) or dialect is None:
            dialect = Dialect.parse(dialect)
        if replay is not None:
            api, stations = replay.api, 1
        self.apis = parse_apis(api)
        self.replay = replay
        self.host = host
        self.port = port
        self.https = https
        self.control_port = control_port
        self.certificate_pem: bytes | None = None
        self.config = SimConfig(
            username=username,
            password=password,
            host=host,
            latency_ms=latency_ms,
            token_ttl=token_ttl,
            reboot_seconds=reboot_seconds,
            update_seconds=update_seconds,
            time_scale=time_scale,
            dialect=dialect,
        )
        self.stations: list[SimulatedStation] = []
        for index in range(stations):
            gen = self.apis[index % len(self.apis)]
            self.stations.append(
                SimulatedStation(
                    self.config,
                    index=index,
                    number=next(_NUMBERS),
                    api=gen,
                    port=port + index if port else 0,
                    spec=_SPECS[gen],
                )
            )
        if replay is not None:
            station = self.stations[0]
            station.replay = replay
            if replay.model is not None:
                station.state.model = replay.model
        self._control: web.AppRunner | None = None
        self._started = False

    @property
    def control_url(self) -> str | None:
        """``http://127.0.0.1:PORT`` of the control server, if any."""
        if self._control is None or self.control_port is None:
            return None
        return f"http://{self.host}:{self.control_port}"

    async def start(self) -> None:
        """Start every station (and the control server)."""
        if self._started:
            return
        self._started = True
        if self.https:
            cert, key = self_signed(self.host)
            self.certificate_pem = cert
            self.config.ssl_context = server_context(cert, key)
        try:
            for station in self.stations:
                await station.start()
            if self.control_port is not None:
                runner = web.AppRunner(make_app(self), access_log=None)
                await runner.setup()
                self._control = runner
                site = web.TCPSite(runner, self.host, self.control_port)
                await site.start()
                server = site._server
                if self.control_port == 0 and server is not None:
                    sockets = getattr(server, "sockets", None) or []
                    self.control_port = int(sockets[0].getsockname()[1])
        except BaseException:
            await self.stop()
            raise

    async def stop(self) -> None:
        """Stop everything; every timer is cancelled."""
        if self._control is not None:
            await self._control.cleanup()
            self._control = None
        for station in self.stations:
            await station.stop()
        self._started = False

    async def __aenter__(self) -> Simulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
