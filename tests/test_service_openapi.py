"""schemathesis against the served OpenAPI document: no 500s, responses match the schema.

A short run (a few examples per operation), with a full-scope key and a connected account, so
most operations get past authentication and reach the product code.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from service_fixtures import Service, connect, service
from store_fixtures import databases, store_url

__all__ = ["databases", "service", "store_url"]


def test_api_conforms_to_its_openapi(service: Service) -> None:
    connect(service)
    key = service.key()
    loaded = schemathesis.openapi.from_url(service.base_url + "/api/v1/openapi.json")
    checks = (
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    )
    operations = [result.ok() for result in loaded.get_all_operations()]
    assert len(operations) >= 18

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
        def conforms(case: Any) -> None:
            response = case.call(headers={"Authorization": f"Bearer {key}"}, timeout=60)
            case.validate_response(response, checks=checks)

        conforms()
