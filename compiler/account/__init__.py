"""The discovered schema of one CRM account: models, loading, fingerprint and look-ups."""

from compiler.account.load import (
    SchemaLoadError,
    fingerprint,
    load_schema,
    parse_schema,
    parse_schema_text,
)
from compiler.account.model import (
    AccountInfo,
    AccountSchema,
    AssociationType,
    ObjectSchema,
    Option,
    Pipeline,
    PipelineStage,
    Property,
)

__all__ = [
    "AccountInfo",
    "AccountSchema",
    "AssociationType",
    "ObjectSchema",
    "Option",
    "Pipeline",
    "PipelineStage",
    "Property",
    "SchemaLoadError",
    "fingerprint",
    "load_schema",
    "parse_schema",
    "parse_schema_text",
]
