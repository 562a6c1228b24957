"""Equipment telemetry: machine states, counters, process values and their ingest bookkeeping."""
