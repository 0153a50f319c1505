"""Rules for inner thoughts, marked by emphasis or not marked at all.

>>> len(FIRST_SECOND.findall("I know and I forgive you."))
3
>>> len(THIRD.findall("She heard him coming."))
2
"""

from __future__ import annotations

import re

# First- and second-person words: a standalone unquoted line full of them,
# inside third-person narration, is inner speech whose italics were lost.
FIRST_SECOND = re.compile(
    r"\b(?:I|I'm|I’m|I'll|I’ll|I've|I’ve|I'd|I’d|me|my|mine|myself|we|us|our|ours|"
    r"you|you're|you’re|your|yours|yourself|you'll|you’ll|you've|you’ve|you'd|you’d)\b"
)
FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I'll|I’ll|I've|I’ve|I'd|I’d|me|my|myself)\b")
THIRD = re.compile(
    r"\b(?:he|she|him|his|her|hers|himself|herself|they|them|their|theirs)\b", re.IGNORECASE
)

# A story counts as first-person when "I" and its forms are at least this
# share of the narration's words; unmarked thoughts are then not looked for.
FIRST_PERSON_NARRATION_SHARE = 0.012

# An emphasised stretch inside narration is a thought when it starts a
# sentence: at the paragraph start or after ". ", "! ", "? ", "… ", ": ", "— ".
SENTENCE_START_BEFORE = re.compile(r"(?:^|[.!?…:—–][\"”’)]?\s+)$")
# ... and is more than a single stressed word ("*Never* had she...").
CLAUSE_END = re.compile(r"[.!?…,]$")

# A whole emphasised paragraph longer than this without first- or
# second-person words is a flashback or a dream, not a thought.
EMPHASIS_THOUGHT_MAX_WORDS = 60
