"""A rater's pages: my forms, filling in a form (draft, suggestion, submission, lock), who may open what."""

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from competencies.appraisals import cycles
from competencies.appraisals.models import Appraisal, AppraisalForm, Rating
from competencies.appraisals.rating import form_items
from tests import appraisal_rater_helpers, test_browser
from tests.appraisal_rater_helpers import form_url
from tests.appraisal_steps import appraisal_of, fill_performance, form_of, rate_all
from tests.helpers import page_text

city = appraisal_rater_helpers.city  # the fixture, found by pytest in this module


def _indicators(item, up_to: int, count: int | None = None) -> list[int]:
    """The indicator ids of levels 1..up_to (of level ``up_to`` only the first ``count`` when given)."""
    ids = []
    for level, level_ids in sorted(item.indicators_by_level.items()):
        if level < up_to:
            ids += level_ids
        elif level == up_to:
            ids += level_ids[:count]
    return ids


def _answers(form: AppraisalForm, answers: list[dict], action: str = "save") -> dict:
    """Form data for a rater's form: one answer (level, observed, justification, evidence_note) per competency."""
    data = {action: "1"}
    for index, (item, answer) in enumerate(zip(form_items(form), answers, strict=True)):
        prefix = f"ratings-{index}-"
        level = answer.get("level")
        data.update({f"{prefix}competency_id": str(item.competency.id),
                     f"{prefix}level": "" if level is None else str(level),
                     f"{prefix}observed": [str(indicator) for indicator in answer.get("observed", [])],
                     f"{prefix}justification": answer.get("justification", ""),
                     f"{prefix}evidence_note": answer.get("evidence_note", "")})
    return data


def _same_for_all(form: AppraisalForm, level: int, supported: int | None = None) -> list[dict]:
    """Every competency at ``level``, with the indicators of levels 1..``supported`` (default: ``level``) ticked."""
    return [{"level": level, "observed": _indicators(item, level if supported is None else supported)}
            for item in form_items(form)]


def _table_text(response) -> str:
    """The visible text of the page's table body (not the menu, which names the signed-in user)."""
    match = re.search(r"<tbody>.*?</tbody>", response.get_data(as_text=True), re.S)
    return page_text(SimpleNamespace(get_data=lambda as_text: match[0])) if match else ""


def _suggestions(response) -> list[str]:
    html = response.get_data(as_text=True)
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r"<strong data-suggested[^>]*>(.*?)</strong>",
                                                                     html, re.S)]


# --- my forms ----------------------------------------------------------------------------------------------

def test_my_forms_lists_only_the_forms_i_rate(db, client, login, city):
    staff_1, staff_2 = city.staff
    cycles.assign_rater(None, appraisal_of(db, city.cycle, staff_1), "peer", staff_2)
    db.session.commit()

    login(city.head_user)
    text = _table_text(client.get("/penilaian/tugas"))
    assert "Staf Uji 1" in text and "Staf Uji 2" in text and "Kepala Uji" in text
    assert text.count("Atasan langsung") == 2 and text.count("Diri sendiri") == 1
    assert "Staf Lain" not in text and "Rekan kerja" not in text
    assert "Penilaian Tahunan 2026" in text and "Analis Uji" in text and staff_1.nip in text

    client.post("/keluar")
    login(city.staff_users[1])
    text = _table_text(client.get("/penilaian/tugas"))
    assert "Rekan kerja" in text and "Staf Uji 1" in text  # the peer form HR assigned
    assert "Atasan langsung" not in text and "Kepala Uji" not in text

    client.post("/keluar")
    login(city.staff_users[0])
    text = _table_text(client.get("/penilaian/tugas"))
    assert "Diri sendiri" in text
    assert "Staf Uji 2" not in text and "Rekan kerja" not in text and "Atasan langsung" not in text


