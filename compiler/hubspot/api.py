"""HubSpot's API as skillc uses it: paths and typed answers, in one place over the client.

Modules above (runtime, interaction logging) call these functions and read pydantic models
instead of building paths and picking through JSON with ``isinstance``. Unknown fields are
ignored (HubSpot adds fields); a field skillc relies on that is missing or of the wrong type
raises ``UnexpectedAnswer`` (a ``HubSpotError``), so callers handle it with the other failures.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any, TypeVar
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from compiler.hubspot.client import HubSpotClient
from compiler.hubspot.errors import HubSpotError

ACCOUNT_DETAILS = "/account-info/v3/details"
CUSTOM_OBJECT_SCHEMAS = "/crm-object-schemas/v3/schemas"


def object_path(object_type: str) -> str:
    return f"/crm/v3/objects/{quote(object_type, safe='')}"


def record_path(object_type: str, record_id: str) -> str:
    return f"{object_path(object_type)}/{quote(record_id, safe='')}"


def search_path(object_type: str) -> str:
    return f"{object_path(object_type)}/search"


def batch_path(object_type: str, action: str) -> str:
    return f"{object_path(object_type)}/batch/{action}"


def associations_path(from_type: str, from_id: str, to_type: str) -> str:
    """v4 associations of one record to one object type (GET to list, PUT ``/{to_id}`` to add)."""
    return (
        f"/crm/v4/objects/{quote(from_type, safe='')}/{quote(from_id, safe='')}"
        f"/associations/{quote(to_type, safe='')}"
    )


def association_batch_read_path(from_type: str, to_type: str) -> str:
    return f"/crm/v4/associations/{quote(from_type, safe='')}/{quote(to_type, safe='')}/batch/read"


def properties_path(object_type: str) -> str:
    return f"/crm/v3/properties/{quote(object_type, safe='')}"


def pipelines_path(object_type: str) -> str:
    return f"/crm/v3/pipelines/{quote(object_type, safe='')}"


def association_labels_path(from_type: str, to_type: str) -> str:
    """v4 association types (labelled or not) from one object type to another."""
    return f"/crm/v4/associations/{quote(from_type, safe='')}/{quote(to_type, safe='')}/labels"


def token_info_path(token: str) -> str:
    # The token is part of the path: the client redacts it from any text it builds.
    return f"/oauth/v1/access-tokens/{token}"


class UnexpectedAnswer(HubSpotError):
    """HubSpot answered 2xx with a body that lacks what skillc relies on.

    ``where`` is the location of the first problem (``("results", 0, "typeId")``), so a caller
    can tell a malformed list from a malformed item.
    """

    def __init__(self, message: str, where: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.where = where


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")


class AccountDetails(_Answer):
    portal_id: int = Field(alias="portalId")


class CrmRecord(_Answer):
    id: str
    properties: dict[str, Any] = Field(default_factory=dict)
    created_at: str | None = Field(default=None, alias="createdAt")
    updated_at: str | None = Field(default=None, alias="updatedAt")
    archived: bool = False
    object_write_trace_id: str | None = Field(default=None, alias="objectWriteTraceId")


class BatchError(_Answer):
    category: str | None = None
    context: dict[str, Any] = Field(default_factory=dict)

    def trace_ids(self) -> list[str]:
        """The ``objectWriteTraceId`` of the inputs this error refused."""
        traces = self.context.get("objectWriteTraceId")
        return [str(t) for t in traces] if isinstance(traces, list) else []


class BatchAnswer(_Answer):
    results: list[CrmRecord] = Field(default_factory=list)
    errors: list[BatchError] = Field(default_factory=list)


class AssociationType(_Answer):
    type_id: int = Field(alias="typeId")
    category: str | None = None


class AssociationTarget(_Answer):
    to_object_id: str = Field(alias="toObjectId")
    association_types: list[AssociationType] = Field(default_factory=list, alias="associationTypes")

    def links(self) -> set[tuple[str, int]]:
        return {(self.to_object_id, t.type_id) for t in self.association_types}


class _FromId(_Answer):
    id: str


class AssociationBatchResult(_Answer):
    from_: _FromId = Field(alias="from")
    to: list[AssociationTarget] = Field(default_factory=list)


class AssociationBatchAnswer(_Answer):
    results: list[AssociationBatchResult] = Field(default_factory=list)


class TokenInfo(_Answer):
    hub_id: int | str


class RawList(_Answer):
    """A list answer whose items skillc keeps as HubSpot returned them (the discovered schema
    stores HubSpot's own shapes), minus the archived ones."""

    results: list[dict[str, Any]]

    def live(self) -> list[dict[str, Any]]:
        return [item for item in self.results if not item.get("archived")]


class CustomObjectSchema(_Answer):
    """What skillc reads from one custom object schema (the rest is stored as returned)."""

    name: str
    object_type_id: str = Field(alias="objectTypeId")
    fully_qualified_name: str | None = Field(default=None, alias="fullyQualifiedName")


class _PipelineStages(_Answer):
    stages: list[dict[str, Any]] | None = None


class AssociationLabel(_Answer):
    type_id: StrictInt = Field(alias="typeId")
    category: str | None = "HUBSPOT_DEFINED"
    label: str | None = None


class AssociationLabels(_Answer):
    results: list[AssociationLabel]


M = TypeVar("M", bound=BaseModel)


class AssociationPage(_Answer):
    results: list[AssociationTarget] = Field(default_factory=list)


def association_page(raw: Any, path: str) -> list[AssociationTarget]:
    """One page of ``GET`` :func:`associations_path` (as read by a caller's own client)."""
    return _parse(AssociationPage, raw, path).results


def _parse(model: type[M], raw: Any, what: str) -> M:
    try:
        return model.model_validate(raw if raw is not None else {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise UnexpectedAnswer(
            f"{what}: unexpected answer at {where} ({first['msg']})", tuple(first["loc"])
        ) from None


async def portal_id(client: HubSpotClient) -> str:
    """The HubSpot account (portal) id the client's token belongs to."""
    raw = await client.request("GET", ACCOUNT_DETAILS)
    return str(_parse(AccountDetails, raw, ACCOUNT_DETAILS).portal_id)


async def get_record(
    client: HubSpotClient, object_type: str, record_id: str, properties: Iterable[str]
) -> CrmRecord:
    path = record_path(object_type, record_id)
    raw = await client.request("GET", path, params={"properties": ",".join(properties)})
    return _parse(CrmRecord, raw, path)


async def create_record(
    client: HubSpotClient, object_type: str, properties: dict[str, str]
) -> CrmRecord:
    path = object_path(object_type)
    raw = await client.request("POST", path, json={"properties": properties})
    return _parse(CrmRecord, raw, path)


async def batch_read(
    client: HubSpotClient, object_type: str, ids: list[str], properties: list[str]
) -> BatchAnswer:
    path = batch_path(object_type, "read")
    raw = await client.request(
        "POST", path, json={"inputs": [{"id": i} for i in ids], "properties": properties}
    )
    return _parse(BatchAnswer, raw, path)


async def batch_create(
    client: HubSpotClient, object_type: str, inputs: list[dict[str, Any]]
) -> BatchAnswer:
    path = batch_path(object_type, "create")
    raw = await client.request("POST", path, json={"inputs": inputs})
    return _parse(BatchAnswer, raw, path)


async def search_page(
    client: HubSpotClient, object_type: str, body: dict[str, Any]
) -> list[CrmRecord]:
    path = search_path(object_type)
    raw = await client.request("POST", path, json=body)
    return _parse(BatchAnswer, raw, path).results


async def search_all(
    client: HubSpotClient, object_type: str, body: dict[str, Any], *, limit: int = 200
) -> AsyncIterator[CrmRecord]:
    path = search_path(object_type)
    async for raw in client.paginate("POST", path, json=body, limit=limit):
        yield _parse(CrmRecord, raw, path)


async def associations(
    client: HubSpotClient, from_type: str, from_id: str, to_type: str
) -> AsyncIterator[AssociationTarget]:
    path = associations_path(from_type, from_id, to_type)
    async for raw in client.paginate("GET", path, limit=500):
        yield _parse(AssociationTarget, raw, path)


async def associate(
    client: HubSpotClient, from_type: str, from_id: str, to_type: str, to_id: str, type_id: int
) -> None:
    path = f"{associations_path(from_type, from_id, to_type)}/{quote(to_id, safe='')}"
    await client.request(
        "PUT",
        path,
        json=[{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id}],
    )


async def association_batch_read(
    client: HubSpotClient, from_type: str, to_type: str, ids: list[str]
) -> AssociationBatchAnswer:
    path = association_batch_read_path(from_type, to_type)
    raw = await client.request("POST", path, json={"inputs": [{"id": i} for i in ids]})
    return _parse(AssociationBatchAnswer, raw, path)


async def token_hub_id(client: HubSpotClient, token: str) -> str:
    """The account id behind ``token``, by token introspection (OAuth access tokens only)."""
    path = token_info_path(token)
    raw = await client.request("GET", path)
    return str(_parse(TokenInfo, raw, "token introspection").hub_id)


async def custom_object_schemas(client: HubSpotClient) -> list[dict[str, Any]]:
    """The account's live custom object schemas, as returned; see :func:`custom_object_schema`."""
    raw = await client.request("GET", CUSTOM_OBJECT_SCHEMAS)
    return _parse(RawList, raw, CUSTOM_OBJECT_SCHEMAS).live()


def custom_object_schema(raw: dict[str, Any]) -> CustomObjectSchema:
    return _parse(CustomObjectSchema, raw, CUSTOM_OBJECT_SCHEMAS)


async def properties(client: HubSpotClient, object_type: str) -> list[dict[str, Any]]:
    """An object type's live property definitions, as returned."""
    path = properties_path(object_type)
    raw = await client.request("GET", path)
    return _parse(RawList, raw, path).live()


async def pipelines(client: HubSpotClient, object_type: str) -> list[dict[str, Any]]:
    """An object type's live pipelines, as returned but with their archived stages left out."""
    path = pipelines_path(object_type)
    raw = await client.request("GET", path)
    found = _parse(RawList, raw, path).live()
    for pipeline in found:
        stages = _parse(_PipelineStages, pipeline, path).stages
        if stages is not None:
            pipeline["stages"] = [s for s in stages if not s.get("archived")]
    return found


async def association_labels(
    client: HubSpotClient, from_type: str, to_type: str
) -> list[AssociationLabel]:
    path = association_labels_path(from_type, to_type)
    raw = await client.request("GET", path)
    return _parse(AssociationLabels, raw, path).results
