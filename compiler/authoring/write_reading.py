"""A goal read as a write: what a create sets (with defaults), the key a find-or-create looks
up by, and what an update changes on which record."""

from __future__ import annotations

import re

from compiler.account.model import Pipeline, Property
from compiler.account.standard_objects import STANDARD_OBJECTS
from compiler.authoring.frame import Cond, Frame, Intent, Val, param
from compiler.authoring.goal_problems import GoalProblems
from compiler.authoring.mention_conditions import MentionConditions
from compiler.authoring.property_roles import PropertyRoles
from compiler.authoring.reader import (
    default_pipeline,
    first_stage,
    main_phone,
    param_name,
    record_param,
)
from compiler.authoring.reading import Failure, Parsed, Question, Reading, failure


class WriteReading(MentionConditions, PropertyRoles, GoalProblems):
    def write(self, intent: Intent) -> Reading:
        r, obj, name = self.r, self.obj, self.name
        self.used = set()
        sets: dict[str, Val] = {}
        keys: list[Cond] = []
        named = self.named_value()
        key_phrase = re.search(
            r"\b(by|matching|using|on|same|existing) (their |its |the |a |an )?(given )?", r.low
        )
        key_start = None
        if intent == "find_or_create" and key_phrase is not None:
            key_start = key_phrase.start()
        found_roles = self.roles(write=True)
        if self.bad_option is not None:
            return self.bad_option
        for m, role, value, _negated in found_roles:
            prop = self.prop(m.entry.target)
            if prop.read_only:
                return self.read_only(prop, "write")
            is_key = (
                intent == "find_or_create"
                and key_start is not None
                and r.toks[m.i].start >= key_start
                and not keys
                and role != "value"
            ) or (intent == "find_or_create" and r.before(m.i, 1) == ["by"])
            if value is None:
                caller_value = None
                # On a call, a contact found or saved "by phone" is the caller's number.
                by_phone = (
                    prop.is_phone
                    and self.name == "contacts"
                    and (intent == "find_or_create" or self.caller)
                )
                if self.caller_possessive(m.i) or (
                    by_phone and (self.caller or not r.input_marked(m.i, strict=True))
                ):
                    caller_value = self.caller_field(prop)
                value = caller_value or param(
                    param_name(prop.name), self.optional(m) and not is_key
                )
            if is_key:
                op = "matches" if prop.is_phone else "="
                keys.append(Cond(prop.name, op, (value,)))
                if prop.is_phone:
                    sets[prop.name] = value
                continue
            sets[prop.name] = value
        # "with their name" on contacts: first and last name.
        if (
            name == "contacts"
            and re.search(r"\b(full )?name\b", r.low)
            and not {"firstname", "lastname"} & set(sets)
        ):
            for p in ("firstname", "lastname"):
                if obj.get_property(p) is not None:
                    sets[p] = param(p)
        if named is not None and named[1] and not named[0]:
            sets[named[1]] = param(param_name(named[1]))
        elif named is not None and named[1]:
            first, *rest = named[0].split()
            if name == "contacts" and rest and obj.get_property("lastname"):
                sets["firstname"] = Val("string", first)
                sets["lastname"] = Val("string", " ".join(rest))
            else:
                sets[named[1]] = Val("string", named[0])
        # Pipelines and stages.
        self.pipeline_defaults(sets)
        # The caller.
        associate: list[tuple[str, Val]] = []
        if name == "contacts":
            phone = main_phone(obj)
            if self.caller and phone and intent == "find_or_create" and not keys:
                keys.append(Cond(phone, "matches", (param("caller.phone"),)))
                sets[phone] = param("caller.phone")
            elif self.caller and phone and intent == "create" and phone not in sets:
                sets[phone] = param("caller.phone")
        elif self.caller and "contacts" in r.schema.objects:
            associate.append(("contacts", param("caller.contact_id")))
        associate.extend(self.linked_records({"to", "with", "for", "on"}))
        if intent == "find_or_create" and not keys:
            display = self.display_name_prop()
            if display and display in sets:
                keys.append(Cond(display, "=", (sets.pop(display),)))
            else:
                return Question(
                    f"How should an existing {(obj.labels.singular or name).lower()} be "
                    "recognised before a new one is created?",
                    [(f"by {p.label}", None) for p in self.key_candidates()],
                )
        # Required properties the goal did not mention become inputs the agent must give.
        for req in self.required():
            if req in sets or any(k.prop == req for k in keys):
                if req in sets and sets[req].kind == "param" and sets[req].optional:
                    sets[req] = Val("param", sets[req].text)
                continue
            sets[req] = param(param_name(req))
            req_prop = obj.get_property(req)
            label = req_prop.label if req_prop is not None else req
            self.r.assumed.append(f"asks the agent for the {label} (required)")
        unknown = self.unmatched_fields()
        if unknown and intent != "find_or_create":
            return self.unknown_field(unknown[0])
        stray = self.stray_criterion()
        if stray is not None:
            return stray
        if not sets and intent == "find_or_create":
            for k in keys:
                if k.prop is not None:
                    sets[k.prop] = k.values[0]
        if not sets:
            return Question(
                f"Which details should the new {(obj.labels.singular or name).lower()} get?",
                [(p.label, None) for p in self.writable()[:8]],
            )
        f = self.frame(intent)
        f.sets, f.keys, f.associate = self.ordered(sets), keys, associate
        f.fuzziness = list(r.fuzz)
        f.assumed = list(r.assumed)
        asked = self.ask_which(f)
        if asked is not None:
            return asked
        return Parsed(f, [], self.leftovers())

    def read_only(self, prop: Property, verb: str) -> Failure:
        plural = (self.obj.labels.plural or self.name).lower()
        return failure(
            "read-only",
            f"{prop.label or prop.name} of {plural} is read-only in this account, so a skill "
            f"cannot {verb} it",
        )

    def ordered(self, sets: dict[str, Val]) -> dict[str, Val]:
        """The record's name first, then what the goal mentions, pipeline and stage last."""
        display = self.display_name_prop()
        tail = {self.ov.pipeline_prop, self.ov.stage_prop} - {None}

        def rank(name: str) -> int:
            if name == display or (display == "firstname" and name == "lastname"):
                return 0
            return 2 if name in tail else 1

        names = sorted(sets, key=rank)  # sorted is stable: mention order within a rank
        if self.ov.pipeline_prop in names and self.ov.stage_prop in names:
            names.remove(str(self.ov.pipeline_prop))
            names.insert(names.index(str(self.ov.stage_prop)), str(self.ov.pipeline_prop))
        return {n: sets[n] for n in names}

    def required(self) -> list[str]:
        req = list(self.obj.requiredProperties)
        std = STANDARD_OBJECTS.get(self.name)
        for n in std.required if std is not None else ():
            if n not in req and self.obj.get_property(n) is not None:
                req.append(n)
        return req

    def pipeline_defaults(self, sets: dict[str, Val]) -> None:
        ov, obj = self.ov, self.obj
        if ov.pipeline_prop is None or ov.stage_prop is None:
            return
        pipe_val = sets.get(ov.pipeline_prop)
        stage_val = sets.get(ov.stage_prop)
        pipeline: Pipeline | None = None
        if pipe_val is not None and pipe_val.kind == "string":
            pipeline = obj.pipeline(pipe_val.text)
        if stage_val is not None and stage_val.kind == "string" and pipeline is None:
            owners = [p for p in obj.pipelines if p.stage(stage_val.text) is not None]
            if owners:
                pipeline = owners[0]
                sets[ov.pipeline_prop] = Val("string", pipeline.id, label=pipeline.label)
        if pipeline is None and pipe_val is None:
            pipeline = default_pipeline(obj)
            if pipeline is not None:
                sets[ov.pipeline_prop] = Val("string", pipeline.id, label=pipeline.label)
                self.r.assumed.append(f'puts it in the default pipeline "{pipeline.label}"')
        if stage_val is None and pipeline is not None:
            stage = first_stage(pipeline)
            if stage is not None:
                sets[ov.stage_prop] = Val("string", stage[0], label=stage[1])
                self.r.assumed.append(f'starts it in the first stage "{stage[1]}"')
        elif (
            stage_val is not None
            and pipeline is not None
            and stage_val.kind == "string"
            and pipeline.stage(stage_val.text) is None
        ):
            # A stage label shared by several pipelines: take the one of the chosen pipeline.
            label = (stage_val.label or "").lower()
            same = next((s for s in pipeline.stages if s.label.lower() == label), None)
            if same is not None:
                sets[ov.stage_prop] = Val("string", same.id, label=same.label)

    def update(self) -> Reading:
        r, obj, name = self.r, self.obj, self.name
        self.used = set()
        sets: dict[str, Val] = dict(self.preset)
        close_words = re.search(r"\b(close|closed|resolve|resolved|reopen|won|lost)\b", r.low)
        found_roles = self.roles(write=True)
        if self.bad_option is not None:
            return self.bad_option
        selectors: dict[str, Val] = {}
        for m, role, value, negated in found_roles:
            prop = self.prop(m.entry.target)
            identifies = prop.hasUniqueValue or prop.name == obj.primaryDisplayProperty
            if (
                value is None
                and role == "input"
                and identifies
                and (set(r.before(m.i, 3)) & {"with", "whose", "having", "by"})
            ):
                # "the membership with a given number": which record, not what to change.
                selectors[prop.name] = param(param_name(prop.name))
                continue
            if prop.read_only:
                return self.read_only(prop, "change")
            if value is None:
                value = param(param_name(prop.name), self.optional(m))
            elif negated and value.kind == "bool":
                value = Val("bool", "false" if value.text == "true" else "true")
            sets[prop.name] = value
        if close_words and self.ov.stage_prop and self.ov.stage_prop not in sets:
            word = close_words.group(1)
            open_, closed = self.stage_sets()
            if word == "reopen":
                picked = [(s, lab) for s, lab in open_][:1]
            elif word in ("won", "lost"):
                picked = [(s, lab) for s, lab in closed if word in lab.lower()]
            else:
                picked = closed
            if len(picked) == 1:
                sets[self.ov.stage_prop] = Val("string", picked[0][0], label=picked[0][1])
            elif picked:
                cands: list[tuple[str, Frame | None]] = []
                for s, lab in picked:
                    f = self.update_frame(
                        dict(sets, **{self.ov.stage_prop: Val("string", s, label=lab)})
                    )
                    pipe = next(p for p in obj.pipelines if p.stage(s) is not None)
                    cands.append((f'"{lab}" ({pipe.label})', f))
                return Question(
                    f"Which closed stage should the {(obj.labels.singular or name).lower()} "
                    "move to?",
                    cands,
                )
        if not sets:
            sets.update(selectors)
        elif selectors:
            self.r.assumed.append("the agent names the record by its id")
        if not sets:
            return Question(
                f"What should change on the {(obj.labels.singular or name).lower()}?",
                [(p.label, None) for p in self.writable()[:8]],
            )
        unknown = self.unmatched_fields()
        if unknown:
            return self.unknown_field(unknown[0])
        f = self.update_frame(sets)
        asked = self.ask_which(f)
        if asked is not None:
            return asked
        return Parsed(f, [], self.leftovers())

    def update_frame(self, sets: dict[str, Val]) -> Frame:
        f = self.frame("update")
        if self.name == "contacts" and self.caller:
            f.record = param("caller.contact_id")
        else:
            f.record = param(record_param(self.obj, self.name))
        f.sets = sets
        return f
