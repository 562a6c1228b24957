"""Benchmark implementations behind ``suigang bench``; each module registers one command."""
