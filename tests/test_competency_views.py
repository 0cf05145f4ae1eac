"""Competency screens: framework tree, competency page, position requirements with editor and graph, access."""

import html as html_lib
import json
import re
import shutil
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from competencies.models import Competency, CompetencyLevel, Framework, Indicator, Prerequisite, Requirement
from lms.audit.models import AuditEntry
from tests.helpers import PASSWORD, page_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def kit(db, make_unit, make_position, make_employee, make_user):
    """Two frameworks (a 1..5 scale and a three-level one), a small tree, levels with indicators, one
    prerequisite, three positions with requirements, and accounts for each role."""
    asn = Framework(code="ASN", name="Kompetensi Manajerial ASN", scale=["1", "2", "3", "4", "5"],
                    proficient_level=3)
    arsip = Framework(code="ARSIP", name="Kompetensi Teknis Kearsipan", scale=["Dasar", "Cakap", "Mahir"],
                      proficient_level=2)
    integritas = Competency(framework=asn, code="M.01", name="Integritas", type="manajerial", sort_order=1)
    kerjasama = Competency(framework=asn, code="M.02", name="Kerja Sama", type="manajerial", sort_order=2)
    perekat = Competency(framework=asn, code="SK.01", name="Perekat Bangsa", type="sosial_kultural", sort_order=3)
    kearsipan = Competency(framework=arsip, code="AR", name="Kearsipan", type="teknis")
    dinamis = Competency(framework=arsip, code="AR.1", name="Pengelolaan Arsip Dinamis", type="teknis",
                         parent=kearsipan)
    penyusutan = Competency(framework=arsip, code="AR.2", name="Penyusutan Arsip", type="teknis", parent=kearsipan)
    pemusnahan = Competency(framework=arsip, code="AR.2.1", name="Pemusnahan Arsip", type="teknis",
                            parent=penyusutan)
    db.session.add_all([asn, arsip, integritas, kerjasama, perekat, kearsipan, dinamis, penyusutan, pemusnahan])
    db.session.add_all([
        CompetencyLevel(competency=integritas, level=1, description="Bertindak sesuai nilai dan etika",
                        indicators=[Indicator(position=1, text="Hadir dan pulang tepat waktu"),
                                    Indicator(position=2, text="Tidak menerima gratifikasi")]),
        CompetencyLevel(competency=integritas, level=2, description="Mengajak rekan bertindak sesuai etika"),
        Prerequisite(competency=kerjasama, required=integritas, level=2),
        Prerequisite(competency=dinamis, required=integritas, level=1),
    ])
    db.session.commit()

    opd = make_unit("Dinas Perpustakaan dan Kearsipan", code="DPK")
    seksi = make_unit("Seksi Pengolahan Arsip", kind="seksi", parent=opd, code="SPA")
    kasi = make_position("Kepala Seksi Pengolahan Arsip", kind="pengawas", unit=seksi, code="KASI")
    staf = make_position("Arsiparis Terampil", kind="fungsional_keterampilan", unit=seksi, code="STAF")
    guru = make_position("Guru Kelas", kind="fungsional_keahlian", unit=make_unit("Dinas Pendidikan"), code="GURU")
    db.session.add_all([
        Requirement(position=staf, competency=integritas, level=2, weight="critical"),
        Requirement(position=staf, competency=dinamis, level=2, weight="normal"),
        Requirement(position=kasi, competency=kerjasama, level=3, weight="normal"),
        Requirement(position=guru, competency=integritas, level=3, weight="normal"),
    ])
    db.session.commit()
    chief = make_employee("Kepala Seksi", position=kasi, rank_code="III/d")
    staff = make_employee("Staf Arsip", position=staf, supervisor=chief)
    teacher = make_employee("Guru Satu", position=guru)
    return SimpleNamespace(
        asn=asn, arsip=arsip, integritas=integritas, kerjasama=kerjasama, perekat=perekat, kearsipan=kearsipan,
        dinamis=dinamis, penyusutan=penyusutan, pemusnahan=pemusnahan, kasi=kasi, staf=staf, guru=guru,
        staff=make_user("employee", employee=staff), chief=make_user("employee", employee=chief),
        teacher=make_user("employee", employee=teacher), hr=make_user("employee", "hr"),
        admin=make_user("admin", with_employee=False, email="admin@pemkomedan.go.id"),
    )


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def requirement(db, position, competency) -> Requirement | None:
    db.session.expire_all()
    return db.session.scalar(select(Requirement).where(Requirement.position_id == position.id,
                                                       Requirement.competency_id == competency.id))


