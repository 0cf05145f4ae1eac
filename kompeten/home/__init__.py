"""Beranda: each role's home page is its work queue (what waits for the user, each number a link to the list
behind it), and the language switch.

One module per role builds its section with aggregate queries (a fixed number whatever the size of the city):
:mod:`.employee`, :mod:`.supervisor`, :mod:`.trainer`, :mod:`.hr` (with :mod:`.units`, the agencies furthest
below JPM), :mod:`.admin`. A user with several roles sees several sections.
"""

from kompeten.home.views import bp

__all__ = ["bp"]
