"""Rules for attributing speech and thought: tag verbs, pronouns, vocatives.

>>> bool(SPEECH_VERB.fullmatch("whispered")), bool(SPEECH_VERB.fullmatch("replying"))
(True, True)
>>> PRONOUN_GENDER["she"]
'female'
>>> GENDERED_ADDRESS.search("Yes, sir.").group(), GENDERED_ADDRESS.search("Sir Roland")
('sir', None)
>>> bool(REPLY_OPENING.match("—Well, no.")), bool(REPLY_OPENING.match("Nobody came."))
(True, False)
"""

from __future__ import annotations

import re

from ficlens.rules.names import ABBREVIATED_TITLES

# Verbs that introduce or tag a quotation: "said Miroku", "Miroku snapped".
# Kept as one alternation; "said-bookisms" count as much as "said".
_SPEECH_VERBS = (
    "said says say saying asked asks ask replied replies reply answered answers answer "
    "whispered whispers shouted shouts yelled yells cried cries called calls murmured "
    "murmurs muttered mutters snapped snaps sighed sighs breathed breathes spoke speaks "
    "exclaimed exclaims added adds continued continues began begins responded responds "
    "retorted retorts hissed hisses growled growls laughed laughs demanded demands "
    "insisted insists repeated repeats declared declares observed observes remarked "
    "remarks suggested suggests interrupted interrupts returned returns rejoined "
    "protested protests pleaded pleads begged begs screamed screams groaned groans "
    "grumbled grumbles stammered stammers stuttered stutters whimpered whimpers sobbed "
    "sobs teased teases agreed agrees admitted admits explained explains offered offers "
    "ordered orders commanded commands warned warns announced announces told tells "
    "inquired inquires enquired enquires queried queries mumbled mumbles purred purrs "
    "drawled drawls barked barks roared roars bellowed bellows chuckled chuckles "
    "giggled giggles snorted snorts scoffed scoffs huffed huffs gasped gasps panted "
    "pants croaked croaks cooed coos sneered sneers grunted grunts mused muses "
    "persisted persists urged urges concluded concludes corrected corrects confessed "
    "confesses assured assures objected objects ventured ventures resumed resumes "
    "cut interjected interjects finished finishes went echoed echoes shrieked shrieks "
    "wailed wails moaned moans blurted blurts sang sings sneezed spat spits hollered "
    "prompted prompts reasoned reasons countered counters pressed presses conceded "
    "concedes greeted greets thought thinks wondered wonders put puts broke breaks "
    "decided decides realized realizes realised realises reflected reflects pondered "
    "ponders hoped hopes prayed prays figured figures supposed supposes "
    "asking replying answering whispering exclaiming adding continuing observing remarking "
    "crying calling murmuring muttering"
).split()
SPEECH_VERB = re.compile("|".join(sorted(set(_SPEECH_VERBS), key=len, reverse=True)))

# Words that open an answer to the line before ("Yes, I saw him.", "Oh,
# never."): a line that opens so is seldom said by whoever spoke just before.
REPLY_OPENING = re.compile(
    r"[\W_]*(?:yes|no|oh|well|indeed|certainly|nay|aye|ay|not|nothing|why|ah|quite"
    r"|of course|thank|thanks|perhaps|sure|nonsense|really|exactly|right|never|true)\b",
    re.IGNORECASE,
)

# What narration says of someone who let a line go unanswered, right after
# their name: "Kaede said nothing.", "Miroku made no reply": the next line
# is seldom theirs.
KEPT_SILENT = re.compile(
    r"[ \t\n]+(?:(?:still|only|at first)[ \t\n]+)?"
    r"(?:said nothing|made no (?:answer|reply|response|rejoinder)|was silent|remained silent"
    r"|kept silent|did not (?:answer|reply|speak)|returned no answer|gave no (?:answer|reply))\b"
)

# Past-tense verbs that are not in the list still tag a quote when they
# stand where a tag stands: '"Never!" thundered Kaede'.
TAG_VERB_FORM = re.compile(r"[a-z]{3,}ed")
# The same in a story told in the present: '"Never!" Kaede snaps', '"Fine,"
# he shrugs'. Read only after the subject, where a word ending in "s" is
# nearly always a verb; the words listed are not.
PRESENT_TAG_VERB_FORM = re.compile(r"[a-z]{2,}[^su'’]s")
NOT_PRESENT_VERBS = frozenset(
    "always perhaps sometimes besides towards afterwards upwards downwards backwards "
    "forwards nevertheless nonetheless whereas upstairs downstairs indoors outdoors "
    "anyways".split()
)

# Verbs of speaking that follow the one heard ("heard him yelling") besides
# the verbs of saying.
HEARD_VERBS = frozenset(
    "yelling shouting screaming speaking talking singing call shout yell scream speak talk".split()
)