def field_error(response, field_id: str) -> str:
    """The error text shown next to a form field (the element the field's aria-describedby points to)."""
    html = response.get_data(as_text=True)
    match = re.search(rf'<div id="{field_id}-error"[^>]*>(.*?)</div>', html, re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", match[1]).strip()) if match else ""


# --- access ------------------------------------------------------------------------------------------------

def test_anonymous_visitors_are_sent_to_login(client, kit):
    for url in ["/kamus-kompetensi", f"/kamus-kompetensi/{kit.asn.id}", f"/kompetensi/{kit.integritas.id}",
                f"/jabatan/{kit.staf.id}/standar-kompetensi", "/standar-kompetensi/impor",
                "/standar-kompetensi/ekspor.csv"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/masuk"), url


def test_employees_read_frameworks_and_competencies(client, login, kit):
    login(kit.staff)
    assert client.get("/kamus-kompetensi").status_code == 200
    assert client.get(f"/kamus-kompetensi/{kit.arsip.id}").status_code == 200
    assert client.get(f"/kompetensi/{kit.integritas.id}").status_code == 200


def test_employee_reads_the_requirements_of_their_own_position_only(db, client, login, kit):
    login(kit.staff)
    own = client.get(f"/jabatan/{kit.staf.id}/standar-kompetensi")
    assert own.status_code == 200
    text = page_text(own)
    assert "Integritas" in text and "Pengelolaan Arsip Dinamis" in text
    assert "Tambah atau ubah persyaratan" not in text  # no editor
    assert client.get(f"/jabatan/{kit.kasi.id}/standar-kompetensi").status_code == 403  # their supervisor's
    assert client.get(f"/jabatan/{kit.guru.id}/standar-kompetensi").status_code == 403


def test_employee_cannot_post_edits(db, client, login, kit):
    login(kit.staff)
    own_requirement = requirement(db, kit.staf, kit.integritas)
    posts = [
        (f"/jabatan/{kit.staf.id}/standar-kompetensi", {"competency_id": kit.integritas.id, "level": 5,
                                                     "weight": "normal"}),
        (f"/jabatan/{kit.staf.id}/standar-kompetensi/{own_requirement.id}/hapus", {}),
        (f"/kompetensi/{kit.perekat.id}/prasyarat", {"required_id": kit.integritas.id, "level": 1}),
        (f"/kompetensi/{kit.kerjasama.id}/prasyarat/{kit.integritas.id}/hapus", {}),
        ("/standar-kompetensi/impor", {}),
    ]
    for url, data in posts:
        assert client.post(url, data=data).status_code == 403, url
    for url in ["/standar-kompetensi/impor", "/standar-kompetensi/ekspor.csv", "/standar-kompetensi/ekspor.xlsx"]:
        assert client.get(url).status_code == 403, url
    assert requirement(db, kit.staf, kit.integritas).level == 2
    assert count(db, Prerequisite) == 2


def test_supervisors_read_their_subordinates_position_requirements(client, login, kit):
    login(kit.chief)
    assert client.get(f"/jabatan/{kit.staf.id}/standar-kompetensi").status_code == 200  # a subordinate's
    assert client.get(f"/jabatan/{kit.kasi.id}/standar-kompetensi").status_code == 200  # their own
    assert client.get(f"/jabatan/{kit.guru.id}/standar-kompetensi").status_code == 403
    assert client.post(f"/jabatan/{kit.staf.id}/standar-kompetensi",
                       data={"competency_id": kit.perekat.id, "level": 1, "weight": "normal"}).status_code == 403


def test_a_user_without_employee_record_needs_a_role(client, login, kit, make_user):
    login(make_user("trainer", with_employee=False, email="pelatih@pemkomedan.go.id"))
    assert client.get(f"/jabatan/{kit.staf.id}/standar-kompetensi").status_code == 403
    assert client.get("/kamus-kompetensi").status_code == 200


def test_navigation_and_links_lead_to_the_competency_pages(client, login, kit):
    login(kit.staff)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/kamus-kompetensi"' in home
    assert f'href="/jabatan/{kit.staf.id}/standar-kompetensi"' in home
    assert 'href="/standar-kompetensi/impor"' not in home
    profile = client.get(f"/pegawai/{kit.staff.employee_id}").get_data(as_text=True)
    assert f'href="/jabatan/{kit.staf.id}/standar-kompetensi"' in profile
    client.post("/keluar")
    login(kit.hr)
    assert 'href="/standar-kompetensi/impor"' in client.get("/").get_data(as_text=True)
    assert f'href="/jabatan/{kit.kasi.id}/standar-kompetensi"' in client.get(f"/jabatan/{kit.kasi.id}").get_data(
        as_text=True)


def test_unknown_ids_are_404(client, login, kit):
    login(kit.hr)
    for url in ["/kamus-kompetensi/999999", "/kompetensi/999999", "/jabatan/999999/standar-kompetensi"]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/jabatan/{kit.kasi.id}/standar-kompetensi/999999/hapus").status_code == 404


# --- frameworks --------------------------------------------------------------------------------------------

def test_framework_list_is_searchable_by_name_and_code(client, login, kit):
    login(kit.staff)
    text = page_text(client.get("/kamus-kompetensi"))
    assert "Kompetensi Manajerial ASN" in text and "Kompetensi Teknis Kearsipan" in text
    by_name = page_text(client.get("/kamus-kompetensi?q=kearsipan"))
    assert "Kompetensi Teknis Kearsipan" in by_name and "Kompetensi Manajerial ASN" not in by_name
    by_code = page_text(client.get("/kamus-kompetensi?q=asn"))
    assert "Kompetensi Manajerial ASN" in by_code and "Kearsipan" not in by_code
    assert "Tidak ada kamus yang cocok" in page_text(client.get("/kamus-kompetensi?q=zzz"))


def test_framework_tree_shows_parents_children_scale_and_types(client, login, kit):
    login(kit.staff)
    response = client.get(f"/kamus-kompetensi/{kit.arsip.id}")
    html, text = response.get_data(as_text=True), page_text(response)
    assert "1 – Dasar" in text and "3 – Mahir" in text and "mahir mulai level 2" in text
    assert html.count("<details") == 2  # Kearsipan and Penyusutan Arsip have children
    assert text.index("Kearsipan") < text.index("Pengelolaan Arsip Dinamis") < text.index("Pemusnahan Arsip")
    assert "Teknis" in text
    asn = page_text(client.get(f"/kamus-kompetensi/{kit.asn.id}"))
    assert "Manajerial" in asn and "Sosial kultural" in asn


def test_framework_tree_search_shows_matches_with_their_ancestors(client, login, kit):
    login(kit.staff)
    response = client.get(f"/kamus-kompetensi/{kit.arsip.id}?q=pemusnahan")
    html, text = response.get_data(as_text=True), page_text(response)
    assert "1 dari 4 kompetensi cocok" in text
    assert "Kearsipan" in text and "Penyusutan Arsip" in text and "Pemusnahan Arsip" in text
    assert "Pengelolaan Arsip Dinamis" not in text
    assert "<mark>Pemusnahan Arsip</mark>" in html
    assert all("open" in tag for tag in re.findall(r"<details[^>]*>", html))
    by_code = page_text(client.get(f"/kamus-kompetensi/{kit.arsip.id}?q=AR.1"))
    assert "Pengelolaan Arsip Dinamis" in by_code and "Pemusnahan" not in by_code
    assert "Tidak ada kompetensi yang cocok" in page_text(client.get(f"/kamus-kompetensi/{kit.arsip.id}?q=zzz"))


# --- competency page ---------------------------------------------------------------------------------------

def test_competency_page_shows_levels_indicators_and_prerequisites(client, login, kit):
    login(kit.staff)
    text = page_text(client.get(f"/kompetensi/{kit.integritas.id}"))
    for expected in ["Integritas", "Kompetensi Manajerial ASN", "Bertindak sesuai nilai dan etika",
                     "1.1 Hadir dan pulang tepat waktu", "1.2 Tidak menerima gratifikasi",  # numbered as in a kamus
                     "Mengajak rekan bertindak sesuai etika", "Level 5"]:
        assert expected in text, expected
    assert "Menjadi prasyarat bagi" in text and "Kerja Sama" in text and "Pengelolaan Arsip Dinamis" in text
    assert "Jabatan yang mempersyaratkan" not in text  # positions are for HR
    assert "Simpan prasyarat" not in text
    needs = page_text(client.get(f"/kompetensi/{kit.kerjasama.id}"))
    assert "Integritas" in needs and "level 2" in needs


def test_hr_sees_positions_requiring_a_competency_with_level_weight_and_head_count(client, login, kit):
    login(kit.hr)
    text = page_text(client.get(f"/kompetensi/{kit.integritas.id}"))
    assert "Jabatan yang mempersyaratkan (2)" in text
    assert "Arsiparis Terampil" in text and "Guru Kelas" in text
    assert re.search(r"Arsiparis Terampil STAF Seksi Pengolahan Arsip 2 Kritis 1", text)
    assert re.search(r"Guru Kelas GURU Dinas Pendidikan 3 Normal 1", text)
    assert text.index("Arsiparis Terampil") < text.index("Guru Kelas")  # critical first


def test_hr_adds_and_removes_a_prerequisite(db, client, login, kit):
    login(kit.hr)
    response = client.post(f"/kompetensi/{kit.perekat.id}/prasyarat",
                           data={"required_id": kit.kerjasama.id, "level": 3}, follow_redirects=True)
    assert "Prasyarat Kerja Sama (level 3) disimpan" in page_text(response)
    db.session.expire_all()
    assert db.session.get(Prerequisite, (kit.perekat.id, kit.kerjasama.id)).level == 3
    response = client.post(f"/kompetensi/{kit.perekat.id}/prasyarat/{kit.kerjasama.id}/hapus",
                           follow_redirects=True)
    assert "Prasyarat Kerja Sama dihapus" in page_text(response)
    db.session.expire_all()
    assert db.session.get(Prerequisite, (kit.perekat.id, kit.kerjasama.id)) is None


def test_a_prerequisite_cycle_is_refused_next_to_the_field_naming_the_cycle(db, client, login, kit):
    login(kit.hr)
    # Kerja Sama already needs Integritas: Integritas needing Kerja Sama closes a loop.
    response = client.post(f"/kompetensi/{kit.integritas.id}/prasyarat",
                           data={"required_id": kit.kerjasama.id, "level": 1})
    assert response.status_code == 422
    assert field_error(response, "required_id") == ("Prasyarat ini membuat lingkaran: Kerja Sama -> Integritas -> "
                                                    "Kerja Sama.")
    assert count(db, Prerequisite) == 2


def test_a_prerequisite_level_outside_the_scale_is_refused(db, client, login, kit):
    login(kit.hr)
    response = client.post(f"/kompetensi/{kit.perekat.id}/prasyarat",
                           data={"required_id": kit.dinamis.id, "level": 4})
    assert response.status_code == 422
    assert "Level harus antara 1 dan 3 (skala Kompetensi Teknis Kearsipan)" in field_error(response, "level")


# --- position requirements ---------------------------------------------------------------------------------

def test_requirements_table_lists_critical_first_with_level_labels(client, login, kit):
    login(kit.staff)
    text = page_text(client.get(f"/jabatan/{kit.staf.id}/standar-kompetensi"))
    assert "Standar Kompetensi Jabatan" in text and "Arsiparis Terampil" in text
    table = text[text.index("Kompetensi yang dipersyaratkan"):text.index("Urutan belajar")]
    assert re.search(r"Integritas M\.01 ASN Manajerial 2 Kritis", table)
    assert re.search(r"Pengelolaan Arsip Dinamis AR\.1 ARSIP Teknis 2 – Cakap Normal", table)
    assert table.index("Integritas") < table.index("Pengelolaan Arsip Dinamis")


def test_learning_order_puts_prerequisites_first(client, login, kit):
    login(kit.chief)
    text = page_text(client.get(f"/jabatan/{kit.kasi.id}/standar-kompetensi"))
    order = text[text.index("Urutan belajar"):text.index("Graf kompetensi")]
    assert order.index("Integritas") < order.index("Kerja Sama")
    assert "prasyarat untuk Kerja Sama (level 2)" in order
    assert "dipersyaratkan level 3" in order


def test_hr_adds_then_updates_a_requirement_without_duplicates(db, client, login, kit):
    login(kit.hr)
    url = f"/jabatan/{kit.staf.id}/standar-kompetensi"
    editor = page_text(client.get(url))
    assert "Tambah atau ubah persyaratan" in editor
    added = client.post(url, data={"competency_id": kit.perekat.id, "level": 2, "weight": "normal"},
                        follow_redirects=True)
    assert "Persyaratan Perekat Bangsa ditambahkan." in page_text(added)
    updated = client.post(url, data={"competency_id": kit.perekat.id, "level": 4, "weight": "critical"},
                          follow_redirects=True)
    assert "Persyaratan Perekat Bangsa diperbarui." in page_text(updated)
    saved = requirement(db, kit.staf, kit.perekat)
    assert (saved.level, saved.weight) == (4, "critical")
    assert db.session.scalar(select(func.count()).where(Requirement.position_id == kit.staf.id)) == 3
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "requirement")
                                 .order_by(AuditEntry.id)).all()
    assert actions == ["create", "update"]


