"""The optional model backend: an OpenAI-compatible or Anthropic HTTP API, via httpx.

Configured only by ``SKILLC_AUTHOR_MODEL`` (``openai:MODEL`` or ``anthropic:MODEL``), with
``SKILLC_AUTHOR_BASE_URL`` and ``SKILLC_AUTHOR_API_KEY``. The model gets the grammar, the
conventions and the slice of the schema the goal is about; its answer is compiled, and the
checker's diagnostics go back to it, at most ``MAX_ROUNDS`` times. Anything that goes wrong
(network, a bad answer, three rejected bindings) returns None so the offline engine answers.
The API key is sent in a header and never logged or echoed in an error.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from compiler.account.model import AccountSchema, ObjectSchema
from compiler.authoring.engine import diagnostics_json
from compiler.authoring.parse import Parsed, read_goal
from compiler.authoring.result import AuthorResult, Candidate
from compiler.authoring.vocab import vocabulary
from compiler.binding import compile_binding
from compiler.dsl.grammar import grammar_text
from compiler.proptypes import allowed_values

MAX_ROUNDS = 3
DEFAULT_BASE_URLS = {
    "openai": "https://api.openai.com/v1",
    "anthropic": "https://api.anthropic.com",
}
MAX_PROPERTIES = 120

Provider = Literal["openai", "anthropic"]


class ModelConfigError(ValueError):
    """SKILLC_AUTHOR_MODEL is set but cannot be used."""


@dataclass(frozen=True)
class ModelConfig:
    provider: Provider
    model: str
    base_url: str
    api_key: str | None = field(default=None, repr=False)
    timeout: float = 30.0

    @property
    def name(self) -> str:
        return f"{self.provider}:{self.model}"


def model_from_env(env: Mapping[str, str] | None = None) -> ModelConfig | None:
    """The configured model, or None (the offline engine) when SKILLC_AUTHOR_MODEL is unset."""
    env = os.environ if env is None else env
    spec = env.get("SKILLC_AUTHOR_MODEL", "").strip()
    if not spec:
        return None
    provider, _, model = spec.partition(":")
    if provider not in ("openai", "anthropic") or not model:
        raise ModelConfigError(
            f"SKILLC_AUTHOR_MODEL={spec!r}: expected openai:MODEL or anthropic:MODEL"
        )
    base = env.get("SKILLC_AUTHOR_BASE_URL", "").strip() or DEFAULT_BASE_URLS[provider]
    if not base.startswith(("http://", "https://")):
        raise ModelConfigError("SKILLC_AUTHOR_BASE_URL must be an http(s) URL")
    key = env.get("SKILLC_AUTHOR_API_KEY") or None
    return ModelConfig(provider, model, base.rstrip("/"), key)  # type: ignore[arg-type]


CONVENTIONS = """\
Conventions of a careful author:
- "latest / newest / most recent": order by the creation date descending (createdate, or the
  object's own creation-date property); "most recently updated": the last-modified date.
- A singular ("the caller's deal") is limit 1; "top 5" is limit 5; "all" is limit 200.
- Numbers in the goal are literals ("over" is >, "at least" is >=).
- Enumerations take option VALUES, never labels.
- "given by the agent", "a given X", "a particular X" is an input {x}; a named value is a literal.
- The caller's phone is matched with `matches {caller.phone}`; a find or create by phone also
  sets the phone. Other objects of the caller: `associated with contacts {caller.contact_id}`.
- "open" tickets/deals: the stage is in no closed stage of any pipeline (`not in (...)`).
- New tickets and deals start in the first stage of the pipeline named, or of the default one.
- "for the caller" / "link it to the caller" on a write: `associate contacts {caller.contact_id}`.
- `return` lists only fields the goal asks for beyond the defaults.
Answer with one JSON object and nothing else: {"binding": "...", "explanation": "one or two plain
sentences naming fields by their labels"}; or, when the goal is ambiguous, {"question": "...",
"candidates": ["...", "..."]}; or, when this account cannot do it, {"error": "what it lacks"}.
"""


def _object_slice(name: str, obj: ObjectSchema) -> dict[str, Any]:
    props = []
    for p in obj.properties:
        if p.hidden:
            continue
        item: dict[str, Any] = {"name": p.name, "label": p.label, "type": p.type}
        if p.read_only:
            item["readOnly"] = True
        values = allowed_values(obj, p) if p.type == "enumeration" else []
        if values:
            item["options"] = {v: label for v, label, hidden in values[:40] if not hidden}
        props.append(item)
        if len(props) >= MAX_PROPERTIES:
            break
    return {
        "name": name,
        "labels": obj.labels.model_dump(),
        "required": obj.requiredProperties,
        "properties": props,
        "pipelines": [
            {
                "id": pl.id,
                "label": pl.label,
                "stages": [
                    {"id": s.id, "label": s.label, "metadata": s.metadata} for s in pl.stages
                ],
            }
            for pl in obj.pipelines
        ],
    }


def schema_slice(schema: AccountSchema, goal: str, object_name: str | None) -> dict[str, Any]:
    """Every object's labels, and the full properties of the objects the goal names."""
    words = set(re.findall(r"[a-z]+", goal.lower()))
    # The object the offline reader settles on ("dogs" → pets) is always part of the slice.
    reading = read_goal(goal, vocabulary(schema), object_name)
    guessed = reading.frame.obj if isinstance(reading, Parsed) else None
    chosen = []
    for name, obj in schema.objects.items():
        names = {name, (obj.labels.singular or "").lower(), (obj.labels.plural or "").lower()}
        if name in (object_name, guessed, "contacts") or names & words:
            chosen.append(name)
    return {
        "objects": {n: o.labels.model_dump() for n, o in schema.objects.items()},
        "details": [_object_slice(n, schema.objects[n]) for n in chosen],
    }


def _post(
    client: httpx.Client, config: ModelConfig, system: str, messages: list[dict[str, str]]
) -> str:
    if config.provider == "openai":
        headers = {"content-type": "application/json"}
        if config.api_key:
            headers["authorization"] = f"Bearer {config.api_key}"
        body: dict[str, Any] = {
            "model": config.model,
            "temperature": 0,
            "messages": [{"role": "system", "content": system}, *messages],
        }
        resp = client.post(f"{config.base_url}/chat/completions", json=body, headers=headers)
        resp.raise_for_status()
        return str(resp.json()["choices"][0]["message"]["content"])
    headers = {"content-type": "application/json", "anthropic-version": "2023-06-01"}
    if config.api_key:
        headers["x-api-key"] = config.api_key
    body = {"model": config.model, "max_tokens": 1024, "system": system, "messages": messages}
    base = config.base_url
    url = f"{base}/messages" if base.endswith("/v1") else f"{base}/v1/messages"
    resp = client.post(url, json=body, headers=headers)
    resp.raise_for_status()
    parts = resp.json()["content"]
    return "".join(str(p.get("text", "")) for p in parts if isinstance(p, dict))


def _answer(text: str) -> dict[str, Any]:
    """The JSON object in a model's answer (a bare binding line counts as one)."""
    match = re.search(r"\{.*\}", text, re.S)
    if match:
        try:
            data = json.loads(match.group(0))
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict):
            return data
    line = text.strip().strip("`").strip()
    return {"binding": line} if line else {}


