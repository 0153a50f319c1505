"""Rules for markup that survives in plain text.

>>> bool(EMPHASIS.search("She frowned. *He's lying.*"))
True
>>> bool(EMPHASIS.search("snake_case_name"))
False
"""

from __future__ import annotations

import re

# Markdown and FanFicFare emphasis: *x*, _x_, **x**, __x__. The opening marker
# follows a non-word character and the body starts and ends with a non-space,
# so "2 * 3 * 4", "snake_case" and the scene break "* * *" are not emphasis.
# The body may run over a line break (hard-wrapped text) but not a blank line.
EMPHASIS = re.compile(
    r"(?<![\w*])(?P<marker>\*\*|\*|__|_)"
    r"(?P<body>[^\s*_](?:(?:[^\n*]|\n(?![ \t]*\n))*?[^\s*_])?)"
    r"(?P=marker)(?![\w*])"
)
