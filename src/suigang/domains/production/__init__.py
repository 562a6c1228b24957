"""Work orders and their operations at the factory (scheduling joins here later)."""
