from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lms.people.nip import InvalidNip, parse_nip
from tests.helpers import make_nip

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("nip", "employment_type", "reason"),
    [
        ("19850317201001100", "pns", "tepat 18 angka"),              # 17 digits
        ("1985031720100110021", "pns", "tepat 18 angka"),            # 19 digits
        ("19850317 01001 1002", "pns", "tepat 18 angka"),            # a space
        ("1985031720100110a2", "pns", "tepat 18 angka"),
        ("١٩٨٥٠٣١٧٢٠١٠٠١١٠٠٢", "pns", "tepat 18 angka"),           # non-ASCII digits
        ("198502302010011002", "pns", "tanggal lahir"),              # 30 February
        ("198513172010011002", "pns", "tanggal lahir"),              # month 13
        ("185003172010011002", "pns", "tanggal lahir"),              # year 1850
        ("198503172010131002", "pns", "bukan bulan"),                # TMT month 13
        ("198503172010001002", "pns", "bukan bulan"),                # TMT month 0
        ("198503172003021002", "pns", "ulang tahun ke-18"),          # CPNS at 17
        ("198503172027011002", "pns", "masa depan"),                 # TMT after today
        ("198503172010013002", "pns", "jenis kelamin"),              # gender 3
        ("198503172010010002", "pns", "jenis kelamin"),              # gender 0
        ("12345678901234567", "pppk", "tepat 18 angka"),
    ],
)
def test_invalid_nips_are_refused_with_the_reason(app, nip, employment_type, reason):
    with pytest.raises(InvalidNip, match=reason):
        parse_nip(nip, employment_type, today=TODAY)


@pytest.mark.parametrize(
    ("nip", "birth", "gender"),
    [
        ("198503172010011002", date(1985, 3, 17), "L"),
        ("199912312024122001", date(1999, 12, 31), "P"),
        ("200002292018021001", date(2000, 2, 29), "L"),   # leap day, CPNS in the month of the 18th birthday
        ("197001012026111003", date(1970, 1, 1), "L"),    # TMT in the current month
    ],
)
def test_valid_pns_nips_reveal_birth_date_and_gender(app, nip, birth, gender):
    facts = parse_nip(nip, "pns", today=TODAY)
    assert (facts.birth_date, facts.gender) == (birth, gender)


def test_an_ni_pppk_is_checked_by_its_own_layout(app):
    # The example of data/reference/pppk.md: born 1990-09-13, first appointed in 2025, contract code 24 (not
    # interpreted), female, sequence 014. As a PNS NIP it would have TMT month 24.
    facts = parse_nip("199009132025242014", "pppk", today=TODAY)
    assert (facts.birth_date, facts.tmt_year, facts.gender) == (date(1990, 9, 13), 2025, "P")
    with pytest.raises(InvalidNip, match="bukan bulan"):
        parse_nip("199009132025242014", "pns", today=TODAY)


@pytest.mark.parametrize(("nip", "reason"), [
    ("199013132025242014", "Digit 1-8 NI PPPK bukan tanggal lahir"),  # month 13
    ("199009132018242014", "tahun pengangkatan"),  # before the first PPPK
    ("199009132027242014", "tahun pengangkatan"),  # after this year (2026)
    ("200809132021242014", "ulang tahun ke-18"),  # appointed at 13
    ("199009132025243014", "jenis kelamin"),
    ("1990091320252420", "NI PPPK harus terdiri dari tepat 18 angka"),
])
def test_an_invalid_ni_pppk_is_refused_with_the_reason(app, nip, reason):
    with pytest.raises(InvalidNip, match=reason):
        parse_nip(nip, "pppk", today=TODAY)


@given(
    birth=st.dates(min_value=date(1940, 1, 1), max_value=date(2004, 12, 31)),
    years_after_18=st.integers(min_value=0, max_value=40),
    month=st.integers(min_value=1, max_value=12),
    gender=st.sampled_from([1, 2]),
    sequence=st.integers(min_value=0, max_value=999),
)
def test_every_well_formed_nip_round_trips(app, birth, years_after_18, month, gender, sequence):
    tmt = (birth.year + 18 + years_after_18, month)
    if tmt < (birth.year + 18, birth.month) or tmt > (TODAY.year, TODAY.month):
        with pytest.raises(InvalidNip):
            parse_nip(make_nip(birth, tmt, gender, sequence), "pns", today=TODAY)
        return
    facts = parse_nip(make_nip(birth, tmt, gender, sequence), "pns", today=TODAY)
    assert facts.birth_date == birth
    assert (facts.tmt_year, facts.tmt_month) == tmt
    assert facts.gender == ("L" if gender == 1 else "P")
