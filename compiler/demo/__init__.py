"""`make demo`: the product end to end. ``service`` drives `skillc serve` over its HTTP API;
``pipeline`` runs the same account through the library in-process (discover, compile, install,
a scripted call)."""
