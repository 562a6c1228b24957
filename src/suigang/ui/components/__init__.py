"""Pieces of the UI that more than one page shows (a page never imports another page)."""
