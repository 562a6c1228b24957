"""NiceGUI pages mounted on the FastAPI app."""
