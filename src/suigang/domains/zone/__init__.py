"""The zone office's view of the cooperation zone: aggregates only, never one firm's orders."""
