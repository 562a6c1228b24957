"""Pure engines: no web, database or network imports (tests/test_engine_purity.py checks)."""
