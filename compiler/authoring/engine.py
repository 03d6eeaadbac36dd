"""``author``: a plain-language goal → a binding the checker accepts, or a question, or errors.

Every binding that leaves this module has been compiled by ``compile_binding`` against the
account's schema; a candidate the checker rejects is repaired from its diagnostics (at most
``MAX_REPAIRS`` times) or turned into errors, never returned.
"""

from __future__ import annotations

import re
from dataclasses import replace

from compiler.account.model import AccountSchema
from compiler.authoring.explain import explain
from compiler.authoring.frame import Cond, Frame, Val, param, render
from compiler.authoring.parse import Failure, Parsed, Question, param_name, read_goal
from compiler.authoring.result import Alternative, AuthorResult, Candidate, error_result
from compiler.authoring.vocab import vocabulary
from compiler.binding import BindingResult, compile_binding
from compiler.diagnostics import Diagnostic

MAX_GOAL_CHARS = 2000
MAX_REPAIRS = 3


def diagnostics_json(diags: tuple[Diagnostic, ...]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for d in diags:
        if d.severity != "error":
            continue
        item: dict[str, object] = {"code": d.code, "message": d.message}
        if d.hint:
            item["hint"] = d.hint
        out.append(item)
    return out


def _replace_values(f: Frame, old: str, new: str) -> Frame:
    def fix(v: Val) -> Val:
        return replace(v, text=new) if v.kind == "string" and v.text == old else v

    def fix_cond(c: Cond) -> Cond:
        return replace(
            c, values=tuple(fix(v) for v in c.values), any_of=tuple(fix_cond(x) for x in c.any_of)
        )

    g = f.clone()
    g.conds = [fix_cond(c) for c in g.conds]
    g.keys = [fix_cond(c) for c in g.keys]
    g.sets = {k: fix(v) for k, v in g.sets.items()}
    return g


def repair(f: Frame, diags: tuple[Diagnostic, ...]) -> Frame | None:
    """A frame the diagnostics say how to fix, or None when they do not."""
    g = f.clone()
    changed = False
    for d in diags:
        if d.severity != "error":
            continue
        names = re.findall(r"`(\w+)`", d.message)
        if d.code == "missing-required" and g.intent in ("create", "find_or_create"):
            for n in names:
                if n not in g.sets or g.sets[n].optional:
                    g.sets[n] = param(param_name(n))
                    g.assumed.append(f"asks the agent for {n} (required)")
                    changed = True
        elif d.code == "literal-type" and d.hint:
            old = re.search(r'"([^"]*)"', d.message)
            new = re.search(r'"([^"]*)"', d.hint)
            if old and new and old.group(1) != new.group(1):
                g = _replace_values(g, old.group(1), new.group(1))
                changed = True
        elif d.code == "operator-type" and names:
            prop = names[0]

            def relax(c: Cond, prop: str = prop) -> Cond:
                if c.prop == prop and c.op in ("matches", "contains"):
                    return replace(c, op="=")
                return replace(c, any_of=tuple(relax(x) for x in c.any_of))

            before = list(g.conds) + list(g.keys)
            g.conds = [relax(c) for c in g.conds]
            g.keys = [relax(c) for c in g.keys]
            changed = changed or before != list(g.conds) + list(g.keys)
        elif d.code == "duplicate":
            continue
        else:
            return None
    return g if changed else None


def check_frame(
    f: Frame, schema: AccountSchema, region: str | None
) -> tuple[Frame, str, BindingResult, int]:
    """Render, check and repair; the last attempt is returned whether it compiled or not."""
    text = render(f)
    result = compile_binding(text, schema, default_region=region)
    rounds = 0
    while not result.ok and rounds < MAX_REPAIRS:
        fixed = repair(f, result.diagnostics)
        if fixed is None:
            break
        rounds += 1
        f, text = fixed, render(fixed)
        result = compile_binding(text, schema, default_region=region)
    return f, text, result, rounds


def confidence(f: Frame, unmatched: list[str], rounds: int) -> float:
    score = 0.95
    for s in f.fuzziness:
        if s < 100:
            score *= 0.55 + 0.45 * (s / 100)
    score *= 0.97 ** len(f.assumed)
    score *= 0.9 ** min(len(unmatched), 6)
    score *= 0.85**rounds
    return round(max(0.05, min(0.99, score)), 2)


def _question(q: Question, schema: AccountSchema, region: str | None) -> AuthorResult:
    candidates = []
    for label, frame in q.candidates:
        binding = None
        if frame is not None:
            _, text, result, _ = check_frame(frame, schema, region)
            binding = text if result.ok else None
        candidates.append(Candidate(label=label, binding=binding))
    return AuthorResult(ok=False, question=q.text, candidates=candidates)


def author_offline(
    goal: str, schema: AccountSchema, object_name: str | None = None, region: str | None = None
) -> AuthorResult:
    reading = read_goal(goal, vocabulary(schema), object_name)
    if isinstance(reading, Failure):
        return AuthorResult(ok=False, errors=list(reading.errors))
    if isinstance(reading, Question):
        return _question(reading, schema, region)
    assert isinstance(reading, Parsed)
    frame, text, result, rounds = check_frame(reading.frame, schema, region)
    if not result.ok or result.plan is None:
        return AuthorResult(ok=False, errors=diagnostics_json(result.diagnostics))
    plan = result.plan.to_json()
    alternatives: list[Alternative] = []
    for alt, why in reading.alternatives:
        alt_frame, alt_text, alt_result, _ = check_frame(alt, schema, region)
        alt_plan = alt_result.plan.to_json() if alt_result.plan is not None else None
        if alt_result.ok and alt_text != text and alt_plan not in (None, plan):
            alternatives.append(
                Alternative(binding=alt_text, explanation=explain(alt_frame, schema) + f" ({why})")
            )
    return AuthorResult(
        ok=True,
        plan=plan,
        binding=text,
        explanation=explain(frame, schema),
        confidence=confidence(frame, reading.unmatched, rounds),
        alternatives=alternatives,
    )


def validate_goal(goal: object) -> AuthorResult | str:
    if not isinstance(goal, str):
        return error_result("bad-goal", "the goal must be text")
    text = goal.strip()
    if not text:
        return error_result("bad-goal", "the goal is empty; describe what the skill should do")
    if len(text) > MAX_GOAL_CHARS:
        return error_result(
            "bad-goal", f"the goal is longer than {MAX_GOAL_CHARS} characters; say it in a sentence"
        )
    return text
