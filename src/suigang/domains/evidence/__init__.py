"""Evidence: documents, links to platform data and reviews, attached to a subject of any
domain (a relay project's level, an admission indicator, a maturity answer)."""
