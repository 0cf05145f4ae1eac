"""What the home page tests read from a page: the work-queue lines (their link and number) by id."""

import html
import re


def queue_line(response, line_id: str) -> tuple[str, int]:
    """(the href, the number) of the home page's queue line with this id; AssertionError when absent."""
    page = response.get_data(as_text=True)
    match = re.search(rf'<a class="[^"]*queue-item[^"]*" href="([^"]+)" id="{re.escape(line_id)}">.*?'
                      r'<span class="badge[^"]*">([\d.,]+)</span>', page, re.S)
    assert match, f"no queue line {line_id}"
    return html.unescape(match.group(1)), int(re.sub(r"[.,]", "", match.group(2)))


def has_line(response, line_id: str) -> bool:
    return f'id="{line_id}"' in response.get_data(as_text=True)
