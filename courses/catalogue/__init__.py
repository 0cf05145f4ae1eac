"""The training offer: courses and their classes as HR keeps them (``services``, ``queries``, ``forms``, ``views``:
the ``courses`` blueprint under /diklat) and as employees browse and enrol in them (``browse``: the ``catalogue``
blueprint)."""
