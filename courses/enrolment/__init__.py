"""Enrolment as a state machine, with the waitlist, approvals and nominations (``services``), which classes are open
for enrolment (``queries``), and requests for a class of a course none is open in (``models``, ``demand``); its
pages belong to the catalogue, the teaching workspace and the planning pages that offer it."""
