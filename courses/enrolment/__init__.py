"""Enrolment as a state machine, with the waitlist, approvals and nominations (``services``); its pages belong to
the catalogue, the teaching workspace and the planning pages that offer it."""
