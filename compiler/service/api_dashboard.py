"""``/api/v1`` routes the dashboard needs: disconnect HubSpot, and a user's own API keys.

Keys are listed and revoked for the user the calling key belongs to (never another user's); the
list never holds a key, only its id, name, scopes and creation time.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from compiler.product import keys
from compiler.product.accounts import Principal
from compiler.product.disconnect import disconnect
from compiler.service.api import ERRORS, Data, _app, scoped
from compiler.service.auth import key_of, store_of

router = APIRouter(prefix="/api/v1", responses=ERRORS)


@router.delete("/integrations/hubspot", response_model=Data)
async def disconnect_hubspot(
    request: Request, p: Principal = scoped("integrations:connect")
) -> Data:
    """Revoke the HubSpot token at HubSpot and forget it; agents and settings stay."""
    return Data(data=await disconnect(store_of(request), _app(request), p.workspace_id))


@router.get("/keys", response_model=Data)
def list_keys(request: Request, p: Principal = Depends(key_of)) -> Data:
    """The calling user's API keys (never the keys themselves)."""
    return Data(data=keys.list_keys(store_of(request), p))


@router.delete("/keys/{keyId}", response_model=Data)
def revoke_key(request: Request, keyId: str, p: Principal = Depends(key_of)) -> Data:
    """Revoke one of the calling user's API keys (it stops working at once)."""
    return Data(data=keys.revoke_key(store_of(request), p, keyId))
