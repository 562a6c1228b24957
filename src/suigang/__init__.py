"""Suigang (穗港): open platform of the Guangzhou–Hong Kong smart-manufacturing zone."""

__version__ = "0.1.0"
