"""Competency frameworks, levels and indicators, position requirements and the competency graph."""
