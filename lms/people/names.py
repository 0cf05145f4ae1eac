"""Employees' names with academic titles: the titles typed into the name itself, and a name that ends a sentence.

Titles have their own fields (``front_title``, ``back_title``; ``Employee.full_name`` composes them as on official
documents), so a name that carries them shows them twice or in the wrong place on certificates and lists.
"""

import re

# Titles written before the name (Dr., Drs., Dra., dr., Ir., Prof.) and the hajj titles (H., Hj.), followed by
# a space; and the degrees written after it, as abbreviations with an inner full stop (S.E., S.Kom., M.Si.,
# A.Md., Ph.D.) or after a comma.
_FRONT = re.compile(r"^(?:(?:prof|drs?|dra|ir|hj?)\.\s*)+", re.IGNORECASE)
_BACK = re.compile(r"(?<![\w.])[A-Z][A-Za-z]{0,3}\.[A-Za-z]{1,5}(?:\.[A-Za-z]{1,3})*\.?")


def titles_in_name(name: str) -> list[str]:
    """The academic titles typed into a name ("Dr. Budi Santoso, S.E., M.Si." -> ["Dr.", "S.E.", "M.Si."])."""
    found: list[str] = []
    front = _FRONT.match(name.strip())
    if front:
        found.extend(part + "." for part in re.split(r"\.\s*", front.group(0)) if part)
        name = name.strip()[front.end():]
    found.extend(match.group(0) for match in _BACK.finditer(name))
    if not found and "," in name:  # "Budi Santoso, SE": a degree written without full stops
        found.extend(part.strip() for part in name.split(",")[1:] if part.strip())
    return found


def ending_sentence(name: str) -> str:
    """A name put before a sentence's full stop: its last abbreviation's full stop serves as the sentence's
    ("Selamat datang, Budi Santoso, S.E." and not "S.E..")."""
    return name[:-1] if name.endswith(".") else name
