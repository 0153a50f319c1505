"""Thresholds and word lists for the writer's checks (``ficlens check``).

>>> UNTAGGED_RUN
6
>>> "said" in PLAIN_TAGS, "hissed" in PLAIN_TAGS
(True, False)
"""

from __future__ import annotations

import re

# A stretch of this many dialogue paragraphs in a row with no tag and no
# action beat leaves readers counting lines to know who speaks.
UNTAGGED_RUN = 6

# An attribution below this confidence is no plausible speaker at all.
NO_SPEAKER_CONFIDENCE = 0.3

# Below this the report marks a line as doubtful (dashed underline).
LOW_CONFIDENCE = 0.5

# Tags readers skim over; every other speech verb is a "said-bookism"
# ("hissed", "chuckled") that writing guides advise using sparingly.
PLAIN_TAGS = frozenset("said says say saying asked asks ask".split())

# How far after a closing quote a tag verb may stand: '"Hi," she said.'
TAG_WINDOW = 40

# A word of narration, for finding the tag verb after a quote.
TAG_WORD = re.compile(r"[A-Za-z]+")
