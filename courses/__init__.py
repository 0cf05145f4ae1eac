"""Course catalogue, workshops (scheduled classes), enrolment with waitlist and approvals, attendance and tests."""
