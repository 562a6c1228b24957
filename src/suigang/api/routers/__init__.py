"""One router module per domain, mounted under /api/v1."""