def test_the_edit_link_prefills_the_editor(client, login, kit):
    login(kit.hr)
    url = f"/jabatan/{kit.staf.id}/standar-kompetensi?competency={kit.integritas.id}"
    html = client.get(url).get_data(as_text=True)
    assert re.search(rf'<option selected value="{kit.integritas.id}"|<option value="{kit.integritas.id}" selected',
                     html.replace(f' data-framework="{kit.asn.id}"', ""))
    assert re.search(r'<option value="critical" selected|<option selected value="critical"', html)


def test_a_level_outside_the_frameworks_scale_is_refused_with_a_message(db, client, login, kit):
    login(kit.hr)
    response = client.post(f"/jabatan/{kit.staf.id}/standar-kompetensi",
                           data={"competency_id": kit.pemusnahan.id, "level": 4, "weight": "normal"})
    assert response.status_code == 422
    assert field_error(response, "level") == "Level harus antara 1 dan 3 (skala Kompetensi Teknis Kearsipan)."
    assert requirement(db, kit.staf, kit.pemusnahan) is None


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"competency_id": 0, "level": 1, "weight": "normal"}, "competency_id", "Pilih kompetensinya."),
    ({"competency_id": 999999, "level": 1, "weight": "normal"}, "competency_id", "Not a valid choice"),
    ({"level": 9, "weight": "normal"}, "level", "Not a valid choice"),
    ({"level": 1, "weight": "sedang"}, "weight", "Not a valid choice"),
])
def test_invalid_editor_input_re_renders_with_field_errors(db, client, login, kit, data, field, message):
    login(kit.hr)
    data = {"competency_id": kit.perekat.id, **data}
    response = client.post(f"/jabatan/{kit.staf.id}/standar-kompetensi", data=data)
    assert response.status_code == 422
    error = field_error(response, field)
    assert error, response.get_data(as_text=True)
    if not message.startswith("Not a valid"):
        assert error == message
    assert requirement(db, kit.staf, kit.perekat) is None