# Whom a tag says the line is to, right after its verb: "whispered to",
# "said softly to".
TAG_ADDRESSEE = re.compile(r"[ \t\n]+(?:\w+ly[ \t\n]+)?to[ \t\n]+")

# Verbs of thinking: a thought tagged "she thought" goes to "she".
THOUGHT_VERBS = frozenset("thought thinks wondered wonders mused muses reflected".split())

# Subject pronouns and the gender they point to. "I" and "we" point to the
# narrator in first-person stories; "they" to a group.
PRONOUN_GENDER = {
    "he": "male",
    "she": "female",
    "i": "narrator",
    "you": "reader",  # in a second-person story, the one it is told to
    "we": "group",
    "they": "group",
}
# Kin words after "his" or "her" that point to one person the cast can
# tell by title and surname: "said his wife" is Mrs. Pike when "his" is
# Mr. Pike. Each gives the kin's gender and the titles they go by.
KIN: dict[str, tuple[str, frozenset[str]]] = {
    "wife": ("female", frozenset({"mrs", "lady", "madame", "mme", "frau"})),
    "lady": ("female", frozenset({"mrs", "lady", "madame", "mme", "frau"})),
    "mother": ("female", frozenset({"mrs", "lady", "madame", "mme", "frau"})),
    "husband": ("male", frozenset({"mr", "mister", "sir", "lord", "monsieur", "herr"})),
    "father": ("male", frozenset({"mr", "mister", "sir", "lord", "monsieur", "herr"})),
}
# Siblings and children: of the possessor's surname too, most often with
# no title or a young one's ("Roland Pike", "Miss Pike"). A family may have
# several, so they are looked up but a tag that names one is not held like
# a name (ficlens.stages.turns).
BLOOD_KIN: dict[str, tuple[str, frozenset[str | None]]] = {
    "brother": ("male", frozenset({None, "mr", "master"})),
    "son": ("male", frozenset({None, "mr", "master"})),
    "sister": ("female", frozenset({None, "miss"})),
    "daughter": ("female", frozenset({None, "miss"})),
}
KIN_POSSESSORS = {"his": "he", "her": "she", "their": "they"}
# Words for someone by their tie to another, after "his", "her" or "their":
# "said her aunt", "his companion replied". Whoever the possessive means is
# not the speaker. Each gives the gender the word implies, or None.
RELATIONS: dict[str, str | None] = {
    **{word: "female" for word in (
        "mother", "sister", "wife", "aunt", "daughter", "niece", "hostess", "mistress",
        "grandmother", "lady", "ladyship", "mamma", "governess")},
    **{word: "male" for word in (
        "father", "brother", "husband", "uncle", "son", "nephew", "host", "master",
        "grandfather", "lordship", "papa", "valet")},
    **{word: None for word in (
        "companion", "friend", "visitor", "guest", "cousin", "guide", "informant", "mentor",
        "interlocutor", "partner", "neighbour", "neighbor", "hearer", "listener", "guardian",
        "servant", "child", "parent", "lover", "colleague", "rival", "questioner")},
}  # fmt: skip

# Nouns a tag may call someone by whom the cast does not name, with the
# gender they tell: "said the old man", "the girl cried". Such a tag is
# read like "he said" or "she cried". Relation words with a gender count
# too ("said the aunt").
PERSON_NOUNS: dict[str, str] = {
    **{word: "female" for word in (
        "woman", "lady", "girl", "lass", "maid", "widow", "queen", "princess", "duchess",
        "countess", "baroness", "marchioness", "empress", "landlady", "nun", "actress",
        "waitress", "spinster", "matron", "heroine")},
    **{word: "male" for word in (
        "man", "gentleman", "boy", "lad", "youth", "fellow", "king", "prince", "duke", "count",
        "baron", "marquis", "emperor", "landlord", "monk", "priest", "waiter", "bachelor",
        "hero")},
    **{word: kind for word, kind in RELATIONS.items() if kind is not None},
}  # fmt: skip

