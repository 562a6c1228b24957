"""The FastAPI application under /api/v1."""
