"""Identity and tenancy: enterprises, users, roles, API keys, the audit log, permissions."""