# Words a speaker calls someone by that tell the listener's gender: "Yes,
# sir." is said to a man, "Of course, madam." to a woman, "Not yet, papa."
# to a father. Followed by punctuation, so that "Sir Roland" the title is
# left alone. The pattern opens on a letter set so that the scan is quick;
# a letter just before a match means it is inside a longer word.
GENDERED_ADDRESS = re.compile(
    r"[SsMmPpFfUuAaYy](?:ir|adam|a['’ ]?am|adame|ademoiselle|onsieur|iss|eñora?|ignora?"
    r"|ap?a|amm?a|other|ather|ncle|unt|y (?:lord|lady|boy|girl|son)|oung (?:man|lady))"
    r"(?=\s?[,.!?;:—–-])"
)
# Words of endearment and fellowship a speaker calls someone by, with no
# gender to them: "my dear", "darling", "old fellow", "babe", "dude". Each
# speaker has their own.
ENDEARMENT = re.compile(
    r"\b(?:(?:my[ \t\n]+)?(?:dear(?:est|ie)?|darling|love|child|friend|angel|pet|sweet(?:heart|ie)"
    r"|precious|lad|lass|honey|babe|baby)"
    r"|(?:my|old|dear|good)[ \t\n]+(?:fellow|chap|man|boy|sport|girl|thing|woman)"
    r"|hon|mate|buddy|pal|kid|dude|bro)(?=\s?[,.!?;:—–-])",
    re.IGNORECASE,
)
# Those of them that are also plain nouns ("my father's house", "I told
# my mother."): taken only after punctuation, where a name called stands.
KIN_ADDRESS = frozenset(
    {"papa", "pa", "father", "mama", "mamma", "mother", "uncle", "aunt", "my lord", "my lady",
     "my boy", "my girl", "my son", "young man", "young lady"}
)  # fmt: skip
# The words a child calls a parent by, and the kin word (of ``KIN``) they mean.
PARENT_ADDRESS = {
    "mother": "mother", "mamma": "mother", "mama": "mother",
    "father": "father", "papa": "father", "pa": "father",
}  # fmt: skip
MALE_ADDRESS = frozenset(
    {"sir", "monsieur", "señor", "signor", "papa", "pa", "father", "uncle", "my lord", "my boy",
     "my son", "young man"}
)  # fmt: skip

# Subject pronouns as they stand in the text, contractions included
# ("she'd", "he's"): the subjects a paragraph is about.
SUBJECT_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e)(?:['’](?:d|s|ll|re|ve|m))?\b")
OBJECT_PRONOUN_GENDER = {"him": "male", "her": "female", "me": "narrator", "them": "group"}
# The subject pronoun of each gender: "him" or "the old man" read as "he".
SUBJECT_PRONOUN_OF = {
    kind: word for word, kind in PRONOUN_GENDER.items() if kind in ("male", "female")
}

# Words of a tag that may stand between the quote and the verb or name:
# adverbs ("softly said"), "then", "finally".
TAG_FILLER = re.compile(r"(?:\w+ly|then|finally|again|quietly|at last|now)$")

# A word token inside a short window of narration.
WORD = re.compile(r"[A-Za-z][\w'’-]*")

# Second-person words: an utterance with them is addressed to someone.
SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself|yourselves|ya|thee|thou|thy)\b", re.I)
# "He" and "she" in a thought, in every form: a thought that speaks of a
# man ("He's never said sorry") is seldom the man's own.
SPOKEN_OF = re.compile(
    r"\b(?:(?P<male>he|him|his|himself)|(?P<female>she|her|hers|herself))\b", re.IGNORECASE
)

# Words that end a clause inside narration: the subject of the last clause
# before a quote is its likely speaker ("He reached out but she slapped...").
# The period of a title ("Mr. Ashdown") or an initial ends no clause; the
# look-behinds run only once the punctuation has matched, which keeps the
# scan quick.
_NOT_ABBREVIATED = "".join(rf"(?<!\b{re.escape(t)}\.)" for t in sorted(ABBREVIATED_TITLES))
CLAUSE_BREAK = re.compile(
    rf"[.!?;:]{_NOT_ABBREVIATED}(?<!\b[A-HJ-Z]\.)\s+"
    r"|,\s+|\s+(?:but|and|while|as|when|then|so|yet)\s+"
)

# Words that follow a name set off by a comma when the name is said to
# someone mid-sentence: "I'm lost, Miroku, please", "Look, Sango, I...".
VOCATIVE_FOLLOWERS = re.compile(
    r"(?:please|I\b|you\b|we\b|don['’]t|do\b|come|listen|wait|look|stop|help|let)", re.I
)

# A narration paragraph ending with one of these leads into a quote in the
# next paragraph, and its tag names the speaker: "Sango went on:", "and
# saying,".
LEAD_IN_ENDINGS = frozenset(",:—–-")
# A narration paragraph that ends on a verb of saying and a few words of how,
# with no closing punctuation, leads in too where the colon was lost: "She
# frowned and said abruptly", "said in a small and quiet voice".
LEAD_IN_VERB = re.compile(rf"\b(?:{SPEECH_VERB.pattern})\b(?:[ \t\n,]+[\w'’-]+){{0,7}}[ \t\n]*$")

# Words before a name that make it an object, not the subject of a tag:
# "drawing near Sango, said" is said by someone else.
PREPOSITIONS = frozenset(
    "to at by near with of from for on upon towards toward into about after before behind "
    "beside besides between among against like than in over under through without within "
    "across around beyond past".split()
)
# How many words before a tag verb its subject may stand ("Kaede thought
# the same, and added,").
TAG_REACH = 14

# How many characters of narration either side of a quote a tag may use.
TAG_WINDOW = 90

# Speech paragraphs separated by at most this many narration-only paragraphs
# still belong to one conversation for turn-taking.
CONVERSATION_GAP = 1
