"""Closing a class: outcomes from the course's criteria, the competency levels, training records and certificates
it issues in one transaction, reopening (``services``); the participants' feedback (``feedback``)."""
