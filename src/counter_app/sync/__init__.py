"""Offline-first sync of the counter with head office: the shared protocol, the outbox,
the pull cursor, the HTTP client and the credentials store. No Qt."""
