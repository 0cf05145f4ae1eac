"""Charts drawn on the server as SVG, the same markup in HTML pages and in WeasyPrint PDFs.

Pure functions from plain data (labels, numbers) to an ``<svg>`` element, returned as :class:`markupsafe.Markup`
so that a template writes ``{{ chart }}`` with no ``|safe``: the markup is our own output, and every text a
user typed (labels, series names, titles) is XML-escaped in it.

What a caller can rely on:

- one ``<svg class="chart" role="img">`` element with no XML prolog, DOCTYPE, comments, metadata or ``<style>``
  element; its first child is a ``<title>`` with the chart title. It has ``width``/``height`` in pt (at most
  about 173 mm wide, so it fits an A4 portrait page) and a ``viewBox``, so ``svg.chart { max-width: 100%;
  height: auto; }`` scales it down on a narrow screen;
- styling by presentation attributes only (no ``style=""``), so a Content-Security-Policy without
  ``'unsafe-inline'`` styles shows it unchanged; element ids are prefixed with a hash of the chart, so
  several charts on one page never share an id;
- text as real text in DejaVu Sans (the font of the PDFs; browsers without it fall back to a sans-serif), so
  labels can be searched, copied and extracted from PDFs (a screen reader announces an ``role="img"`` by its
  title: pages should also give the numbers as a table); long labels are wrapped and cut with "…";
- the same input always gives the same markup (tests compare outputs);
- empty data gives a small chart that says ``empty_text`` ("Tidak ada data" unless a caller passes a translated
  one). Number formatting is the caller's: ``value_format`` is a ``str.format`` pattern (``"{:g}"``,
  ``"{:.0%}"``) or a callable such as ``lambda v: format_decimal(v, locale="id")``, used for value labels and for
  the ticks of the value axis.

matplotlib is imported on the first chart drawn (not when this package is imported: it costs about 50 MB of
memory and a few tenths of a second), and only through ``matplotlib.figure.Figure``, never pyplot. Drawing
holds a module lock, since matplotlib's settings (rcParams) and font cache are process-wide.

The package: one module per kind of chart (:mod:`~lms.charts.bars`, :mod:`~lms.charts.heat`,
:mod:`~lms.charts.lines`), drawn with the shared :mod:`~lms.charts.style` (sizes,
colours), :mod:`~lms.charts.text` (fitting and measuring labels), :mod:`~lms.charts.layout` (the canvas, rows,
columns and value axis) and :mod:`~lms.charts.values` (the numbers handed in), and made into the markup we hand
out by :mod:`~lms.charts.svg`. Callers use the functions exported here.
"""

from lms.charts.bars import bar_chart, grouped_bar_chart, stacked_bar_chart
from lms.charts.heat import heat_map
from lms.charts.layout import MAX_HEIGHT
from lms.charts.lines import line_chart

__all__ = ["MAX_HEIGHT", "bar_chart", "grouped_bar_chart", "heat_map", "line_chart", "stacked_bar_chart"]
