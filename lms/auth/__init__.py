"""Accounts, roles, log-in and its throttling."""
