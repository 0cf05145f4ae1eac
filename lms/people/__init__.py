"""Organisation (units, positions) and people (employees), with roster import."""
