"""The main job, end to end on the embedded default: simulated HubSpot account → discover →
compile the HubSpot pack → install into an agent → one scripted call through the runtime.

``run_demo`` prints one line per step (with the HTTP requests the step made) and raises
:class:`DemoFailure` with the reason when a step does not do what the script expects.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.account import AccountSchema, SchemaLoadError, parse_schema
from compiler.hubspot import HubSpotClient
from compiler.hubspot.discovery import DiscoveryError, discover
from compiler.hubspot.errors import HubSpotError
from compiler.packs.install import FileAgentStore, InstallError, install
from compiler.packs.load import PackLoadError
from compiler.resources import data_dir
from compiler.runtime.conversation import Caller, Conversation
from compiler.runtime.results import CallResult, HttpCall, Ok
from compiler.runtime.runtime import Runtime

SAMPLE = "harbor_vet"
ACCOUNT_LABEL = "Harbor Vet (HubSpot)"
CALLER_PHONE = "+1 (617) 555-0123"  # Maria Lopez, the returning caller of the sample
NEW_EMAIL = "maria.lopez@harbormail.example"
OTHER_CONTACT = "102"  # someone else's record: a verified caller still may not change it


class DemoFailure(Exception):
    pass


@dataclass
class DemoReport:
    steps: int = 0
    requests: int = 0
    lines: list[str] = field(default_factory=list)


Printer = Callable[[str], None]


class _Trace:
    def __init__(self, out: Printer, report: DemoReport) -> None:
        self.out = out
        self.report = report

    def step(self, label: str, text: str, requests: Sequence[HttpCall] | None = None) -> None:
        """One line; ``requests`` given (even empty) for runtime calls: what went to HubSpot."""
        self.report.steps += 1
        line = f"[{self.report.steps:>2}] {label:<15} {text}"
        if requests is not None:
            self.report.requests += len(requests)
            shown = "; ".join(str(r) for r in requests) or "nothing sent to HubSpot"
            line += f"   [{shown}]"
        self.emit(line)

    def say(self, who: str, text: str) -> None:
        self.emit(f"     {who:>6}: {text}")

    def emit(self, line: str) -> None:
        self.report.lines.append(line)
        self.out(line)


def _expect(result: CallResult, status: str, what: str) -> Any:
    if result.status != status:
        detail = getattr(result, "reason", None) or result.to_json()
        raise DemoFailure(f"{what}: expected {status}, got {result.status} ({detail})")
    return result


async def _discover(client: HubSpotClient, trace: _Trace) -> AccountSchema:
    before = client.request_count
    raw = await discover(client, account_label=ACCOUNT_LABEL, region="US")
    try:
        schema = parse_schema(raw)
    except SchemaLoadError as exc:
        raise DemoFailure(f"discovery returned a schema the compiler rejects: {exc}") from None
    objects = ", ".join(sorted(schema.objects))
    trace.step(
        "discover",
        f"account {schema.account.id}: {objects}; {client.request_count - before} HTTP requests",
    )
    return schema


def _compile_and_install(schema: AccountSchema, workdir: Path, trace: _Trace) -> Path:
    from compiler.packs.compile import compile_pack

    compiled = compile_pack(data_dir("packs") / "hubspot", schema)
    if not compiled.ok:
        first = next((str(d) for d in compiled.diagnostics), "unknown problem")
        raise DemoFailure(f"the HubSpot pack does not compile for this account: {first}")
    out_dir = workdir / "compiled"
    out_dir.mkdir()
    for name, data in compiled.files().items():
        (out_dir / name).write_bytes(data)
    pack = compiled.pack
    trace.step(
        "compile",
        f"pack {pack.name if pack else '?'} {pack.version if pack else ''}: "
        f"{len(compiled.artifacts)} skills ({', '.join(compiled.artifacts)})",
    )
    agent_dir = workdir / "agent"
    outcomes = install(out_dir, FileAgentStore(agent_dir))
    created = sum(1 for o in outcomes if o.created)
    trace.step("install", f"{len(outcomes)} skills into {agent_dir} ({created} new)")
    return agent_dir


async def _scripted_call(runtime: Runtime, sim: Any, trace: _Trace) -> None:
    conversation = Conversation(id="demo-call-1", caller=Caller(phone=CALLER_PHONE))
    trace.step("call", f"incoming call from {CALLER_PHONE}")

    found = _expect(await runtime.call("find_contact", {}, conversation), "ok", "find_contact")
    assert isinstance(found, Ok)
    if found.record is None:
        raise DemoFailure("find_contact: the returning caller was not recognised")
    first = found.record.properties.get("firstname") or "there"
    last = found.record.properties.get("lastname") or ""
    trace.step("find_contact", f"ok: contact {found.record.id} {first} {last}", found.requests)
    trace.say("agent", f"Hi {first}!")
    conversation.caller.contact_id = found.record.id

    ticket_args = {
        "subject": "Biscuit limping again",
        "details": "Biscuit is limping again after long walks; Maria would like an exam this week.",
    }
    trace.say("caller", "Biscuit is limping again, can someone look at him this week?")
    ask = _expect(
        await runtime.call("create_ticket", ticket_args, conversation),
        "needs_confirmation",
        "create_ticket",
    )
    trace.step("create_ticket", f"needs_confirmation: {ask.prompt}", ask.requests)
    trace.say("caller", "Yes, please.")
    made = _expect(
        await runtime.call("create_ticket", ticket_args, conversation, confirmation=ask.token),
        "ok",
        "create_ticket (confirmed)",
    )
    trace.step("create_ticket", f"ok: ticket {made.record.id} created", made.requests)
    if made.text:
        trace.say("agent", made.text)

    update_args = {"contact_id": found.record.id, "email": NEW_EMAIL}
    trace.say("caller", f"Also, my email changed to {NEW_EMAIL}.")
    refused = _expect(
        await runtime.call("update_contact", update_args, conversation),
        "needs_verification",
        "update_contact (unverified)",
    )
    trace.step("update_contact", f"needs_verification: {refused.reason}", refused.requests)
    trace.say("agent", "Before I change that, can you confirm your date of birth?")
    conversation.verified_identity = found.record.id
    trace.step("verify", f"caller verified as contact {found.record.id} (simulated check)")
    other = {"contact_id": OTHER_CONTACT, "email": NEW_EMAIL}
    not_theirs = _expect(
        await runtime.call("update_contact", other, conversation),
        "refused",
        "update_contact (someone else's record)",
    )
    trace.step("update_contact", f"refused: {not_theirs.reason}", not_theirs.requests)
    ask = _expect(
        await runtime.call("update_contact", update_args, conversation),
        "needs_confirmation",
        "update_contact (verified)",
    )
    trace.step("update_contact", f"needs_confirmation: {ask.prompt}", ask.requests)
    trace.say("caller", "That's right.")
    done = _expect(
        await runtime.call("update_contact", update_args, conversation, confirmation=ask.token),
        "ok",
        "update_contact (confirmed)",
    )
    stored = sim.store.get("contacts", found.record.id)
    email = (stored or {}).get("properties", {}).get("email")
    if email != NEW_EMAIL:
        raise DemoFailure(f"update_contact: HubSpot holds {email!r}, expected {NEW_EMAIL!r}")
    trace.step(
        "update_contact", f"ok: contact {done.record.id} email is now {email}", done.requests
    )


async def run_demo(out: Printer = print) -> DemoReport:
    """Run the demo; every line goes to ``out``. Raises DemoFailure with the reason."""
    from compiler.simulator import BASE_URL, Simulator

    report = DemoReport()
    trace = _Trace(out, report)
    sim = Simulator.from_sample(SAMPLE)
    trace.step("simulator", f"HubSpot account {SAMPLE!r} simulated in-process at {BASE_URL}")
    async with HubSpotClient(BASE_URL, sim.access_token, transport=sim.transport()) as client:
        try:
            schema = await _discover(client, trace)
        except (DiscoveryError, HubSpotError) as exc:
            raise DemoFailure(f"discovery failed: {exc}") from None
        with tempfile.TemporaryDirectory(prefix="skillc-demo-") as tmp:
            try:
                agent_dir = _compile_and_install(schema, Path(tmp), trace)
            except (InstallError, PackLoadError) as exc:
                raise DemoFailure(f"the HubSpot pack could not be installed: {exc}") from None
            runtime = Runtime.from_agent_dir(agent_dir, client)
            if runtime.refusals:
                name, (_code, reason) = next(iter(runtime.refusals.items()))
                raise DemoFailure(f"installed skill {name} is refused: {reason}")
            await _scripted_call(runtime, sim, trace)
    trace.emit(f"done: {report.steps} steps; the call sent {report.requests} requests to HubSpot")
    return report
