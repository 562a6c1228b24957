"""Equipment I/O adapters: MQTT Sparkplug B ingest, OPC UA client, simulators."""
