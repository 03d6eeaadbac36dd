"""Diagnostic codes, one registry per layer, all kebab-case.

A diagnostic's ``code`` is a stable name tools may match on, so every code the compiler can emit
is listed here with what it means; ``tests/test_codes.py`` holds the sources to this list and the
list to the documentation (binding codes: docs/bindings.md; pack and template codes:
docs/diagnostics.md). Run-time results and refusals are another kind and keep the snake_case
``docs/formats.md`` gives them (``needs_confirmation``, ``scope_required``): their registry is
``compiler.runtime.results``.
"""

from __future__ import annotations

import re

KEBAB = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")

# The binding languages (compiler/dsl, check.py, params.py, binding.py; `check --batch`).
BINDING_CODES: dict[str, str] = {
    "syntax": "the text does not follow the grammar",
    "bad-escape": "invalid escape in a string",
    "bad-parameter": "a `{...}` that is not a valid parameter, or one that cannot be optional",
    "unknown-context": "`{caller.x}` that the conversation does not provide",
    "bad-limit": "`limit` with a non-integer",
    "unknown-object": "object not in the account",
    "unknown-property": "property not on the object",
    "operator-type": "operator does not fit the property type",
    "literal-type": "literal does not fit the property",
    "empty-range": "`between` whose low end is above its high end",
    "not-placement": "`not` before `matches` or `associated with`",
    "association": "no association type between the objects",
    "limit": "`limit` outside 1..200",
    "filter-limit": "more filter groups or filters than HubSpot allows",
    "search-too-long": "a search body over HubSpot's size limit before any argument",
    "too-complex": "`not` / `and` / `or` nested too deep",
    "read-only": "assignment to a read-only or calculated property",
    "duplicate": "a property assigned or returned twice",
    "missing-required": "create without a required property",
    "stage-pipeline": "a stage outside the pipeline it is written with",
    "param-type": "a parameter meets properties of different types",
    "param-optional": "a parameter optional in one place and required in another",
    "bad-batch-line": "(`check --batch`) a line that is not one JSON string",
}

# Connector Packs and bindings YAML (compiler/packs), templates included.
PACK_CODES: dict[str, str] = {
    "file-read": "a pack or binding file cannot be read",
    "yaml-version": "a `%YAML` directive other than 1.2",
    "yaml-syntax": "the file is not well-formed YAML",
    "yaml-document": "an empty file, or more than one YAML document",
    "yaml-alias": "a YAML alias (never expanded)",
    "yaml-merge": "a YAML merge key (`<<`)",
    "yaml-tag": "an explicit tag that is not a YAML 1.2 value of the right kind",
    "yaml-key": "a mapping key that is not a plain string",
    "yaml-duplicate-key": "a key given twice in one mapping",
    "yaml-nesting": "mappings and lists nested deeper than a pack file may be",
    "field-type": "a field of the wrong type",
    "field-value": "a field value that is not allowed",
    "field-unknown": "an unknown field (a misspelt key)",
    "field-missing": "a required field is missing",
    "skill-file": "a skill listed twice or without its file",
    "skill-unlisted": "(warning) a YAML file in the pack directory not listed under `skills`",
    "skill-duplicate": "two skills with one name",
    "binding-missing": "a skill without `read:` or `write:`",
    "binding-both": "a skill with both `read:` and `write:`",
    "binding-kind": "a search under `write:` or a write under `read:`",
    "gating-off": "a gating flag written as `false`",
    "confirmation-missing": "a write without a `confirmation:` prompt",
    "input-unknown": "an `inputs` entry that is not a parameter of the binding",
    "param-name": "a parameter name the tool APIs do not accept",
    "scope-missing": "the pack does not request a scope the skill needs",
    "artifact-invalid": "the compiled skill breaks the artifact schema",
    "template-syntax": "a template that does not parse",
    "template-unsafe": "a template construct the sandbox refuses (unbounded size or work)",
    "template-variable": "a template name that is not a parameter or result variable",
    "template-undefined": "a template name that may be absent when it renders",
    "template-render": "a template that fails when rendered with sample arguments",
}

DIAGNOSTIC_CODES: dict[str, str] = {**BINDING_CODES, **PACK_CODES}