def test_my_forms_are_searched_by_name_or_nip_and_filtered_by_status(db, client, login, city):
    staff_1, staff_2 = city.staff
    rate_all(db, form_of(db, city.cycle, staff_1, "supervisor"), 2, submit=False)
    login(city.head_user)

    def names(query: str) -> set[str]:
        text = _table_text(client.get(f"/penilaian/tugas?{query}"))
        return {name for name in ("Staf Uji 1", "Staf Uji 2", "Kepala Uji") if name in text}

    assert names("status=draft") == {"Staf Uji 1"}
    assert names("status=not_started") == {"Staf Uji 2", "Kepala Uji"}
    assert names("status=submitted") == set()
    assert names("q=uji+2") == {"Staf Uji 2"}
    assert names(f"q={staff_2.nip}") == {"Staf Uji 2"}
    assert "Draf" in page_text(client.get("/penilaian/tugas?status=draft"))


def test_my_forms_cost_the_same_queries_for_more_rows(db, client, login, city, make_employee, count_queries):
    login(city.head_user)
    client.get("/penilaian/tugas")
    with count_queries() as few:
        assert client.get("/penilaian/tugas").status_code == 200
    for employee in (city.other_head, city.other_staff, make_employee("Pegawai Baru")):
        appraisal = db.session.scalar(select(Appraisal).where(Appraisal.employee_id == employee.id))
        if appraisal is not None:
            cycles.assign_rater(None, appraisal, "peer", city.head)
    db.session.commit()
    with count_queries() as many:
        text = page_text(client.get("/penilaian/tugas"))
    assert "Staf Lain" in text and "Kepala Lain" in text
    assert len(many) == len(few)


# --- a rater's form ----------------------------------------------------------------------------------------

def test_a_draft_is_saved_with_the_level_the_ticked_indicators_suggest(db, client, login, city):
    form = form_of(db, city.cycle, city.staff[0], "self")
    first, second, third = form_items(form)
    login(city.staff_users[0])
    assert _suggestions(client.get(form_url(form))) == ["0 – Belum tampak"] * 3

    answers = [{"observed": _indicators(first, 2, count=2)},  # all of level 1, two thirds of level 2
               {"observed": _indicators(second, 1, count=1), "level": 1},  # one third of level 1 only
               {"observed": third.indicators_by_level[3][:1] + _indicators(third, 1)}]  # none of level 2
    response = client.post(form_url(form), data=_answers(form, answers))
    assert response.status_code == 302 and response.headers["Location"].endswith(form_url(form))

    response = client.get(form_url(form))
    assert _suggestions(response) == ["2", "0 – Belum tampak", "1"]
    text = page_text(response)
    assert "Draf disimpan." in text and "Pilih level." in text
    assert "Level 1 berbeda dari level yang didukung indikator (0): tuliskan alasannya." in text
    db.session.expire_all()
    ratings = {rating.competency_id: rating for rating in db.session.scalars(
        select(Rating).where(Rating.form_id == form.id))}
    assert ratings[first.competency.id].observed == sorted(_indicators(first, 2, count=2))
    assert ratings[first.competency.id].suggested_level == 2 and ratings[first.competency.id].level is None
    assert ratings[second.competency.id].level == 1 and ratings[second.competency.id].suggested_level == 0
    assert db.session.get(AppraisalForm, form.id).status == "draft"
    html = response.get_data(as_text=True)
    for indicator in _indicators(first, 2, count=2):
        assert re.search(rf'<input checked[^>]*value="{indicator}"', html), indicator


def test_the_form_numbers_each_indicator_as_the_dictionary_does(db, client, login, city):
    form = form_of(db, city.cycle, city.staff[0], "self")
    first = form_items(form)[0]
    login(city.staff_users[0])
    html = client.get(form_url(form)).get_data(as_text=True)
    labels = dict(re.findall(r'<input[^>]*name="ratings-0-observed"[^>]*value="(\d+)">\s*<label[^>]*>([^<]*)</label>',
                             html))
    expected = {str(indicator): f"{level}.{place} K1 L{level} indikator {place}"  # the factory's texts
                for level, ids in first.indicators_by_level.items() for place, indicator in enumerate(ids, start=1)}
    assert len(expected) == 9 and labels == expected


