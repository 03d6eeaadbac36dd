"""Run filled steps against the CRM: the client seam, request tracing, phone matching, records."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from compiler.hubspot.errors import HubSpotError
from compiler.identity.phone import e164_or_none
from compiler.runtime.errors import UnexpectedAnswer
from compiler.runtime.results import HttpCall, Record
from compiler.runtime.slots import FilledSearch


class CrmClient(Protocol):
    """What the runtime needs of ``compiler.hubspot.HubSpotClient``."""

    async def request(
        self, method: str, path: str, *, json: Any = None, idempotent: bool | None = None
    ) -> Any: ...


class TracedClient:
    """Records each request of one call (method, path, outcome; never bodies)."""

    def __init__(self, client: CrmClient) -> None:
        self._client = client
        self.calls: list[HttpCall] = []

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        idempotent: bool | None = None,
        shown: str | None = None,
    ) -> Any:
        """``shown``: the path as traced, when the real one holds personal data (an email)."""
        traced = shown or path
        try:
            data = await self._client.request(method, path, json=json, idempotent=idempotent)
        except HubSpotError as exc:
            self.calls.append(HttpCall(method=method, path=traced, outcome=type(exc).__name__))
            raise
        self.calls.append(HttpCall(method=method, path=traced))
        return data

    async def request_object(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        idempotent: bool | None = None,
        record: bool = False,
        shown: str | None = None,
    ) -> dict[str, Any]:
        """A request whose answer must be a JSON object (with an ``id`` when ``record``)."""
        data = await self.request(method, path, json=json, idempotent=idempotent, shown=shown)
        if not isinstance(data, dict) or (record and not isinstance(data.get("id"), str | int)):
            what = "a record" if record else "a JSON object"
            raise UnexpectedAnswer(
                f"expected {what} in the answer", status=None, method=method, path=path
            )
        return data


class SearchOutcome:
    def __init__(self, records: list[dict[str, Any]], ambiguous: bool) -> None:
        self.records = records
        self.ambiguous = ambiguous


def _timestamp(record: dict[str, Any]) -> float:
    props = record.get("properties") or {}
    for raw in (
        record.get("updatedAt"),
        props.get("lastmodifieddate"),
        props.get("hs_lastmodifieddate"),
    ):
        if isinstance(raw, str) and raw:
            try:
                return datetime.fromisoformat(raw.replace("Z", "+00:00")).timestamp()
            except ValueError:
                if raw.isdigit():
                    return int(raw) / 1000.0
    return 0.0


def phone_matches(record: dict[str, Any], checks: list[list[tuple[str, str]]], region: str) -> bool:
    """True when, for some group, every (property, E.164) check holds for the stored value."""
    props = record.get("properties") or {}
    for group in checks:
        if group and all(e164_or_none(props.get(p), region) == want for p, want in group):
            return True
    return False


async def run_search(client: TracedClient, search: FilledSearch, region: str) -> SearchOutcome:
    data = await client.request_object("POST", search.path, json=search.body, idempotent=True)
    found = data.get("results")
    results = (
        [r for r in found if isinstance(r, dict) and "id" in r] if isinstance(found, list) else []
    )
    if search.phone_checks is not None:
        checks = search.phone_checks
        # A group without phone checks (plain filters OR-ed with a `matches`) was answered
        # exactly by HubSpot; without knowing which group a record met, keep them all.
        if all(checks):
            results = [r for r in results if phone_matches(r, checks, region)]
    if search.result == "one":
        if len(results) <= 1:
            return SearchOutcome(results, ambiguous=False)
        newest = max(results, key=_timestamp)
        return SearchOutcome([newest], ambiguous=True)
    if search.limit is not None:
        results = results[: search.limit]
    return SearchOutcome(results, ambiguous=False)


def to_record(raw: dict[str, Any], object_name: str, wanted: list[str]) -> Record:
    props = raw.get("properties") or {}
    if wanted:
        props = {name: props.get(name) for name in wanted}
    return Record(
        id=str(raw.get("id")),
        object=object_name,
        properties={k: (None if v is None else str(v)) for k, v in props.items()},
        updatedAt=raw.get("updatedAt") if isinstance(raw.get("updatedAt"), str) else None,
    )
