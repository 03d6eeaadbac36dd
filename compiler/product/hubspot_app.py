"""The HubSpot app the service connects with: API base, consent page, OAuth client, redirect."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import httpx

from compiler.hubspot.oauth_flow import default_authorize_url
from compiler.packs.load import load_pack
from compiler.resources import data_dir

CALLBACK_PATH = "/oauth/hubspot/callback"


@dataclass(frozen=True)
class HubSpotApp:
    base_url: str
    client_id: str
    client_secret: str = field(repr=False)
    public_url: str  # the service's origin, where HubSpot redirects back to
    authorize_url: str = ""
    # Tests hand in an in-process transport; the service talks over the network.
    transport: httpx.AsyncBaseTransport | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.authorize_url:
            object.__setattr__(self, "authorize_url", default_authorize_url(self.base_url))

    @property
    def redirect_uri(self) -> str:
        return self.public_url.rstrip("/") + CALLBACK_PATH


@dataclass(frozen=True)
class PackScopes:
    required: tuple[str, ...]
    optional: tuple[str, ...]


@lru_cache(maxsize=1)
def pack_scopes() -> PackScopes:
    """The HubSpot pack's scopes: standard objects (required), custom objects (optional)."""
    loaded = load_pack(data_dir("packs") / "hubspot")
    assert loaded.pack is not None, "the bundled HubSpot pack does not load"
    return PackScopes(tuple(loaded.pack.scopes.required), tuple(loaded.pack.scopes.optional))


CUSTOM_SCHEMA_SCOPE = "crm.schemas.custom.read"
