"""Rules for markup that survives in plain text.

>>> bool(EMPHASIS.search("She frowned. *He's lying.*"))
True
>>> print(EMPHASIS.search("snake_case_name"))
None
"""

from __future__ import annotations

import re

# Markdown and FanFicFare emphasis: *x*, _x_, **x**, __x__. The opening marker
# follows a non-word character (checked by the reader: a leading lookbehind
# would make the search slow) and the body starts and ends with a non-space,
# so "2 * 3 * 4", "snake_case" and the scene break "* * *" are not emphasis.
# The body may run over a line break (hard-wrapped text) but not a blank line.
EMPHASIS = re.compile(
    r"(?P<marker>\*\*|\*|__|_)"
    r"(?P<body>[^\s*_](?:(?:[^\n*_]|\n(?![ \t]*\n))*?[^\s*_])?)"
    r"(?P=marker)(?![\w*])"
)
