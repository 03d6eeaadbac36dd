"""Connector Packs and bindings: YAML with positions → specs → per-account skill artifacts.

Stages, one module each: ``yamlsrc`` (YAML 1.2 loading with source maps), ``models`` (the
``…Spec`` models), ``load`` (pack and binding files), ``checks`` (schema-free checks),
``templates`` (Jinja2, sandboxed), ``compile`` (per-account compile), ``artifact`` and ``emit``
(versioned output, digests, atomic directories), ``install`` (agent drafts), ``validate``.
"""