def test_submission_needs_a_justification_and_evidence_then_locks_the_form(db, client, login, city):
    form = form_of(db, city.cycle, city.staff[0], "self")
    login(city.staff_users[0])
    above = _same_for_all(form, 3, supported=2)  # indicators support 2, required 2, chosen 3

    response = client.post(form_url(form), data=_answers(form, above, "send"))
    assert response.status_code == 422
    text = page_text(response)
    assert "Jawaban disimpan sebagai draf" in text
    assert "Level 3 berbeda dari level yang didukung indikator (2): tuliskan alasannya." in text
    assert "Level 3 di atas level yang dipersyaratkan (2): tuliskan bukti yang diamati (apa dan kapan)." in text
    db.session.expire_all()
    assert db.session.get(AppraisalForm, form.id).status == "draft"

    justified = [dict(answer, justification="Memimpin tim lintas bidang.") for answer in above]
    response = client.post(form_url(form), data=_answers(form, justified, "send"))
    assert response.status_code == 422
    text = page_text(response)
    assert "tuliskan bukti yang diamati" in text and "berbeda dari level yang didukung indikator (2)" not in text
    db.session.expire_all()
    assert db.session.get(AppraisalForm, form.id).status == "draft"

    complete = [dict(answer, evidence_note="Rapat koordinasi 12 Maret: memimpin tiga bidang.") for answer in justified]
    response = client.post(form_url(form), data=_answers(form, complete, "send"))
    assert response.status_code == 302 and response.headers["Location"].endswith("/penilaian/tugas")
    db.session.expire_all()
    submitted = db.session.get(AppraisalForm, form.id)
    assert submitted.status == "submitted" and submitted.submitted_at is not None

    lowered = _same_for_all(form, level=1)
    response = client.post(form_url(form), data=_answers(form, lowered, "save"))
    assert response.status_code == 422
    assert "Formulir ini sudah dikirim dan terkunci." in page_text(response)
    db.session.expire_all()
    levels = db.session.scalars(select(Rating.level).where(Rating.form_id == form.id)).all()
    assert levels == [3, 3, 3]
    html = client.get(form_url(form)).get_data(as_text=True)
    assert 'name="send"' not in html and 'name="save"' not in html
    assert "sudah dikirim dan terkunci" in html


