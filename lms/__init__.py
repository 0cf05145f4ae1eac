"""The foundation: extensions, people and the organisation, accounts and access, audit log, notifications, background
jobs, spreadsheet imports and exports, PDF rendering and charts. The lowest layer: it imports no other package of
the project."""
