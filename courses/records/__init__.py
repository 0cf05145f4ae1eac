"""Training records (riwayat diklat) and JP per year, external training reported by employees and approved by HR,
and the SIASN export (``services``, ``views``, ``forms``)."""
