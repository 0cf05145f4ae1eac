"""Recommendations and the training-needs analysis: the pure course planner (``planner``), the plans of
employees (``recommendations``) and of units (``training_needs``), and their pages."""
