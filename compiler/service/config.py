"""What one service process needs to know; passed to worker processes as one env variable."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass

from compiler.product.hubspot_app import HubSpotApp

CONFIG_ENV = "SKILLC_SERVE_CONFIG"
CLIENT_ID_ENV = "SKILLC_HUBSPOT_CLIENT_ID"
CLIENT_SECRET_ENV = "SKILLC_HUBSPOT_CLIENT_SECRET"  # read from the environment, never passed on


@dataclass(frozen=True)
class ServiceConfig:
    database_url: str
    public_url: str
    hubspot_base_url: str
    authorize_url: str
    client_id: str

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> ServiceConfig:
        return cls(**json.loads(os.environ[CONFIG_ENV]))

    def hubspot_app(self) -> HubSpotApp:
        return HubSpotApp(
            base_url=self.hubspot_base_url,
            client_id=self.client_id,
            client_secret=os.environ.get(CLIENT_SECRET_ENV, ""),
            public_url=self.public_url,
            authorize_url=self.authorize_url,
        )
