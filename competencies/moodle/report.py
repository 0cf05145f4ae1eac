"""A Moodle preview as text, for the command line and the preview page."""

from flask_babel import gettext as _

from competencies.moodle.preview import MoodlePreview, MoodleRow, MoodleScale


def format_report(preview: MoodlePreview) -> str:
    """The preview as text: framework, scale, counts, depth, warnings and errors."""
    lines = _framework_lines(preview.framework) if preview.framework is not None else []
    counts = preview.counts
    by_depth = ", ".join(_("tingkat %(depth)s: %(count)s", depth=depth, count=count)
                         for depth, count in preview.count_by_depth.items())
    lines.append(_("Kompetensi: %(count)s, kedalaman %(depth)s", count=counts["competencies"],
                   depth=counts["depth"]) + (f" ({by_depth})" if by_depth else ""))
    lines.append(_("Dengan aturan: %(rules)s; dengan kompetensi terkait: %(related)s; dengan skala sendiri: "
                   "%(scales)s", rules=counts["rules"], related=counts["related"], scales=counts["own_scales"]))
    if preview.ignored_columns:
        lines.append(_("Kolom diabaikan: %(columns)s", columns=", ".join(preview.ignored_columns)))
    if preview.warnings:
        lines.append(_("Peringatan (%(count)s):", count=len(preview.warnings)))
        lines.extend(f"  {issue.text}" for issue in preview.warnings)
    if preview.errors:
        lines.append(_("Kesalahan (%(count)s):", count=len(preview.errors)))
        lines.extend(f"  {issue.text}" for issue in preview.errors)
        lines.append(_("Tidak ada yang dapat diimpor: perbaiki kesalahan di atas."))
    else:
        lines.append(_("Siap diimpor: 1 kerangka, %(count)s kompetensi.", count=counts["competencies"]))
    return "\n".join(lines)


def _framework_lines(framework: MoodleRow) -> list[str]:
    lines = [_("Kerangka: %(name)s (ID number %(code)s), baris %(row)s",
               name=framework.short_name, code=framework.id_number, row=framework.number)]
    if framework.scale is not None:
        lines.append(_("Skala: %(levels)s", levels="; ".join(_scale_labels(framework.scale))))
    if framework.taxonomy:
        lines.append(_("Taksonomi: %(terms)s", terms=", ".join(framework.taxonomy)))
    return lines


def _scale_labels(scale: MoodleScale) -> list[str]:
    """"2 Cakap [bawaan, mahir]": each level with its label and what it is marked as."""
    labels = []
    for level, label in enumerate(scale.values, start=1):
        notes = []
        if level == scale.default:
            notes.append(_("bawaan"))
        if level >= scale.proficient_level:
            notes.append(_("mahir"))
        labels.append(f"{level} {label}" + (f" [{', '.join(notes)}]" if notes else ""))
    return labels