def test_hr_removes_a_requirement_with_confirmation(db, client, login, kit):
    login(kit.hr)
    target = requirement(db, kit.staf, kit.dinamis)
    page = client.get(f"/jabatan/{kit.staf.id}/standar-kompetensi").get_data(as_text=True)
    delete_url = f"/jabatan/{kit.staf.id}/standar-kompetensi/{target.id}/hapus"
    assert f'action="{delete_url}" class="d-inline" data-confirm="' in page
    response = client.post(f"/jabatan/{kit.staf.id}/standar-kompetensi/{target.id}/hapus", follow_redirects=True)
    assert "Persyaratan Pengelolaan Arsip Dinamis dihapus." in page_text(response)
    assert requirement(db, kit.staf, kit.dinamis) is None
    # Through another position's URL a requirement is not found.
    other = requirement(db, kit.staf, kit.integritas)
    assert client.post(f"/jabatan/{kit.kasi.id}/standar-kompetensi/{other.id}/hapus").status_code == 404
    assert requirement(db, kit.staf, kit.integritas) is not None


# --- graph -------------------------------------------------------------------------------------------------

def _graph_data(response) -> dict:
    html = response.get_data(as_text=True)
    match = re.search(r'<script type="application/json" id="requirement-graph-data">(.*?)</script>', html, re.S)
    assert match, "graph data block missing"
    return json.loads(match[1])


