"""Factories and their catalogue: sites, work centers, machines, capabilities, products."""