def author_with_model(
    goal: str,
    schema: AccountSchema,
    object_name: str | None,
    region: str | None,
    config: ModelConfig,
    *,
    client: httpx.Client | None = None,
) -> AuthorResult | None:
    system = (
        "You write bindings for skillc, one line each, in this grammar (Lark):\n"
        + grammar_text()
        + "\n"
        + CONVENTIONS
    )
    context = json.dumps(schema_slice(schema, goal, object_name), ensure_ascii=False)
    hint = f"\nThe goal is about the object `{object_name}`." if object_name else ""
    messages = [{"role": "user", "content": f"Account schema: {context}\n\nGoal: {goal}{hint}"}]
    own = client is None
    http = client or httpx.Client(timeout=config.timeout)
    try:
        for round_no in range(MAX_ROUNDS):
            try:
                reply = _post(http, config, system, messages)
            except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError):
                return None
            data = _answer(reply)
            if isinstance(data.get("question"), str):
                cands = data.get("candidates")
                labels = [str(c) for c in cands] if isinstance(cands, list) else []
                return AuthorResult(
                    ok=False,
                    question=data["question"],
                    candidates=[Candidate(label=lab) for lab in labels[:10]],
                    backend=config.name,
                )
            if isinstance(data.get("error"), str):
                return AuthorResult(
                    ok=False,
                    errors=[{"code": "not-possible", "message": data["error"]}],
                    backend=config.name,
                )
            binding = data.get("binding")
            if not isinstance(binding, str) or not binding.strip():
                return None
            result = compile_binding(binding, schema, default_region=region)
            if result.ok and result.plan is not None:
                explanation = data.get("explanation")
                return AuthorResult(
                    ok=True,
                    plan=result.plan.to_json(),
                    binding=binding.strip(),
                    explanation=explanation
                    if isinstance(explanation, str) and explanation.strip()
                    else "Written by the model and checked against this account's schema.",
                    confidence=round(0.85 - 0.15 * round_no, 2),
                    backend=config.name,
                )
            messages.append({"role": "assistant", "content": reply})
            messages.append(
                {
                    "role": "user",
                    "content": "The checker rejected that binding:\n"
                    + json.dumps(diagnostics_json(result.diagnostics), ensure_ascii=False)
                    + "\nAnswer again with a corrected binding, in the same JSON form.",
                }
            )
        return None
    finally:
        if own:
            http.close()
