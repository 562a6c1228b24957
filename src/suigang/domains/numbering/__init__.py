"""Human-readable numbers (RFQ-2026-0042, plan version 7, certificate QC-...-03) allocated
safely under concurrency."""

from suigang.domains.numbering.service import next_number

__all__ = ["next_number"]