def test_graph_json_is_embedded_and_well_formed(client, login, kit):
    login(kit.chief)
    response = client.get(f"/jabatan/{kit.kasi.id}/standar-kompetensi")
    data = _graph_data(response)
    nodes = {node["id"]: node for node in data["nodes"]}
    assert nodes[f"p{kit.kasi.id}"]["kind"] == "position"
    assert nodes[f"c{kit.kerjasama.id}"]["kind"] == "required"
    assert nodes[f"c{kit.integritas.id}"]["kind"] == "prerequisite"
    assert nodes[f"c{kit.integritas.id}"]["depth"] == 2
    edges = {(edge["source"], edge["target"]): edge for edge in data["edges"]}
    assert edges[(f"p{kit.kasi.id}", f"c{kit.kerjasama.id}")]["label"] == "level 3"
    assert edges[(f"c{kit.kerjasama.id}", f"c{kit.integritas.id}")]["label"] == "perlu level 2"
    assert all(edge["source"] in nodes and edge["target"] in nodes for edge in data["edges"])


def test_graph_has_an_accessible_table_and_a_vendored_library(client, login, kit):
    login(kit.staff)
    response = client.get(f"/jabatan/{kit.staf.id}/standar-kompetensi")
    html = response.get_data(as_text=True)
    assert re.search(r'<div id="requirement-graph"[^>]*aria-hidden="true"', html)
    assert re.search(r'class="visually-hidden">[^<]*<a href="#graph-table">', html)
    table = html[html.index('id="graph-table"'):]
    table_text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table[:table.index("</table>")]))
    assert "Arsiparis Terampil mempersyaratkan Integritas 2 · Kritis" in table_text
    assert "Arsiparis Terampil mempersyaratkan Pengelolaan Arsip Dinamis 2 – Cakap" in table_text
    assert "Pengelolaan Arsip Dinamis memerlukan prasyarat Integritas 1" in table_text
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert "/static/vendor/cytoscape/cytoscape.min.js" in scripts and "/static/competency_graph.js" in scripts
    assert not [src for src in scripts if src.startswith(("http:", "https:", "//"))]
    library = client.get("/static/vendor/cytoscape/cytoscape.min.js")
    assert library.status_code == 200 and b"sourceMappingURL" not in library.data
    library.close()
    assert (ROOT / "static/vendor/cytoscape/LICENSE").read_text().startswith("Copyright")


