"""Who a caller is, shared by the runtime and interaction logging: phone numbers (E.164), identity
keys, and the duplicate-free find-or-create both use. Neither of them owns it; both import it."""
