"""The trainer's workspace (the ``trainer`` blueprint under /pengajar): classes, sessions, attendance, test scores
and their import, materials and closing. One blueprint because every page shares its address and its access
rule, the trainer of the class; the rules themselves are ``attendance``, ``scores``, ``materials`` and the
completion package."""