def test_the_supervisor_form_waits_for_a_complete_skp(db, client, login, city):
    form = form_of(db, city.cycle, city.staff[0], "supervisor")
    login(city.head_user)
    response = client.get(form_url(form))
    text = page_text(response)
    assert "Kinerja (SKP) Belum lengkap" in text
    assert f"/penilaian/{form.appraisal_id}/skp" in response.get_data(as_text=True)

    at_standard = _same_for_all(form, level=2)
    response = client.post(form_url(form), data=_answers(form, at_standard, "send"))
    assert response.status_code == 422
    assert "Kinerja (SKP): tambahkan paling sedikit satu rencana hasil kerja." in page_text(response)

    fill_performance(db, appraisal_of(db, city.cycle, city.staff[0]))
    assert "Kinerja (SKP) Lengkap" in page_text(client.get(form_url(form)))
    response = client.post(form_url(form), data=_answers(form, at_standard, "send"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(AppraisalForm, form.id).status == "submitted"


def test_a_tampered_list_of_competencies_is_refused(db, client, login, city):
    form = form_of(db, city.cycle, city.staff[0], "self")
    login(city.staff_users[0])
    data = _answers(form, _same_for_all(form, level=2))
    data["ratings-0-competency_id"], data["ratings-1-competency_id"] = (data["ratings-1-competency_id"],
                                                                        data["ratings-0-competency_id"])
    response = client.post(form_url(form), data=data)
    assert response.status_code == 422
    assert "Daftar kompetensi formulir ini berubah" in page_text(response)
    assert db.session.scalar(select(Rating.form_id).where(Rating.form_id == form.id)) is None


# --- who may open what -------------------------------------------------------------------------------------

def test_raters_open_only_their_own_forms(db, client, login, city):
    staff_1, staff_2 = city.staff
    cycles.assign_rater(None, appraisal_of(db, city.cycle, staff_1), "peer", city.other_staff)
    db.session.commit()
    other_supervisor_form = form_of(db, city.cycle, city.other_staff, "supervisor")
    peer_form = form_of(db, city.cycle, staff_1, "peer")
    about_me = form_of(db, city.cycle, staff_1, "supervisor")
    data = _answers(about_me, _same_for_all(about_me, level=3))

    login(city.head_user)  # a supervisor, not of this employee
    assert client.get(form_url(other_supervisor_form)).status_code == 403
    assert client.post(form_url(other_supervisor_form), data={"save": "1"}).status_code == 403
    client.post("/keluar")

    login(city.staff_users[1])  # a colleague who was not assigned as peer
    assert client.get(form_url(peer_form)).status_code == 403
    client.post("/keluar")

    login(city.staff_users[0])  # the employee, about their supervisor's form
    assert client.get(form_url(about_me)).status_code == 403
    assert client.post(form_url(about_me), data=data).status_code == 403
    other_appraisal = appraisal_of(db, city.cycle, staff_2)
    assert client.get(f"/penilaian/hasil/{other_appraisal.id}").status_code == 403
    assert client.get(f"/penilaian/{other_appraisal.id}/skp").status_code == 403
    assert db.session.scalar(select(Rating.form_id).where(Rating.form_id == about_me.id)) is None


def test_hr_reads_any_form_but_cannot_fill_it_in(db, client, login, city):
    form = form_of(db, city.cycle, city.staff[0], "supervisor")
    login(city.hr)
    response = client.get(form_url(form))
    assert response.status_code == 200
    assert "hanya dapat dibaca" in page_text(response)
    assert 'name="send"' not in response.get_data(as_text=True)
    assert client.post(form_url(form), data=_answers(form, _same_for_all(form, level=2), "send")).status_code == 403
    assert db.session.scalar(select(Rating.form_id).where(Rating.form_id == form.id)) is None


def test_accounts_without_an_employee_record_have_no_forms_or_results(client, login, make_user):
    login(make_user("employee", with_employee=False, email="tamu@pemkomedan.go.id"))
    assert client.get("/penilaian/tugas").status_code == 403
    assert client.get("/penilaian/hasil").status_code == 403


# --- in a browser ------------------------------------------------------------------------------------------

browser, live_url, page = test_browser.browser, test_browser.live_url, test_browser.page  # the browser fixtures


@pytest.mark.browser
@pytest.mark.skipif(test_browser.CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_the_suggestion_follows_the_ticked_boxes_and_sending_asks_first(db, page, city):
    form = form_of(db, city.cycle, city.staff[0], "self")
    first = form_items(form)[0]
    test_browser.log_in_with_keyboard(page, city.staff[0].nip)
    page.goto(form_url(form))
    card = page.locator("[data-rating-item]").first
    suggestion = card.locator("[data-suggested]")
    assert suggestion.inner_text() == "0 – Belum tampak"
    for indicator in first.indicators_by_level[1][:2]:
        card.locator(f"input[type=checkbox][value='{indicator}']").check()
    assert suggestion.inner_text() == "1"
    for indicator in first.indicators_by_level[2][:1]:
        card.locator(f"input[type=checkbox][value='{indicator}']").check()
    assert suggestion.inner_text() == "1"  # one of three is not more than half
    card.locator(f"input[type=checkbox][value='{first.indicators_by_level[2][1]}']").check()
    assert suggestion.inner_text() == "2"

    assert card.locator("[data-hint=justification]").is_hidden()
    card.locator("select").select_option("3")
    assert card.locator("[data-hint=justification]").is_visible()
    assert card.locator("[data-hint=evidence]").is_visible()
    card.locator("select").select_option("2")
    assert card.locator("[data-hint=justification]").is_hidden() and card.locator("[data-hint=evidence]").is_hidden()

    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Kirim").click()
    assert dialogs and "terkunci" in dialogs[0]
    db.session.expire_all()
    assert db.session.get(AppraisalForm, form.id).started_at is None  # nothing was posted
