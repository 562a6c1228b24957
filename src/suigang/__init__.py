"""Suigang (穗港): the open platform of the Guangzhou–Hong Kong smart-manufacturing cooperation zone."""

__version__ = "0.1.0"
