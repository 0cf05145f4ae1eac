"""Spreadsheet imports, whatever they import (roster, requirements, test scores, Moodle frameworks): the stored
uploads (``models``, ``store``) and the browser flow upload → preview → confirm (``flow``)."""
