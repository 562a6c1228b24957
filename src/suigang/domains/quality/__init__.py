"""Quality: inspection plans, measurements, SPC alarms, visual inspection, certificates."""
