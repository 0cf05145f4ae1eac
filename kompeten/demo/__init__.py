"""The demo Kota Medan (``flask --app wsgi lms demo``, ``make run``): the city and its people (``city``), the
technical competencies and requirements (``competencies``), last year's appraisal cycle (``appraisals``) and the
course catalogue with its classes (``catalogue``). Only the command line imports this package."""

import csv
from importlib import resources


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of a CSV file of the demo data, ``kompeten/demo/data`` (read from the installed package)."""
    with resources.files("kompeten.demo").joinpath("data", name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
