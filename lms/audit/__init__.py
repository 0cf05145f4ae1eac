"""Audit log of changes to people, organisation and accounts."""
