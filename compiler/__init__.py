"""skillc: compiles CRM Connector Packs and bindings into per-account agent skills."""

__version__ = "0.1.0"
