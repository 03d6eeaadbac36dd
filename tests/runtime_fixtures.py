"""Helpers for the runtime tests: skill artifacts (committed fixtures), digests, counting clients.

The fixture artifacts in ``tests/fixtures/runtime/`` were compiled from the bindings in ``SKILLS``
against the harbor_vet sample (``python -m tests.runtime_fixtures`` rewrites them); the tests read
the files, so a change in the binding compiler does not silently change what the runtime is
tested with.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from compiler.runtime.artifact import compute_digest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "runtime"

# name -> (binding, returned properties, templates)
SKILLS: dict[str, tuple[str, list[str], dict[str, str | None]]] = {
    "find_contact": (
        "search contacts where phone matches {caller.phone} or mobilephone matches {caller.phone}"
        " order by lastmodifieddate desc limit 1 return firstname, lastname, email",
        ["firstname", "lastname", "email"],
        {
            "confirmation": None,
            "result": "{% if record %}Hi {{ record.firstname }}!"
            "{% else %}Hello! I don't think we have spoken before.{% endif %}",
        },
    ),
    "find_contact_by_phone": (
        "search contacts where phone matches {phone} or mobilephone matches {phone}"
        " order by lastmodifieddate desc limit 1 return firstname, lastname, phone",
        ["firstname", "lastname", "phone"],
        {"confirmation": None, "result": None},
    ),
    "search_contacts": (
        "search contacts where email = {email?} or lastname = {last_name?} limit 5"
        " return firstname, lastname, email",
        ["firstname", "lastname", "email"],
        {"confirmation": None, "result": None},
    ),
    "find_company_by_phone": (
        "search companies where phone matches {phone} limit 3 return name, phone",
        ["name", "phone"],
        {"confirmation": None, "result": None},
    ),
    "find_tickets": (
        "search tickets where associated with contacts {caller.contact_id}"
        " order by createdate desc limit 5 return subject, hs_pipeline_stage",
        ["subject", "hs_pipeline_stage"],
        {"confirmation": None, "result": None},
    ),
    "create_contact": (
        "find or create contacts by phone matches {caller.phone}"
        " set firstname = {first_name}, lastname = {last_name?}, email = {email?}",
        ["firstname", "lastname", "email", "phone"],
        {
            "confirmation": "Shall I save you as {{ first_name }}"
            "{% if last_name is defined %} {{ last_name }}{% endif %}?",
            "result": "{% if created %}Saved.{% else %}Welcome back, "
            "{{ record.firstname }}.{% endif %}",
        },
    ),
    "update_contact": (
        "update contacts {contact_id} set email = {email?}, firstname = {first_name?},"
        " lastname = {last_name?}",
        ["firstname", "lastname", "email"],
        {
            "confirmation": "Shall I update your details"
            "{% if email is defined %} to the email {{ email }}{% endif %}?",
            "result": None,
        },
    ),
    "create_ticket": (
        'create tickets set subject = {subject}, content = {details}, hs_pipeline = "0",'
        ' hs_pipeline_stage = "1", hs_ticket_priority = {priority?}'
        " associate contacts {caller.contact_id}",
        ["subject", "hs_pipeline_stage"],
        {
            "confirmation": "Shall I open a ticket about {{ subject }}?",
            "result": "I've opened ticket {{ record.id }} about {{ record.subject }}.",
        },
    ),
    "update_ticket": (
        "update tickets {ticket_id} set subject = {subject?}",
        ["subject"],
        {"confirmation": "Shall I rename the ticket to {{ subject }}?", "result": None},
    ),
}


def with_digest(artifact: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in artifact.items() if k != "digest"}
    out["digest"] = compute_digest(out)
    return out


def build(name: str) -> dict[str, Any]:
    """Compile one of ``SKILLS`` into an artifact (needs the binding compiler)."""
    from compiler.account import load_schema
    from compiler.binding import compile_binding
    from compiler.resources import samples_dir

    schema = load_schema(samples_dir() / "harbor_vet.schema.json")
    binding, returns, templates = SKILLS[name]
    result = compile_binding(binding, schema)
    assert result.plan is not None, [str(d) for d in result.diagnostics]
    plan = result.plan.to_json()
    write = plan["kind"] != "search"
    shape = "many" if not write and plan["steps"][0].get("result") == "many" else "one"
    return with_digest(
        {
            "format": "skillc.artifact/1",
            "name": name,
            "description": f"test skill {name}",
            "pack": {"name": "runtime-tests", "version": "0.0.0"},
            "account": {"id": schema.account.id, "label": schema.account.label},
            "schemaFingerprint": schema.fingerprint or "",
            "compilerVersion": "test",
            "kind": "write" if write else "read",
            "operation": plan["kind"],
            "object": plan["object"],
            "parameters": plan["parameters"],
            "context": plan["context"],
            "flags": {
                "gated": write,
                "confirm": write,
                "serial": write,
                "requires_verified_identity": plan["kind"] == "update",
            },
            "phoneRegion": schema.account.defaultRegion,
            "steps": plan["steps"],
            "result": {"shape": shape, "properties": returns},
            "templates": templates,
            "source": {"file": "tests/runtime_fixtures.py", "line": 1, "col": 1},
        }
    )


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return data


def load_all() -> list[dict[str, Any]]:
    return [load(name) for name in SKILLS]


def install(agent_dir: Path, artifacts: list[dict[str, Any]]) -> Path:
    skills = agent_dir / "draft" / "skills"
    skills.mkdir(parents=True, exist_ok=True)
    for artifact in artifacts:
        text = json.dumps(artifact, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        (skills / f"{artifact['name']}.json").write_text(text, encoding="utf-8")
    return agent_dir


class CountingClient:
    """Records every request and answers from ``answers`` ((method, path) -> JSON) or fails."""

    def __init__(self, answers: dict[tuple[str, str], Any] | None = None) -> None:
        self.answers = answers or {}
        self.sent: list[tuple[str, str, Any]] = []

    async def request(
        self, method: str, path: str, *, json: Any = None, idempotent: bool | None = None
    ) -> Any:
        self.sent.append((method, path, json))
        if (method, path) in self.answers:
            return self.answers[(method, path)]
        raise AssertionError(f"unexpected request {method} {path}")


def main() -> int:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name in SKILLS:
        text = json.dumps(build(name), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        (FIXTURES / f"{name}.json").write_text(text, encoding="utf-8")
        print(f"wrote {FIXTURES / name}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def simulator(**options: Any) -> Any:
    """The harbor_vet simulator with rate limits off unless given."""
    from compiler.simulator import RateLimits, Simulator

    options.setdefault("rate_limits", RateLimits(enabled=False))
    return Simulator.from_sample("harbor_vet", **options)


def sim_client(sim: Any) -> Any:
    """A HubSpotClient talking to ``sim`` in-process."""
    from compiler.hubspot import HubSpotClient
    from compiler.simulator import BASE_URL

    return HubSpotClient(BASE_URL, sim.access_token, transport=sim.transport())
