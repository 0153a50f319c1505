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
_APOS = "['’]"
FIRST_SECOND = re.compile(
    rf"\b(?:I(?:{_APOS}(?:m|ll|ve|d))?|me|my|mine|myself|we|us|our|ours"
    rf"|you(?:{_APOS}(?:re|ll|ve|d))?|your|yours|yourself)\b"
)
# A sound written out in emphasis on a line of its own is no thought:
# "*BANG*", "*CRASH!*" (capitals, three letters or more, no question),
# "*Knock knock.*", "*tap tap tap*" (one word said over).
SOUND_EFFECT = re.compile(
    r"^[^\w?]*(?:[A-Z]{3,}(?:[-\s][A-Z]{3,}){0,2}|(?i:(?P<word>[a-z]+)(?:[\s,-]+(?P=word)){1,3}))"
    r"[^\w?]*$"
)
# ... and, in a story told in the past, the present in a speaking voice
# (contracted, or a "does" question): a standalone line "He's not coming
# back tonight." or "Why does she always know?" is inner speech too, though
# it says "he" or "she". A plain "is" is not counted: narrators state
# truths in the present ("It is a truth universally acknowledged...").
_PRESENT = (
    rf"(?i:isn{_APOS}t|aren{_APOS}t|don{_APOS}t|doesn{_APOS}t|can{_APOS}t|won{_APOS}t"
    rf"|(?:he|she|it|that|there|what|who|here){_APOS}s|does)"
)
INNER_SPEECH_PRESENT = re.compile(rf"{FIRST_SECOND.pattern}|\b{_PRESENT}\b")
FIRST_PERSON = re.compile(rf"\b(?:I(?:{_APOS}(?:m|ll|ve|d))?|me|my|myself)\b")
# Second-person narration ("You walk into the room"): "you" outside dialogue.
SECOND_PERSON_NARRATION = re.compile(r"\b(?:[Yy]ou|[Yy]our|[Yy]ourself)\b")
THIRD = re.compile(
    r"\b(?:[Hh](?:e|im|is|er|ers|imself|erself)|[Ss]he|[Tt]he(?:y|m|ir|irs|mselves))\b"
)

# A story counts as first-person when "I" and its forms (second-person:
# "you" and its forms) are at least this share of the narration's words;
# unmarked thoughts are then not looked for.
FIRST_PERSON_NARRATION_SHARE = 0.012
# ... and when they are at least half as many as third-person pronouns: in
# third-person narration "he" and "she" far outnumber a stray "I".
FIRST_TO_THIRD_RATIO = 0.5

# An emphasised stretch inside narration is a thought when it starts a
# sentence: at the paragraph start or after ". ", "! ", "? ", "… ", ": ", "— ".
SENTENCE_START_BEFORE = re.compile(r"(?:^|[.!?…:—–][\"”’)]?\s+)$")
# ... and is more than a single stressed word ("*Never* had she..."): it
# ends like a clause, inside or just after the markers ("*Let her*, she..."),
# or breaks off ("*Arrogant, insufferable—*").
CLAUSE_END = re.compile(r"[.!?…,—–-]$")
CLAUSE_END_AFTER = re.compile(r"[.!?…,—–]")
# A thought verb right after the emphasis makes even one word a thought:
# "*Great*, she thought." / "*Worth it*, Mira decided."
_THOUGHT_VERBS = (
    r"(?:thought|wondered|mused|decided|realized|realised|reflected|pondered|reasoned"
    r"|told (?:her|him|them)self|prayed|hoped)\b"
)
THOUGHT_TAG_AFTER = re.compile(
    rf"[,.!?…—–]?[ \t]*(?:\w[\w'’-]{{0,30}}[ \t]+){{0,3}}?{_THOUGHT_VERBS}"
)
# A paragraph that opens with a thought whose italics were lost, a thought
# tag after it: "He always comes back, she thought." / "Why does it matter?
# Kaede wondered." The tag's subject is a pronoun or one or two capitalised
# words, its verb ends a clause; the thought ends on the mark before it.
UNMARKED_THOUGHT_TAG = re.compile(
    rf"(?P<thought>[^\"“”\n]{{2,300}}?[,?!…—–])[ \t]+"
    rf"(?:he|she|they|I|[A-Z][\w’'-]+(?:[ \t][A-Z][\w’'-]+)?)[ \t]+{_THOUGHT_VERBS}"
    r"(?:[ \t]+\w+ly)?(?=[ \t]*(?:[.,;:!?…—–]|$))"  # not "she realized what he meant"
)
# A single quotation mark, not an apostrophe inside a word: a clause with a
# word quoted in it ("The boat wasn't 'ready',") or an elision ("'Tis") is
# not taken for a thought by its tag alone.
QUOTED_WORD = re.compile(r"(?:^|\s)['‘]|['’](?=[\s,.;:!?]|$)")
# A closing single quote and a thought tag after it: "...,' Sango thought".
QUOTED_THOUGHT_TAG = re.compile(rf"['’]{THOUGHT_TAG_AFTER.pattern}")

# A whole emphasised paragraph longer than this without first- or
# second-person words is a flashback or a dream, not a thought.
EMPHASIS_THOUGHT_MAX_WORDS = 60