def test_graph_data_cannot_break_out_of_its_script_block(db, client, login, kit):
    kit.staf.name = "Arsiparis </script><script>alert(1)</script>"
    db.session.commit()
    login(kit.staff)
    response = client.get(f"/jabatan/{kit.staf.id}/standar-kompetensi")
    assert "<script>alert(1)" not in response.get_data(as_text=True)
    assert _graph_data(response)["nodes"][0]["label"] == "Arsiparis </script><script>alert(1)</script>"


def test_a_position_without_requirements_shows_no_graph(client, login, kit, make_position):
    login(kit.hr)
    empty = make_position("Jabatan Baru", code="BARU")
    response = client.get(f"/jabatan/{empty.id}/standar-kompetensi")
    assert response.status_code == 200
    assert "Belum ada kompetensi yang dipersyaratkan" in page_text(response)
    assert "requirement-graph-data" not in response.get_data(as_text=True)


def test_the_graph_follows_an_edit_at_once(client, login, kit):
    login(kit.hr)
    url = f"/jabatan/{kit.guru.id}/standar-kompetensi"
    assert len(_graph_data(client.get(url))["nodes"]) == 2
    client.post(url, data={"competency_id": kit.kerjasama.id, "level": 2, "weight": "critical"})
    data = _graph_data(client.get(url))
    assert {node["id"] for node in data["nodes"]} == {f"p{kit.guru.id}", f"c{kit.integritas.id}",
                                                       f"c{kit.kerjasama.id}"}
    assert any(edge["critical"] for edge in data["edges"])


# --- in a real browser -------------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def browser_page(app):
    """A headless Chromium page against the app served on a local port (as in test_browser.py)."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed")
    playwright_api = pytest.importorskip("playwright.sync_api")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run"])
            context = browser.new_context(base_url=f"http://127.0.0.1:{server.server_port}", locale="id-ID")
            page = context.new_page()
            page.set_default_timeout(10_000)
            yield page
            browser.close()
    finally:
        server.shutdown()
        thread.join()


@pytest.mark.browser
def test_the_graph_is_drawn_and_the_level_select_follows_the_scale(browser_page, kit):
    page, errors = browser_page, []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/masuk")
    page.fill("#identifier", kit.hr.login_name)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(f"/jabatan/{kit.kasi.id}/standar-kompetensi")
    page.wait_for_selector("#requirement-graph canvas")
    assert page.is_visible("#requirement-graph-toolbar")
    assert page.locator("#requirement-graph").bounding_box()["height"] >= 320
    page.select_option("#competency_id", value=str(kit.dinamis.id))
    assert page.locator("#level option").all_inner_texts() == ["1 – Dasar", "2 – Cakap", "3 – Mahir"]
    page.select_option("#competency_id", value=str(kit.perekat.id))
    assert page.locator("#level option").all_inner_texts() == ["1", "2", "3", "4", "5"]
    assert errors == []
