"""The columns of Moodle's competency framework CSV, by the names current and older Moodle versions give them."""

import re
from typing import Any

from lms.tabular import Column, normalise_header


def header_key(cell: Any) -> str:
    """A header as Moodle's column names are compared: :func:`~lms.tabular.normalise_header` without spaces and
    hyphens, so that "Shortname" is "Short name" and "Cross referenced" is "Cross-referenced"."""
    return re.sub(r"[\s-]+", "", normalise_header(cell))


def _column(key: str, header: str, *older_names: str, required: bool = False) -> Column:
    return Column(key, header, required, tuple(header_key(name) for name in (header, *older_names)))


#: The 14 columns of the current Moodle export, in its order.
COLUMNS = (
    _column("parent", "Parent ID number", required=True),
    _column("id_number", "ID number", required=True),
    _column("short_name", "Short name", required=True),
    _column("description", "Description"),
    _column("description_format", "Description format"),
    _column("scale_values", "Scale values"),
    _column("scale_configuration", "Scale configuration"),
    _column("rule_type", "Rule type"),
    _column("rule_outcome", "Rule outcome"),
    _column("rule_config", "Rule config", "Rule configuration"),
    _column("related", "Cross-referenced competency ID numbers", "Related ID numbers",
            "Related competency ID numbers"),
    _column("exported_id", "Exported ID", "Export ID"),
    _column("is_framework", "Is framework", required=True),
    _column("taxonomy", "Taxonomy", "Taxonomies"),
)
HEADERS = tuple(column.header for column in COLUMNS)
KEYS = tuple(column.key for column in COLUMNS)
