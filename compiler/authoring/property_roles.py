"""The role of each property the goal mentions: an input, a fixed value, a field to return;
and the ambiguities and unknown options found on the way."""

from __future__ import annotations

import re

from compiler.account.model import Property
from compiler.authoring.conditions import phrase_of, rename
from compiler.authoring.frame import Frame, Val
from compiler.authoring.goal_state import GoalState
from compiler.authoring.reader import Mention
from compiler.authoring.reading import Failure, Question, failure
from compiler.authoring.vocab import PROPERTY_SYNONYMS, Entry, singular
from compiler.authoring.vocab import words as vocab_words
from compiler.authoring.words import INPUT_MARKERS, NOT_WORDS, RESERVED
from compiler.proptypes import allowed_values, kind_of


class PropertyRoles(GoalState):
    def roles(self, write: bool) -> list[tuple[Mention, str, Val | None, bool]]:
        """Each property mention → (mention, role, value, negated); role in value/input/bare."""
        r = self.r
        out: list[tuple[Mention, str, Val | None, bool]] = []
        optioned = {m.entry.target for m in self.mentions if m.entry.kind == "option"}
        for m in self.mentions:
            if m.entry.kind == "prop" and m.entry.target in optioned:
                got = None
                prop = self.obj.get_property(m.entry.target)
                if prop is not None:
                    got = r.value_after(m.j, prop, self.ov)
                if got is None:
                    r.claim(m.i, m.j)
                    continue
            if id(m) in self.used:
                continue
            e = m.entry
            if set(range(m.i, m.j)) & r.claimed:
                continue
            if set(range(m.i, m.j)) <= self.object_span:
                continue
            prev = r.before(m.i, 3)
            negated = bool(NOT_WORDS & set(prev[-2:]))
            if (
                e.kind == "option"
                and out
                and (prev[-1:] in (["or"], ["nor"]) or r.toks[m.i].after_break)
            ):
                # "not high or medium": the negation covers every option of the list.
                last, _, _, last_negated = out[-1]
                between = range(last.j, m.i)
                if last.entry.target == e.target and all(
                    k in r.claimed or r.w(k) in ("or", "nor") for k in between
                ):
                    negated = negated or last_negated
            if e.kind == "option":
                prop = self.obj.get_property(e.target)
                if prop is None or (prop.read_only and write):
                    continue
                word = r.toks[m.i].low
                if (
                    m.j - m.i == 1
                    and word.endswith("ed")
                    and m.i - 1 in self.object_span
                    and r.w(m.j) in ("with", "by", "via", "through", "for", "on", "at")
                ):
                    # "appointments booked with Dr. Patel": a verb, not the status Booked.
                    r.claim(m.i, m.j)
                    continue
                r.claim(m.i, m.j)
                r.fuzz.append(m.score)
                value = Val("string", e.value or "", label=e.label)
                if kind_of(prop) == "bool":
                    value = Val("bool", e.value or "true", label=e.label)
                out.append(
                    (
                        Mention(m.i, m.j, m.score, [Entry("prop", e.target, label=e.label)], m.key),
                        "value",
                        value,
                        negated,
                    )
                )
                continue
            prop = self.obj.get_property(e.target)
            if prop is None:
                continue
            r.claim(m.i, m.j)
            r.fuzz.append(m.score)
            got = r.value_after(m.j, prop, self.ov)
            if got is not None:
                r.claim(m.j, got[1])
                out.append((m, "value", got[0], negated or r.value_negated))
                continue
            if kind_of(prop) == "enumeration" and self.bad_option is None:
                self.bad_option = self.unknown_option(m, prop)
            if kind_of(prop) == "bool" and not r.input_marked(m.i, strict=True):
                out.append((m, "value", Val("bool", "false" if negated else "true"), False))
                continue
            after_input = self.input_after(m.j)
            if after_input is not None:
                r.claim(m.j, after_input)
                if r.optional_near(m.i, after_input):
                    self.optional_at.add(m.i)
                out.append((m, "input", None, negated))
                continue
            role = "input" if r.input_marked(m.i) else "bare"
            if role == "bare" and self.joined_to_input(m, out):
                role = "input"  # "by email and first name": both identify the record
            near = set(r.before(m.i, 2))
            if near & {"without", "no", "missing", "lacking"}:
                role = "unset"
            elif near & {"have", "has"} and not near & INPUT_MARKERS:
                role = "isset"
            option = self.option_word(m) if role == "bare" else None
            if option is not None:
                prop_m = Mention(m.i, m.j, 90.0, [Entry("prop", option.target)], m.key)
                value = Val("string", option.value or "", label=option.label)
                out.append((prop_m, "value", value, negated))
                continue
            out.append((m, role, None, negated))
        r.claimed.update(self.object_span)
        for m, role, _, _ in out:
            self.at(m.entry.target, m.i)
            if role != "value":
                self.note_ambiguity(m, write)
        return out

    def joined_to_input(
        self, m: Mention, found: list[tuple[Mention, str, Val | None, bool]]
    ) -> bool:
        """ "by email and first name", "by first and last name": a property joined by "and"
        to the input just before it is an input too, not a field to return."""
        if not found or self.r.w(m.i - 1) not in ("and", ","):
            return False
        last, role, _, _ = found[-1]
        return role == "input" and last.j == m.i - 1

    def note_ambiguity(self, m: Mention, write: bool) -> None:
        """ "contacts by status": one word, several properties, and none plainly the one."""
        if m.j - m.i != 1 or self.ambiguous is not None:
            return
        word = self.r.toks[m.i].sing
        chosen = self.obj.get_property(m.entry.target)
        if chosen is None:
            return
        if phrase_of(chosen.label) == word and not chosen.name.startswith("hs_"):
            return  # the property is called just that
        if word == chosen.name or word in PROPERTY_SYNONYMS.get(chosen.name, ()):
            return  # its own name, or the everyday word for it
        if self.name == "contacts" and word == "name":
            return  # first and last name, handled where names are
        props = [
            p
            for p in self.obj.properties
            if not p.hidden
            and not p.read_only
            and word in [singular(w) for w in vocab_words(p.label)]
        ]
        props.sort(key=lambda p: (p.name.startswith("hs_"), p.read_only))
        if len(props) >= 2:
            self.ambiguous = (word, chosen.name, props[:5])

    def ask_which(self, f: Frame) -> Question | None:
        """The question an ambiguous word raises, each reading a checked candidate."""
        if self.ambiguous is None:
            return None
        word, chosen, props = self.ambiguous
        cands: list[tuple[str, Frame | None]] = []
        for p in props:
            cands.append((p.label, rename(f, chosen, p.name)))
        return Question(f'Which "{word}" do you mean?', cands)

    def input_after(self, j: int) -> int | None:
        """ "... is given by the agent", "... the agent provides": where such words end."""
        r = self.r
        k = j
        while r.w(k) in ("is", "are", "as", "was", "will", "be", "that", "which"):
            k += 1
        rest = " ".join(r.w(x) for x in range(k, min(len(r.toks), k + 5)))
        m = re.match(
            r"((given|provided|supplied|chosen|named|picked|specified) (by|from) the (agent|caller)"
            r"|the (agent|caller) (gives|provides|supplies|chooses|names|passes|specifies)"
            r"|from the agent)\b",
            rest,
        )
        if m is None:
            return None
        return k + len(m.group(0).split())

    def unknown_option(self, m: Mention, prop: Property) -> Failure | None:
        """ "the Billing pipeline", "priority to Critical": a value this property does not have."""
        r = self.r
        named: str | None = None
        k = m.j
        while r.w(k) in ("is", "to", "as", "of", "equal", "equals", "be", "=", "not"):
            k += 1
        if k < len(r.toks) and k not in r.claimed:
            t = r.toks[k]
            if t.kind == "quote" or (t.capitalised and t.low not in RESERVED):
                named = t.text
        if named is None:
            k = m.i - 1
            words: list[str] = []
            while k > 0 and r.toks[k].capitalised and k not in r.claimed:
                if r.toks[k].low in RESERVED or r.toks[k].sing in self.r.vocab.object_entries:
                    break
                words.insert(0, r.toks[k].text)
                k -= 1
            named = " ".join(words) or None
        if named is None:
            return None
        options = [label for _, label, hidden in allowed_values(self.obj, prop) if not hidden]
        shown = ", ".join(options[:12]) + (" ..." if len(options) > 12 else "")
        return failure(
            "unknown-value",
            f'"{named}" is not a {prop.label or prop.name} of '
            f"{(self.obj.labels.plural or self.name).lower()} in this account",
            f"it has: {shown}" if options else None,
        )

    def option_word(self, m: Mention) -> Entry | None:
        """ "kennels": one word standing for an option label ("Boarding kennel"), read as that
        option rather than as a property that merely shares the word."""
        if m.j - m.i != 1 or m.entry.weight >= 1.0:
            return None
        entries = self.ov.option_words.get(self.r.toks[m.i].sing, [])
        if len({(e.target, e.value) for e in entries}) != 1:
            return None
        nxt = self.r.toks[m.j] if m.j < len(self.r.toks) else None
        if nxt is not None and nxt.kind in ("number", "date", "quote"):
            return None
        return entries[0]
