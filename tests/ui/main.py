"""The app the UI tests load: the real application factory, configured from the environment
(the ``ui_database`` fixture points ``SUIGANG_DATABASE_URL`` at a migrated test database)."""

from suigang.api.app import create_app
from suigang.config import Settings

app = create_app(Settings(), ui=True)
