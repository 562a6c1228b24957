"""Job records: long work (plan searches, scenario sweeps, reports) seen from any process."""
