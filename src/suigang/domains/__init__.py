"""Domains: tables and use cases, one package per domain."""
