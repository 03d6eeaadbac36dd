"""``/api/v1/agents/{agentId}/drift`` and ``/scopes``: will the agent's skills keep working;
thin shells over :mod:`compiler.product.health`."""

from __future__ import annotations

from fastapi import APIRouter, Request

from compiler.product import health
from compiler.product.accounts import Principal
from compiler.product.hubspot_app import HubSpotApp
from compiler.service.api import ERRORS, Data, scoped
from compiler.service.auth import store_of

router = APIRouter(prefix="/api/v1", responses=ERRORS)


def _app(request: Request) -> HubSpotApp:
    app: HubSpotApp = request.app.state.hubspot_app
    return app


@router.get("/agents/{agentId}/drift", response_model=Data)
async def get_drift(request: Request, agentId: str, p: Principal = scoped("agents:read")) -> Data:
    """Re-discover the account and re-check every published skill: ``ok``, ``stale`` or
    ``broken``, each finding with its reason and position."""
    report = await health.agent_drift(store_of(request), _app(request), p, agentId)
    return Data(data=report)


@router.get("/agents/{agentId}/scopes", response_model=Data)
def get_scopes(request: Request, agentId: str, p: Principal = scoped("agents:read")) -> Data:
    """The scopes the agent's skills need, those the connection lacks, and a re-consent URL."""
    return Data(data=health.agent_scopes(store_of(request), _app(request), p, agentId))
