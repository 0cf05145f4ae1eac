"""The parent links of a file's competencies: every ID number once, every parent in the file, no cycle; and
the depth of each competency in the tree."""

from collections import defaultdict

from flask_babel import gettext as _

from competencies.moodle.preview import Issue, MoodlePreview, MoodleRow


def check_tree(preview: MoodlePreview) -> None:
    """Resolve each competency's parent and depth; report ID numbers used twice, parents not in the file and
    cycles (errors), and related competencies not in the file (warnings)."""
    rows = preview.competencies
    by_code = _unique_codes(rows, preview.errors)
    framework_code = preview.framework.id_number if preview.framework else None
    orphans = _link_parents(rows, by_code, framework_code, preview.errors)
    _depths(rows, orphans | _check_cycles(rows, preview.errors))
    _check_related(rows, by_code, preview.warnings)


def _unique_codes(rows: list[MoodleRow], errors: list[Issue]) -> dict[str, MoodleRow]:
    """ID number -> its first row; an ID number on several rows is an error."""
    groups: dict[str, list[MoodleRow]] = defaultdict(list)
    for row in rows:
        if row.id_number:
            groups[row.id_number].append(row)
    for code, group in groups.items():
        if len(group) > 1:
            errors.append(Issue(tuple(row.number for row in group), _(
                "ID number \"%(code)s\" dipakai lebih dari sekali.", code=code)))
    return {code: group[0] for code, group in groups.items()}


def _link_parents(rows: list[MoodleRow], by_code: dict[str, MoodleRow], framework_code: str | None,
                  errors: list[Issue]) -> set[int]:
    """Set each row's parent; report parents not in the file and return the numbers of the rows naming them."""
    missing: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        code = row.parent_id_number
        if not code:
            continue
        if code in by_code:
            row.parent = by_code[code]
        elif code != framework_code:
            missing[code].append(row.number)
    for code, numbers in missing.items():
        errors.append(Issue(tuple(numbers), _("Parent ID number \"%(code)s\" tidak ada di berkas.", code=code)))
    return {number for numbers in missing.values() for number in numbers}


def _check_related(rows: list[MoodleRow], by_code: dict[str, MoodleRow], warnings: list[Issue]) -> None:
    for row in rows:
        unknown = [code for code in row.related if code not in by_code]
        if unknown:
            warnings.append(Issue((row.number,), _(
                "kompetensi terkait %(codes)s tidak ada di berkas (disimpan sebagai data, Moodle "
                "mengabaikannya).", codes=", ".join(f"\"{code}\"" for code in unknown))))


def _check_cycles(rows: list[MoodleRow], errors: list[Issue]) -> set[int]:
    """Report every cycle of parent links as "A -> B -> C -> A"; return the row numbers in cycles."""
    done: set[int] = set()
    cyclic: set[int] = set()
    for start in rows:
        path: list[MoodleRow] = []
        on_path: dict[int, int] = {}
        current: MoodleRow | None = start
        while current is not None and current.number not in done:
            if current.number in on_path:
                cycle = path[on_path[current.number]:]
                first = min(range(len(cycle)), key=lambda index: cycle[index].number)
                cycle = cycle[first:] + cycle[:first]
                chain = " -> ".join(row.id_number for row in [*cycle, cycle[0]])
                errors.append(Issue(tuple(sorted(row.number for row in cycle)), _(
                    "Parent ID number membentuk siklus: %(chain)s.", chain=chain)))
                cyclic.update(row.number for row in cycle)
                break
            on_path[current.number] = len(path)
            path.append(current)
            current = current.parent
        done.update(row.number for row in path)
    return cyclic


def _depths(rows: list[MoodleRow], unplaced: set[int]) -> None:
    """1 for top-level competencies, parent's + 1 below; 0 for rows that cannot be placed in the tree."""
    known: dict[int, int] = {}

    def depth_of(row: MoodleRow) -> int:
        chain: list[MoodleRow] = []
        seen: set[int] = set()
        current: MoodleRow | None = row
        base = 0
        while current is not None:
            if current.number in known:
                base = known[current.number]
                break
            if current.number in unplaced or current.number in seen:
                base = -1
                break
            chain.append(current)
            seen.add(current.number)
            current = current.parent
        for node in reversed(chain):
            base = -1 if base < 0 else base + 1
            known[node.number] = base
        return known.setdefault(row.number, -1)  # -1: the row itself cannot be placed

    for row in rows:
        row.depth = max(depth_of(row), 0)
