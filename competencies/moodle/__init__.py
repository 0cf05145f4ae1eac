"""Moodle competency frameworks: import and export of the CSV format of Moodle's tool_lpimportcsv.

The file
--------
One header row, one framework row ("Is framework" = 1) and one row per competency, in any order: a row may
name a parent that comes later in the file. Current Moodle writes 14 columns (:data:`HEADERS`); older exports
have 12 (no "Cross-referenced competency ID numbers" and "Exported ID") and spell some headers differently
("Shortname", "Id number", "Rule type (optional)"). Columns are therefore found by header name
(:func:`~competencies.moodle.columns.header_key`): case-insensitive, ignoring surrounding spaces, text in
brackets such as "(optional)" and spaces, hyphens and underscores inside the name. Parent ID number, ID number,
Short name and Is framework are required; other unknown columns are ignored and listed in the preview. The file
is read by the shared reader (:mod:`lms.tabular`) as UTF-8 only (a byte order mark is fine); the separator is
the comma (a ";" or tab separated file is recognised too).

How Moodle maps onto Kompeten
-----------------------------
================================== ==============================================================================
Moodle                             Kompeten
================================== ==============================================================================
framework ID number, Short name    ``Framework.code``, ``Framework.name`` (``source`` "Moodle")
Description (any row)              ``description``, HTML sanitised with nh3 (``reading.SAFE_TAGS``); Moodle's
                                   "Description format" is kept in ``extra``
framework Scale values             ``Framework.scale``: the labels, level n = ``scale[n - 1]``
framework Scale configuration      ``default_level`` = the value marked ``scaledefault``; ``proficient_level`` =
                                   the lowest value marked ``proficient`` (Kompeten counts every level from it
                                   on as proficient). The configuration itself is kept in ``extra`` and written
                                   back by the export as long as it still agrees with the framework.
framework Taxonomy                 ``Framework.extra``: a list with one term per depth (read from the JSON object
                                   of old exports or the comma-separated list of new ones)
Parent ID number                   ``Competency.parent`` (empty, or the framework's ID number: top level)
Rule type / outcome / config       ``Competency.extra`` (rule configs refer to competencies by Exported ID)
Cross-referenced ID numbers        ``Competency.extra``: a list ("%2C" inside an ID number is a comma)
Exported ID                        ``Competency.extra``
a competency's own scale           ``Competency.extra`` (values and configuration), kept as data: ratings in
                                   Kompeten use the framework scale
================================== ==============================================================================

``extra`` holds all of it under the key ``"moodle"`` (see :func:`~competencies.moodle.importing.framework_extra`
and :func:`~competencies.moodle.importing.competency_extra`). Every imported competency is of type "teknis".

Levels: Moodle competencies describe no behaviour per level, only the framework's scale. So that an imported
competency can at once be required by positions and rated, each gets one ``CompetencyLevel`` per value of the
framework scale, whose description is the scale label, without indicators. HR replaces these texts by
behaviour descriptions and adds indicators before the framework is used for objective appraisals; the export
does not use levels (Moodle has no place for them).

The flow is :func:`parse_moodle_csv` (the whole file checked, nothing written; problems are reported as
:class:`Issue` naming the rows, line numbers of the file with the header as row 1), :func:`format_report` (the
preview as text), :func:`import_framework` (refuses a preview with errors, writes with bulk inserts, audits,
flushes, never commits) and :func:`export_framework`. An import never updates an existing framework: a framework
whose ID number is already in the database is refused.

The modules: ``columns`` (the columns and their names), ``preview`` (what a file was read into), ``reading``
(the file and its rows), ``scales`` (scales and taxonomies), ``tree`` (the parent links), ``report``,
``importing``, ``exporting``.
"""

from competencies.moodle.columns import HEADERS, KEYS
from competencies.moodle.exporting import export_framework
from competencies.moodle.importing import import_framework
from competencies.moodle.preview import Issue, MoodlePreview, MoodleRow, MoodleScale
from competencies.moodle.reading import parse_moodle_csv, sanitise_html
from competencies.moodle.report import format_report
from competencies.moodle.scales import read_configuration

__all__ = [
    "HEADERS", "KEYS", "Issue", "MoodlePreview", "MoodleRow", "MoodleScale", "export_framework", "format_report",
    "import_framework", "parse_moodle_csv", "read_configuration", "sanitise_html",
]
