"""Server-side SVG charts (lms.charts): well-formed, accessible, escaped, deterministic, and readable in PDFs."""

import io
import re
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup
from pypdf import PdfReader

from lms import charts
from lms.charts.text import measure
from lms.pdf import render_pdf

SVG = "{http://www.w3.org/2000/svg}"
LONG_UNIT = ("Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana "
             "Kota Medan")
COMPETENCIES = ["Integritas", "Kerja Sama", "Komunikasi", "Orientasi pada Hasil", "Pelayanan Publik"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun"]


def indonesian(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 - our own output


def texts(svg: str) -> list[str]:
    """The visible texts of a chart, one per line drawn."""
    return ["".join(element.itertext()) for element in parse(svg).iter(f"{SVG}text")]


# One call per chart kind, with the labels and formatted values it must show.
CHARTS = {
    "bar": (lambda **kw: charts.bar_chart(COMPETENCIES, [1.5, 0.25, 2, 0, 3], value_format=indonesian, **kw),
            [*COMPETENCIES, "1,5", "0,2", "2,0", "0,0", "3,0"]),
    "bar-vertical": (lambda **kw: charts.bar_chart(COMPETENCIES, [12, 30, 7, 0, 22], horizontal=False, **kw),
                     ["Integritas", "Kerja Sama", "Komunikasi", "12", "30", "7", "22"]),
    "grouped": (lambda **kw: charts.grouped_bar_chart(
        COMPETENCIES, {"Dibutuhkan": [4, 3, 3, 4, 5], "Saat ini": [3, 3, 2, 2, 1]}, max_value=5, **kw),
                [*COMPETENCIES, "Dibutuhkan", "Saat ini", "4", "1"]),
    "stacked": (lambda **kw: charts.stacked_bar_chart(
        ["Dinas Pendidikan", "Dinas Kesehatan"], {"Baik": [120, 160], "Kurang": [30, 40]}, **kw),
                ["Dinas Pendidikan", "Dinas Kesehatan", "Baik", "Kurang", "120", "30", "150", "200"]),
    "stacked-share": (lambda **kw: charts.stacked_bar_chart(
        ["Dinas Pendidikan", "Dinas Kesehatan"], {"Baik": [120, 160], "Kurang": [30, 40]}, as_share=True, **kw),
                      ["Dinas Pendidikan", "Baik", "Kurang", "80%", "20%"]),
    "heat": (lambda **kw: charts.heat_map(["Dinas Pendidikan", "Dinas Kesehatan"], COMPETENCIES[:3],
                                          [[0.5, 1.0, None], [0.25, 0.0, 0.75]], **kw),
             ["Dinas Pendidikan", "Dinas Kesehatan", *COMPETENCIES[:3], "50%", "100%", "25%", "0%", "75%", "–"]),
    "grouped-narrow": (lambda **kw: charts.grouped_bar_chart(
        COMPETENCIES, {"Dibutuhkan": [4, 3, 3, 4, 5], "Saat ini": [3, 3, 2, 2, None]}, max_value=5, width=300, **kw),
                       [*COMPETENCIES, "Dibutuhkan", "Saat ini", "4", "5", "3"]),
    "line": (lambda **kw: charts.line_chart(MONTHS, {"JP": [0, 1.5, 3, 4, 6.5, 8]}, target=20,
                                            target_label="Target 20 JP", value_format=indonesian, **kw),
             [*MONTHS, "1,5", "6,5", "Target 20 JP"]),
}


@pytest.mark.parametrize("kind", CHARTS)
def test_every_chart_is_one_accessible_svg_element(kind):
    draw, _ = CHARTS[kind]
    svg = draw(title="Judul grafik")
    assert isinstance(svg, Markup)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and "chart" in root.get("class").split()
    assert root.get("width").endswith("pt") and root.get("height").endswith("pt")
    width, height = float(root.get("width")[:-2]), float(root.get("height")[:-2])
    assert root.get("viewBox") == f"0 0 {root.get('width')[:-2]} {root.get('height')[:-2]}"
    assert width <= 180 / 25.4 * 72  # fits between the margins of an A4 portrait page
    assert 0 < height <= 267 / 25.4 * 72
    title = root[0]
    assert title.tag == f"{SVG}title" and title.text == "Judul grafik"
    assert root.get("aria-labelledby") == title.get("id")
    for needle in ("<?xml", "<!DOCTYPE", "<!--", "<style", "style=", "<metadata", "<image"):
        assert needle not in svg
    assert "Judul grafik" in texts(svg)


@pytest.mark.parametrize("kind", CHARTS)
def test_labels_and_formatted_values_are_text(kind):
    draw, expected = CHARTS[kind]
    shown = texts(draw())
    for text in expected:
        assert text in shown, (text, shown)


@pytest.mark.parametrize("kind", CHARTS)
def test_the_same_input_gives_the_same_markup(kind):
    draw, _ = CHARTS[kind]
    assert draw(title="Sama") == draw(title="Sama")


def test_charts_on_one_page_never_share_an_id():
    first = parse(CHARTS["heat"][0]())
    second = parse(CHARTS["grouped"][0]())
    ids = [{element.get("id") for element in root.iter() if element.get("id")} for root in (first, second)]
    assert ids[0] and ids[1] and not ids[0] & ids[1]
    for root, own in zip((first, second), ids, strict=True):  # every reference points into its own chart
        references = set()
        for element in root.iter():
            for value in element.attrib.values():
                references.update(re.findall(r"url\(#([^)]+)\)", value))
                if value.startswith("#") and len(value) > 7:
                    references.add(value[1:])
        assert references <= own


HOSTILE = '<script>alert("x")</script> & Co\'s "unit"'


@pytest.mark.parametrize("draw", [
    lambda: charts.bar_chart([HOSTILE, "B"], [1, 2], title=HOSTILE, value_label=HOSTILE),
    lambda: charts.grouped_bar_chart([HOSTILE, "B"], {HOSTILE: [1, 2], "b": [2, 1]}, title=HOSTILE),
    lambda: charts.stacked_bar_chart([HOSTILE, "B"], {HOSTILE: [1, 2], "b": [2, 1]}, title=HOSTILE),
    lambda: charts.heat_map([HOSTILE], [HOSTILE, "k"], [[0.5, None]], title=HOSTILE, none_text=HOSTILE[:10]),
    lambda: charts.line_chart([HOSTILE, "b"], {HOSTILE: [1, 2], "x": [2, 3]}, target=2, target_label=HOSTILE[:9],
                              title=HOSTILE, value_label=HOSTILE),
    lambda: charts.bar_chart([], [], title=HOSTILE, empty_text=HOSTILE),
])
def test_user_text_is_escaped(draw):
    svg = draw()
    root = parse(svg)  # well-formed: every <, & and quote of the text was escaped
    assert not [element for element in root.iter() if "script" in element.tag]
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert root[0].text == HOSTILE
    assert any("<script>" in text for text in texts(svg))


def test_text_is_never_read_as_tex_and_foreign_scripts_need_no_glyphs():
    # filterwarnings=error: a missing glyph (CJK, emoji) or a TeX parse would fail here
    svg = charts.bar_chart(["Biaya $5 dan $10", "人事部 🙂", "Ümit ğ"], [1, 2, 3])
    assert {"Biaya $5 dan $10", "人事部 🙂", "Ümit ğ"} <= set(texts(svg))


def test_long_labels_are_cut_with_an_ellipsis_and_stay_inside():
    labels = [LONG_UNIT, "Dinas Pendidikan", LONG_UNIT + " (UPT)"]
    for svg in (charts.bar_chart(labels, [1, 2, 3]),
                charts.stacked_bar_chart(labels, {"a": [1, 2, 3], "b": [1, 1, 1]}),
                charts.heat_map(labels, [LONG_UNIT, "Integritas"], [[0.5, 0.5]] * 3),
                charts.grouped_bar_chart(labels, {"a": [1, 2, 3], "b": [3, 2, 1]}, width=300),
                charts.bar_chart(labels, [1, 2, 3], horizontal=False),
                charts.line_chart(labels, {"a": [1, 2, 3]})):
        shown = texts(svg)
        assert LONG_UNIT not in shown and not any(LONG_UNIT in text for text in shown)
        assert any(text.endswith("…") for text in shown)
        assert "Dinas Pendidikan" in shown
        assert max(len(text) for text in shown) <= 36
        assert_inside(svg)


def assert_inside(svg: str) -> None:
    """Every text drawn level lies within the chart's width."""
    root = parse(svg)
    width = float(root.get("width")[:-2])
    for element in root.iter(f"{SVG}text"):
        if element.get("transform") is None:
            length = measure(element.text, float(element.get("font-size").removesuffix("px")))
            x = float(element.get("x"))
            start = {"start": x, "middle": x - length / 2, "end": x - length}[element.get("text-anchor", "start")]
            assert start >= 0 and start + length <= width, element.text


@pytest.mark.parametrize("kind", CHARTS)
def test_texts_stay_inside_the_chart(kind):
    assert_inside(CHARTS[kind][0](title="Judul"))


def test_charts_grow_with_their_rows_within_a_page():
    def height(count: int) -> float:
        svg = charts.bar_chart([f"Unit {i}" for i in range(count)], list(range(count)))
        return float(parse(svg).get("height")[:-2])

    assert height(3) < height(10) < height(30)
    assert height(40) <= charts.MAX_HEIGHT * 72 and height(200) <= charts.MAX_HEIGHT * 72


def test_heat_map_cells_without_a_value_are_marked():
    with_none = charts.heat_map(["A", "B"], ["x", "y"], [[0.5, None], [None, 0.0]], none_text="n/a")
    with_zero = charts.heat_map(["A", "B"], ["x", "y"], [[0.5, 0.0], [0.0, 0.0]], none_text="n/a")
    assert texts(with_none).count("n/a") == 2 and "n/a" not in texts(with_zero)
    assert texts(with_zero).count("0%") - texts(with_none).count("0%") == 2
    assert "<pattern" in with_none  # the hatching that shows through the empty cells


def test_heat_map_cells_of_few_people_are_muted():
    from lms.charts.heat import MUTED_FILL

    plain = charts.heat_map(["Dinas A", "UPT B"], ["x", "y"], [[0.5, 0.5], [1.0, 0.5]])
    muted = charts.heat_map(["Dinas A", "UPT B"], ["x", "y"], [[0.5, 0.5], [1.0, 0.5]],
                            muted=[[False, False], [True, False]])
    assert texts(plain) == texts(muted)  # the number stays, only its colours change
    darkest = {e.get("fill") for e in parse(plain).iter() if e.get("fill")} - {
        e.get("fill") for e in parse(muted).iter() if e.get("fill")}
    assert len(darkest) == 1 and MUTED_FILL not in plain and MUTED_FILL in muted  # 100 % is grey, not dark
    with pytest.raises(ValueError, match="one muted flag per value"):
        charts.heat_map(["A"], ["x", "y"], [[0.5, 0.5]], muted=[[True]])


def test_value_format_is_a_pattern_or_a_callable():
    assert "50%" in texts(charts.bar_chart(["a"], [0.5], value_format="{:.0%}", max_value=1))
    assert "0,5 JP" in texts(charts.bar_chart(["a"], [0.5], value_format=lambda v: f"{indonesian(v)} JP"))


def test_stacked_shares_hide_numbers_that_do_not_fit_their_segment():
    shown = texts(charts.stacked_bar_chart(["Unit"], {"a": [98], "b": [1], "c": [1]}, as_share=True))
    assert "98%" in shown and "1%" not in shown


@pytest.mark.parametrize("draw", [
    lambda **kw: charts.bar_chart([], [], **kw),
    lambda **kw: charts.grouped_bar_chart(["a"], {}, **kw),
    lambda **kw: charts.stacked_bar_chart([], {"a": []}, **kw),
    lambda **kw: charts.heat_map([], [], [], **kw),
    lambda **kw: charts.heat_map(["a"], [], [[]], **kw),
    lambda **kw: charts.line_chart([], {}, **kw),
])
def test_empty_data_says_so(draw):
    svg = draw(title="Kesenjangan")
    root = parse(svg)
    assert root.get("role") == "img" and root[0].text == "Kesenjangan"
    assert texts(svg) == ["Kesenjangan", "Tidak ada data"]
    assert texts(draw(empty_text="No data")) == ["No data"]


def test_mismatched_data_is_refused():
    with pytest.raises(ValueError, match="2 values for 3 labels"):
        charts.bar_chart(["a", "b", "c"], [1, 2])
    with pytest.raises(ValueError):
        charts.heat_map(["a"], ["x", "y"], [[1]])


def test_a_narrow_chart_keeps_its_text_at_full_size():
    """Drawn as wide as a phone, a chart is shown at its own size: its 8 pt text is not scaled down to 5 pt, as the
    full-width chart's is in a 390 px screen."""
    labels = ["Pengembangan Diri dan Orang Lain", "Integritas", "Pengambilan Keputusan"]
    narrow = charts.grouped_bar_chart(labels, {"Dibutuhkan": [3, 2, 3], "Saat ini": [1, 2, 3]}, width=270)
    root = parse(narrow)
    assert float(root.get("width")[:-2]) == 270
    assert {"Pengembangan Diri dan Orang Lain", "Integritas", "Pengambilan Keputusan"} <= set(texts(narrow))
    sizes = {float(element.get("font-size").removesuffix("px")) for element in root.iter(f"{SVG}text")}
    assert min(sizes) >= 7
    assert_inside(narrow)
    with pytest.raises(ValueError, match="only for bars across"):
        charts.grouped_bar_chart(labels, {"a": [1, 2, 3]}, horizontal=False, width=270)


def test_the_title_can_stay_out_of_sight():
    svg = CHARTS["bar"][0](title="Hanya untuk pembaca layar", show_title=False)
    assert parse(svg)[0].text == "Hanya untuk pembaca layar"
    assert "Hanya untuk pembaca layar" not in texts(svg)


def test_charts_drawn_in_threads_are_the_same():
    draw = CHARTS["stacked"][0]
    expected = draw(title="Paralel")
    results: list[str] = []

    def work():
        results.append(draw(title="Paralel"))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4


def test_importing_the_module_does_not_load_matplotlib():
    code = "import sys, lms.charts; assert 'matplotlib' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_chart_in_a_pdf_keeps_its_labels_as_text():
    bar = charts.bar_chart(["Integritas", "Pelayanan Publik", LONG_UNIT], [1.5, 0.5, 2],
                           title="Kesenjangan per kompetensi", value_format=indonesian)
    heat = charts.heat_map(["Dinas Pendidikan"], ["Kerja Sama", "Komunikasi"], [[0.75, None]])
    html = ("<html><head><style>@page { size: A4; margin: 15mm } svg.chart { max-width: 100%; height: auto }"
            f"</style></head><body><h1>Laporan</h1>{bar}{heat}</body></html>")
    text = PdfReader(io.BytesIO(render_pdf(html))).pages[0].extract_text()
    for expected in ("Kesenjangan per kompetensi", "Integritas", "Pelayanan Publik", "Dinas Pemberdayaan Perempuan",
                     "1,5", "0,5", "2,0", "Dinas Pendidikan", "75%"):
        assert expected in text, expected
    # pypdf reads the heat map's slanted column labels without their spaces
    assert "KerjaSama" in text.replace(" ", "") and "Komunikasi" in text
