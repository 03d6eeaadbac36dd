"""A body that is not JSON is answered after the key and the scope (FastAPI reads the body
before a route's dependencies): 401 without a key, 403 without the scope, else a 422 saying
where reading stopped."""

from __future__ import annotations

from service_fixtures import Service, service
from store_fixtures import databases, store_url

from compiler.product.accounts import SCOPES

__all__ = ["databases", "service", "store_url"]

MALFORMED = b'{"name":\n  "x",}'
JSON = {"content-type": "application/json"}
ROUTES = [
    ("POST", "/agents", "agents:write"),
    ("PATCH", "/integrations/hubspot/writeback", "integrations:write"),
    ("POST", "/integrations/hubspot/connect", "integrations:connect"),
    ("POST", "/agents/agt_x/integrations/hubspot/bindings", "skills:write"),
    ("POST", "/agents/agt_x/skills/find_contact/call", "skills:execute"),
]


def test_a_malformed_body_needs_a_key_and_the_scope_first(service: Service) -> None:
    for method, path, scope in ROUTES:
        with service.api() as anonymous:
            answer = anonymous.request(method, path, content=MALFORMED, headers=JSON)
        assert answer.status_code == 401, (method, path, answer.text)
        with service.api(service.key(*[s for s in SCOPES if s != scope])) as api:
            refused = api.request(method, path, content=MALFORMED, headers=JSON)
        assert refused.status_code == 403, (method, path, refused.text)
        assert refused.json()["error"]["details"]["requiredScope"] == scope


def test_a_malformed_body_says_where_reading_stopped(service: Service) -> None:
    with service.api(service.key()) as api:
        answer = api.post("/agents", content=MALFORMED, headers=JSON)
        assert answer.status_code == 422
        error = answer.json()["error"]
        (detail,) = error["details"]
        assert (detail["path"], detail["line"], detail["col"]) == ("(body)", 2, 7)
        assert "invalid JSON at line 2, col 7" in error["message"]
        assert api.get("/agents").json()["data"] == []
