"""Certificates: numbers, verification codes, the PDFs and their background rendering (``services``, ``tasks``),
revocation and the public verification pages (``views``, ``forms``)."""
