"""Domain events: an outbox written in the same transaction as the change that caused it."""
