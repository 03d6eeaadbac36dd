"""A faithful HubSpot simulator for tests and the demo (in-process ASGI or real loopback HTTP).

Built against HubSpot's OpenAPI specs and ``shared/hubspot/FACTS.md``: the legacy v3/v4 CRM
paths, search with HubSpot's operators and limits, validation, OAuth, rate limits and faults.
"""

from compiler.simulator.faults import FaultSpec, FaultSpecError
from compiler.simulator.ratelimit import RateLimits
from compiler.simulator.seed import SeedError
from compiler.simulator.server import RunningServer, serve
from compiler.simulator.simulator import BASE_URL, Simulator

__all__ = [
    "BASE_URL",
    "FaultSpec",
    "FaultSpecError",
    "RateLimits",
    "RunningServer",
    "SeedError",
    "Simulator",
    "serve",
]
