"""The pages of the web UI; each module registers its pages with ``register()``."""
