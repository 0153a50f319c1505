"""Rules for dialogue: quotation marks, apostrophes, dash dialogue, messages.

>>> bool(ELISION.match("'cause I said so"))
True
>>> CHAT_LINE.match("Sango: are you okay?").group("sender")
'Sango'
>>> CHAT_LINE.match("[Text from Sango, 11:42]: where are you").group("sender", "body")
('Sango', 'where are you')
"""

from __future__ import annotations

import re

# Double quotation marks: straight marks toggle, curly ones say which side
# they are on. Guillemets and low-9 quotes appear in translated fics.
DOUBLE_OPEN = frozenset("“„«")
DOUBLE_CLOSE = frozenset("”»")
DOUBLE_STRAIGHT = '"'
DOUBLE_MARKS = re.compile(r'["“”„«»]')

# Single quotation marks, used for dialogue in British-style stories.
SINGLE_MARKS = re.compile(r"['‘’‚]")
SINGLE_OPEN = frozenset("‘‚")
# Any mark that can open or close a quotation, straight or curly, double or single.
QUOTE_OPENERS = DOUBLE_OPEN | SINGLE_OPEN | {DOUBLE_STRAIGHT, "'"}
QUOTE_CLOSERS = DOUBLE_CLOSE | {DOUBLE_STRAIGHT, "'", "’"}

# Words that begin with an apostrophe, so an opening "'" before them is not a
# quotation: 'cause, 'em, 'tis, 'twas, 'til, 'bout, 'n' (rock 'n' roll), '90s.
_ELIDED_WORDS = (
    r"(?:n['’](?=\s)|(?:cause|cos|coz|em|tis|twas|til|till|bout|round|n|im|er|ere|ow|ave"
    r"|ead|s|d|ll|re|ve|t|kay|nother|fore|twixt|\d0s|\d\d)\b)"
)
ELISION = re.compile(rf"['‘’]{_ELIDED_WORDS}", re.IGNORECASE)
# An opening single quote: after a space, bracket or dash and before a letter,
# (the mark comes first and the lookbehind after it, so the search scans fast)
# and not an elision. Counted to tell British-style dialogue from apostrophes.
SINGLE_OPENER = re.compile(rf"['‘](?<=[\s(\[—–\"“]['‘])(?!(?i:{_ELIDED_WORDS}))(?=[A-Za-z])")

# Dialogue introduced by a dash at the start of a paragraph: "— Hello."
DASH_MARKS = frozenset("—―–")
DASH_DIALOGUE = re.compile(r"[ \t]*[—―–][ \t]*\S")  # used with match()
# Inside a dash-dialogue paragraph, a dash after a space switches between the
# speech and the narration: "— Hello, — she said. — How are you?"
DASH_SWITCH = re.compile(r"(?<=\s)[—―–](?=\s)")

# A chat line's time, before or after the sender: "[10:42]", "(10:42 pm)".
_CHAT_TIME = r"[(\[]\d{1,2}[:.]\d{2}(?:[ \t]?[AaPp]\.?[Mm]\.?)?[)\]]"
# Chat and text-message lines: "Sango: are you okay?", "[Miroku]: on my way",
# "kag_h: lol", "**Sango:** ok", "Sango (10:42pm): ok", "[Text from Sango,
# 10:42]: ok". The sender is a short name or handle, bold or italic with or
# without its colon, the body a short line.
_CHAT_FROM = r"(?i:(?:text(?:[ \t]+message)?|message|msg|sms|dm|email|e-mail)[ \t]+from)[ \t]+"
_CHAT_STAMP = r",[ \t]*\d{1,2}[:.]\d{2}(?:[ \t]?[AaPp]\.?[Mm]\.?)?"  # "[Sango, 10:42]"
CHAT_LINE = re.compile(
    rf"^[ \t]*(?:{_CHAT_TIME}[ \t]*)?(?P<mark>\*{{1,2}}|_{{1,2}})?\[?(?:{_CHAT_FROM})?"
    r"(?P<sender>[A-Za-z][\w.'’-]{0,24}?(?:[ \t][A-Z][\w.'’-]{0,24}?){0,2})"
    rf"(?:{_CHAT_STAMP})?\]?"
    rf"(?:[ \t]*{_CHAT_TIME})?"
    r"(?:(?P=mark)[ \t]*:|[ \t]*:(?P=mark)|(?(mark)(?!)|[ \t]*:))"
    r"[ \t]+(?P<body>\S[^\n]{0,400})$"
)
# Words that look like a chat sender but open notes or headings instead.
NOT_SENDERS = frozenset(
    {"chapter", "note", "notes", "summary", "warning", "warnings", "disclaimer", "rating",
     "pairing", "pairings", "genre", "author", "title", "fandom", "words", "ps", "an",
     "edit", "update", "beta", "prompt", "date", "time", "location", "place", "subject",
     "from", "to", "re", "cc", "p.s"}
)  # fmt: skip
# A quoted chat line: "> sorry :(".
QUOTED_LINE = re.compile(r"^[ \t]*>[ \t]?\S")

# Letters read out: a salutation opens one, a sign-off closes it.
_SALUTATION = r"[ \t]*(?i:(?:my[ \t]+)?(?:dear|dearest|darling|beloved|to[ \t]+my))[ \t]+[A-Z]"
LETTER_OPEN = re.compile(
    rf"^{_SALUTATION}[^\n]{{0,40}}[,:!—-][ \t]*$|^{_SALUTATION}[\w.' -]{{0,30}},"
)
LETTER_CLOSE = re.compile(
    r"^[ \t]*(?:(?:with[ \t]+)?(?:all[ \t]+my[ \t]+)?love"
    r"|yours(?:[ \t]+(?:truly|ever|always|sincerely|faithfully))?"
    r"|sincerely|regards|best[ \t]+wishes|always|forever[ \t]+yours|your[ \t]+\w+|xoxo|cheers"
    r"|affectionately|faithfully)\b[^\n]{0,40}$",
    re.IGNORECASE,
)
LETTER_MAX_PARAGRAPHS = 12
