"""Kompeten: learning management and competency mapping for city civil servants."""
