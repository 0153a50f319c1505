"""Rules for finding characters: name shapes, titles, honorifics, non-names.

Every list says why it exists and gives an example. The cast stage
(``ficlens.stages.cast``) applies them.

>>> m = NAME_RUN.search("Lord Sesshomaru waited at the well.")
>>> m.group("title"), m.group("name")
('Lord', 'Sesshomaru')
>>> NAME_RUN.search("Sango-chan smiled.").group("honorific")
'chan'
>>> NAME_RUN.search("asked the Baron. Later Miroku left.").group("title", "name")
(None, 'Baron')
>>> title_gender("Mrs.")
<Gender.FEMALE: 'female'>
>>> romanised("Shippou") == romanised("Shippo")
True
"""

from __future__ import annotations

import re

from ficlens.model import Gender

# Titles written before a name, by the gender they imply. "Mr. Ashdown",
# "Lady Odile", "Captain Hale". A title alone ("the Captain") is no name.
MALE_TITLES = frozenset(
    {"Mr", "Mr.", "Mister", "Sir", "Lord", "Master", "Monsieur", "M.", "Herr", "Signor",
     "Señor", "Don", "Uncle", "Prince", "King", "Duke", "Count", "Baron", "Earl", "Emperor",
     "Father", "Brother", "Grandpa", "Grandfather", "Mssr", "Messrs", "Messrs."}
)  # fmt: skip
# Titles of rank: a man called "Sir Roland" or "Lord X" is not also "Mr. X",
# nor is "Lady X" "Mrs. X", so a plain title never joins a ranked person.
RANK_TITLES = frozenset(
    {"Sir", "Lord", "Lady", "Dame", "Prince", "Princess", "King", "Queen", "Duke", "Duchess",
     "Count", "Countess", "Baron", "Baroness", "Earl", "Emperor", "Empress", "Admiral",
     "General", "Colonel", "Captain", "Major"}
)  # fmt: skip
# Titles that stand alone for the one who bears them: "the baron", "the Colonel".
STANDALONE_TITLES = RANK_TITLES - {"Sir", "Lord", "Lady", "Dame"} | {
    "Doctor", "Professor", "Inspector", "Detective", "Sergeant", "Lieutenant", "Commander",
    "Governor", "Judge", "Senator", "President"}  # fmt: skip
PLAIN_TITLES = frozenset({"Mr", "Mr.", "Mrs", "Mrs.", "Mister", "Ms", "Ms."})
FEMALE_TITLES = frozenset(
    {"Mrs", "Mrs.", "Miss", "Ms", "Ms.", "Mistress", "Madam", "Madame", "Mme", "Mme.",
     "Mademoiselle", "Mlle", "Mlle.", "Dame", "Lady", "Frau", "Fräulein", "Signora",
     "Señora", "Señorita", "Donna", "Aunt", "Auntie", "Princess", "Queen", "Duchess",
     "Countess", "Baroness", "Empress", "Mother", "Sister", "Grandma", "Grandmother",
     "Granny", "Nurse"}
)  # fmt: skip
# Titles of unmarried women: when "Mrs. Ashdown" and "Miss Ashdown" both occur,
# the Miss is the daughter known by her given name ("Clara Ashdown").
UNMARRIED_TITLES = frozenset({"Miss", "Mademoiselle", "Mlle", "Señorita", "Fräulein"})
# Titles that say nothing of gender: "Dr. Ashdown", "Captain Pike", "Professor Hale".
NEUTRAL_TITLES = frozenset(
    {"Dr", "Dr.", "Doctor", "Mx", "Mx.", "Professor", "Prof", "Prof.", "Captain", "Capt",
     "Capt.", "Colonel", "Col", "Col.", "Major", "General", "Lieutenant", "Lt", "Lt.",
     "Sergeant", "Sgt", "Sgt.", "Admiral", "Commander", "Inspector", "Detective",
     "Reverend", "Rev", "Rev.", "Cousin", "Judge", "Senator", "Governor", "President",
     "Chief", "Officer", "Agent", "Saint", "St", "St.", "Elder", "Healer", "Headmaster",
     "Headmistress", "Coach", "Sensei"}
)  # fmt: skip
TITLES = MALE_TITLES | FEMALE_TITLES | NEUTRAL_TITLES
_TITLE_ALTERNATION = "|".join(
    re.escape(t) for t in sorted({t.rstrip(".") for t in TITLES}, key=len, reverse=True)
)
# Titles written with a period are abbreviations ("Mr.", "Col."); a full
# word before a period ends a sentence: "asked the Colonel. Later Ashdown..."
ABBREVIATED_TITLES = frozenset(t[:-1] for t in TITLES if t.endswith("."))
_ABBREVIATION_ALTERNATION = "|".join(
    re.escape(t) for t in sorted(ABBREVIATED_TITLES, key=len, reverse=True)
)

# Japanese honorific suffixes joined to a name by a hyphen: "Sango-chan",
# "Sango-sama", "Odile-baba". They are part of the surface form, not the name.
HONORIFICS = (
    "chan", "chama", "kun", "sama", "san", "dono", "sensei", "senpai", "sempai", "hime",
    "tan", "nee", "neesan", "nii", "niisan", "onee", "onii", "baba", "obaasan", "jiji",
    "ojiisan", "sama", "taichou", "taicho", "heika", "denka", "ue",
)  # fmt: skip
# Honorifics that lean one way: "-kun" mostly boys, "-chan"/"-hime" mostly girls.
MALE_HONORIFICS = frozenset({"kun", "nii", "niisan", "onii", "jiji", "ojiisan"})
FEMALE_HONORIFICS = frozenset({"chan", "chama", "hime", "nee", "neesan", "onee", "baba", "obaasan"})

# One word of a name: a capital and lowercase letters, allowing an inner
# capital after Mc/Mac/O'/De ("McAllister", "O'Brien", "InuYasha").
_WORD = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]*(?:['’]?[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)?"
# Lowercase particles inside a name, or after a title: "Clara de Vere",
# "Ludwig van Beethoven", "Mr. van der Berg".
_PARTICLE = r"(?:de|du|van|von|der|den|del|della|di|da|le|la|ter|ten|zu|y)"
# A run of capitalised words, with an optional title before it and an optional
# honorific after it: "Mr. Roland Pike", "Hoshino Ayame", "Sango-chan".
# Words are joined by one space (or a line break inside a paragraph). A dash
# is no hyphen: 'said Sango--"wait"' holds the name "Sango".
_CAPITAL = "A-ZÀ-ÖØ-Þ"
_TITLE_AHEAD = rf"(?:{_TITLE_ALTERNATION})\.?\s+[{_CAPITAL}]"
NAME_RUN = re.compile(
    rf"(?=[{_CAPITAL}])(?<![\w'’.])(?<!\w-)"
    rf"(?:(?P<title>(?:{_ABBREVIATION_ALTERNATION})(?=\.)|(?:{_TITLE_ALTERNATION})(?=\s))\.?"
    rf"(?:[ \t]+\n?|\n)[ \t]*(?=(?:{_PARTICLE}[ \t]+){{0,2}}[{_CAPITAL}]))?"
    rf"(?P<name>(?(title)(?:{_PARTICLE}[ \t]+){{0,2}}){_WORD}"
    rf"(?:(?:[ \t]|\n(?!\n))+(?!{_TITLE_AHEAD})(?:{_PARTICLE}[ \t]+){{0,2}}{_WORD}"
    rf"|-{_WORD})*)"
    rf"(?:-(?P<honorific>{'|'.join(sorted(set(HONORIFICS), key=len, reverse=True))}))?"
    r"(?!\w|-\w)"
)

# Capitalised words that are never names on their own. Mostly sentence-initial
# function words ("When Clara came" starts with "When"), interjections ("Oh
# Sango"), pronouns, and words capitalised for other reasons.
NON_NAMES = frozenset(
    """a an the and but or nor so yet for if then than when where while whence why how what
    which who whom whose whoever whatever whichever wherever whenever this that these those
    there here it its it's i i'm i'd i'll i've me my mine myself we us our ours you your yours
    he him his himself she her hers herself they them their theirs one ones some any all
    each every either neither both no not none nothing everything something anything many
    much more most few less least other others another such same own only just even still
    also too very quite rather almost already always never ever often sometimes perhaps
    maybe indeed however though although because since unless until till after before
    once upon with without within into onto from to at in on of off by up down over under
    about above below between among through during against toward towards across around
    behind beside besides beyond near like unlike as is was were be been being am are do
    does did done have has had having will would shall should can could may might must let
    yes yeah yep no nope nah ok okay oh ah ahh aha eh hey hi hello goodbye bye hmm hm huh
    um uh er well wow ow ouch alas ha haha heh hush shh please thanks thank sorry dear
    psha pshaw pooh bah tut tush hum humph hem ahem heigh hurrah huzzah egad zounds
    lor hah oho hullo hallo halloa
    good great poor fine right sure now soon later today tonight tomorrow yesterday first
    second third last next again how's what's that's there's here's where's who's let's
    don't doesn't didn't can't couldn't won't wouldn't shouldn't isn't wasn't aren't
    weren't haven't hasn't hadn't i'd mr mrs miss ms sir madam lord lady god gods goddess
    heaven heavens hell lord's christ jesus chapter part book volume prologue epilogue
    author note notes summary disclaimer end fin mother father mom mum mommy mummy dad
    daddy papa mama pa ma grandma grandpa granny brother sister aunt uncle son daughter
    baby honey darling sweetheart love master mistress boss captain doctor professor
    everyone everybody someone somebody anyone anybody nobody noone whoever
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    christmas easter spring summer autumn fall winter
    english french german italian spanish russian chinese japanese american british irish
    scottish scotch welsh indian european african asian greek latin roman dutch swiss
    catholic protestant christian christians jewish jew muslim
    street road lane avenue square hall park house court place manor abbey castle village
    town city shrine temple church chapel company bank hotel inn school college university
    station river lake mount mountain island bridge hill hills forest woods palace tower
    north south east west northern southern eastern western
    ladyship lordship majesty highness excellency grace honour honor mamma mama papa jove
    pope heavens""".split()
)
# Common words that are given names too ("said May", "Will said"): a name
# where a speech tag says so, else the word.
NAME_WORDS = frozenset({"may", "june", "april", "august", "will", "grace", "honor", "summer"})
# How many speech tags must name such a word before it counts as a name.
MIN_NAME_WORD_TAGS = 2

# Words that follow a place or organisation name and mark it as one:
# "Baker Street", "Brightwater Park", "Odile's Village", "Tokyo Tower".
PLACE_SUFFIXES = frozenset(
    """street st road rd lane avenue ave square place terrace gardens garden park hall house
    court manor abbey castle palace tower towers village town city county shire shrine temple
    church chapel cathedral company co bank hotel inn school college university academy
    station bridge river lake sea ocean bay mount mountain mountains hill hills island
    islands forest wood woods valley castle grange lodge cottage farm club society hospital
    office museum theatre theater street market common heath moor downs road""".split()
)
# Prepositions that put a following name in a place: "in London", "into Kyoto".
# ("to", "at", "from", "near", "towards" also take people, so they count for less.)
PLACE_PREPOSITIONS = frozenset({"in", "into", "inside", "within", "throughout", "via"})
# Words that go before a plural: "these Norrians", "several Lancers", "two
# Dalesmen". A name after them is a people or a group, not a character.
PLURAL_DETERMINERS = frozenset(
    "these those several many few various two three four five six seven eight nine ten"
    " twenty hundred".split()
)
WEAK_PLACE_PREPOSITIONS = frozenset(
    {"at", "to", "from", "of", "the", "for", "near", "toward", "towards", "across", "through",
     "around", "outside"}
)  # fmt: skip
# Verbs of speaking and thinking, as found in speech tags: '"Stop," said
# Miroku' / 'Miroku said'. A name next to one is someone who talks.
SPEECH_VERBS = frozenset(
    """said says say asked asks replied replies answered answers cried cries shouted shouts
    yelled yells whispered whispers muttered mutters murmured murmurs called calls exclaimed
    exclaims added adds continued continues began begins repeated repeats snapped snaps
    growled growls sighed sighs laughed laughs demanded demands screamed screams hissed
    hisses retorted retorts responded responds told tells thought thinks wondered wonders
    returned observed remarked resumed rejoined interrupted insisted explained agreed
    declared stammered sobbed grumbled pleaded mumbled chuckled teased protested suggested
    admitted inquired enquired urged warned spoke speaks breathed gasped groaned sneered
    smiled grinned nodded""".split()
)
# The placeholders reader-insert fics write for the reader's name: "Y/N"
# (your name), "F/N" (first name), "L/N" (last name), "Y/L/N", in brackets
# or not.
READER_PLACEHOLDER = re.compile(r"[(\[]?(?P<name>\b(?:[YyFf]/(?:[Ll]/)?[Nn]|[Ll]/[Nn]))\b[)\]]?")

# Verbs (besides any "-ed" word) that make the name before them a subject:
# "Sango stared", "Miroku had left". Places are seldom subjects like this.
SUBJECT_VERBS = SPEECH_VERBS | frozenset(
    """had was would could did felt knew saw took came went ran stood sat made gave found
    held got let left kept put shook rose fell heard seemed watched wept slept sent spent
    bit drew drove threw wore swore sang rang began forgot understood
    didn couldn wasn hadn wouldn""".split()  # "Sango didn't", cut at the apostrophe
)
# The same in a story told in the present: "Sango stares", "Miroku has left".
PRESENT_SUBJECT_VERBS = frozenset(
    """has is does feels knows sees takes comes goes runs stands sits makes gives finds
    holds gets lets leaves keeps puts shakes rises falls hears seems watches sleeps sends
    draws throws wears begins looks turns smiles grins nods shrugs walks pulls pushes
    reaches steps leans tries wants waits stares glances frowns blinks laughs sighs
    says asks replies whispers shouts mutters murmurs snaps answers
    doesn isn can""".split()
)
# Tags that tell a story told in the present ("she says") from one told in
# the past ("she said").
PRESENT_TAGS = ("says", "asks", "replies", "whispers", "shouts", "mutters", "murmurs", "snaps")
PAST_TAGS = ("said", "asked", "replied", "whispered", "shouted", "muttered", "murmured", "snapped")
# A story told in the present has at least this many present tags, and more
# of them than past ones.
MIN_PRESENT_TAGS = 3
# A name opening a quote and followed by a comma or "!" is a vocative:
# '"Wren, hurry!"'. The name is someone spoken to.
VOCATIVE_BEFORE = frozenset("\"“‘'")
VOCATIVE_AFTER = frozenset(",!?")
# The word after a name (used with match at the name's end).
WORD_AFTER = re.compile(r"[ \t]+([a-z]+)")
# Characters before a name read to find the word before it.
WORD_BEFORE_CHARS = 20
# Marks after which a capital starts a sentence (and so proves nothing):
# end punctuation, a colon, a dash, a line break; quotes and brackets are
# skipped first (SENTENCE_OPENERS).
SENTENCE_ENDS = frozenset(".!?…:;—–-\n")
SENTENCE_OPENERS = " \t\"“”‘’'([*_"
SENTENCE_START_CHARS = 8

# Third-person pronouns in the clause after a name that is the subject:
# "Sango stared ... she", "Miroku looked at his companion". "her" and
# "him" do not vote: they are usually someone else ("he reached for her").
# After "him", so is a "his" ("Kaede went to him and thanked him for his
# help"): "him" ends the search. "her" does not, being possessive as often
# ("Kaede pushed her hair back and she laughed"). So does the clause's
# end: punctuation, a capital (another name) or "but" ("Miroku reached for
# her but she ..."). When the sentence ends first, a next sentence that
# opens with "He" or "She" votes too ('"You're late," said Tobias. He was
# sitting...'); "His" does not: "His letter came" is often another's.
PRONOUN_AFTER = re.compile(
    r"(?:(?!but\b)[^.!?\"“”\nA-Z]){0,90}?"
    r"\b(?P<pronoun>he|she|his|himself|herself|hers|him)\b"
    r"|[^.!?\n]{0,60}?[.!?][\"”]?\s+(?P<pronoun_next>He|She)\b"
)
# A verb that reports a clause, right after a name: the pronoun that opens
# the clause is as often someone else ("Sango said he'd gone north", "Roland
# knew that she was lying") and gives no vote.
REPORTING_VERBS = frozenset(
    """said says told tells thought thinks knew knows felt feels heard hears saw sees
    hoped hopes guessed supposed suspected realized realised noticed wondered asked
    explained added announced admitted answered replied whispered""".split()
)
CLAUSE_OPENERS = frozenset("that if whether how why what when where".split())
# How a speaker gives their own name: "I'm Rin.", "My name is Rin Okada,",
# "Call me Rin!". The name ends the clause.
SELF_INTRODUCTION = re.compile(
    r"\b(?:I['’]m|I am|[Mm]y name(?:['’]s| is)|[Cc]all me|[Nn]ame['’]s)[ \t]+"
    r"(?P<name>[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)(?=[ \t]*(?:[,.!?;:—–-]|$))"
)
# A gesture a character makes with their own body right after their name:
# "Kagome rolled her eyes", "Sango shook her head". The "her" is hers, so it
# votes, though a "her" elsewhere does not ("Miroku took her hand").
GESTURE_HER = re.compile(
    r"[ \t]+(?:\w+ly[ \t]+)?(?:shook|shakes|rolled|rolls|narrowed|narrows|crossed|crosses"
    r"|bit|bites|clenched|clenches|tilted|tilts|cocked|cocks|furrowed|furrows|pursed|purses"
    r"|bowed|bows|lowered|lowers|raised|raises|lifted|lifts|tucked|tucks|folded|folds)"
    r"[ \t]+her[ \t]+(?:\w+[ \t]+)?(?:head|eyes|arms|lip|lips|fists|jaw|shoulders|brow|brows"
    r"|eyebrow|eyebrows|chin|gaze|hands?|hair)\b"
)
# What a name is said to be, right after it: "Kagome was a girl who...",
# "Miroku is the eldest son". The noun's gender
# (``ficlens.rules.attribution.PERSON_NOUNS``) is the name's. (Not an
# apposition: in "the sister of Pike, the girl with the red hair" the
# girl is the sister.)
PREDICATE_NOUN = re.compile(
    r"[ \t]+(?:was|is)[ \t]+(?:a|an|the)[ \t]+(?:[a-z-]+[ \t]+){0,2}?"
    r"(?P<noun>[a-z]+)\b(?![’'-])"
)
MALE_PRONOUNS = frozenset({"he", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "herself", "hers"})

# Descriptions tied to a name by apposition: "Miroku, the monk," or
# "Odile the old priestess". The description is "the" + up to two words + a noun.
APPOSITION_AFTER = re.compile(
    r"(?:,[ \t]+|[ \t]+)(?P<description>the[ \t]+(?:[a-z-]+[ \t]+){0,2}[a-z-]{3,})(?=[,.;!?])"
)
# Descriptions too general to stand for one character everywhere in a story.
GENERIC_DESCRIPTIONS = frozenset(
    """man woman boy girl person people one other others same former latter first last
    child children lady gentleman men women thing things time day night way end rest
    world other's""".split()
)

# Words of address a given cast may list as a character's only name ("Sir",
# for a stranger called so): in the text they call whoever is listening, so
# they are never read as that character's mentions.
BARE_ADDRESS = frozenset(
    {"sir", "madam", "ma'am", "madame", "mademoiselle", "monsieur", "miss", "mister",
     "señor", "señora", "signor", "signora"}
)  # fmt: skip

# Parenthesised fandom in an AO3 character tag: "Shippou (InuYasha)".
TAG_DISAMBIGUATOR = re.compile(r"\s*\([^)]*\)\s*$")
# AO3 character tags for the reader of a reader-insert fic: the "you" of a
# second-person story.
READER_TAGS = frozenset({"reader", "you", "y/n"})
# AO3 tags that name no single character.
GENERIC_TAGS = frozenset(
    {"original characters", "original character", "original female character",
     "original male character", "other characters", "everyone", "ensemble", "reader",
     "you", "oc", "ofc", "omc"}
)  # fmt: skip

# Familiar forms of English given names and the names they shorten: a
# character called "Bill" by friends is "William" in the narration. Each
# familiar form maps to the formal names it may stand for.
_FAMILIAR_FORMS = """
    Harry Hal: Henry | Jim Jimmy Jamie: James | Jack Johnny: John | Bill Billy Will Willy: William
    Bob Bobby Rob Robin: Robert | Dick Rick: Richard | Ned Ted Teddy: Edward Edmund Theodore
    Tom Tommy: Thomas | Fred Freddy Freddie: Frederick | Charley Charlie Chas: Charles
    Ben Benny: Benjamin | Sam Sammy: Samuel | Joe Joey: Joseph | Nick: Nicholas
    Tony: Anthony | Andy: Andrew | Dan Danny: Daniel | Mike Mick: Michael | Pete: Peter
    Steve: Stephen Steven | Walt Wat: Walter | Wally: Walter | Nat: Nathaniel Nathan
    Kit: Christopher Katherine Catherine | Fanny: Frances | Peggy Meg Maggie Madge: Margaret
    Lizzy Lizzie Liz Libby Bess Bessy Betsy Betty Beth Eliza: Elizabeth
    Kitty Kate Katie Kathy: Katherine Catherine Kathleen
    Polly Molly Mamie: Mary | Sally: Sarah | Nell Nelly Nellie: Helen Eleanor Ellen
    Nan Nancy Annie: Anne Ann Anna | Jenny Jennie: Jane Jennifer | Sukey Susie Sue: Susan Susanna
    Patty Patsy: Martha Patricia | Dolly: Dorothy | Milly Millie: Millicent Mildred Amelia Emily
    Emmy: Emily Emma | Tilly: Matilda | Letty: Letitia | Lotty Lottie: Charlotte | Becky: Rebecca
    Louie: Louisa Louise Louis | Bertie: Albert Herbert Bertram | Gus: Augustus Augustine
    Dora: Dorothea Theodora | Flo Flossie: Florence | Gussie: Augusta | Minnie: Wilhelmina
"""
FAMILIAR_NAMES: dict[str, frozenset[str]] = {
    familiar: frozenset(formal.split())
    for group in re.split(r"[|\n]", _FAMILIAR_FORMS)
    if group.strip()
    for familiars, formal in [group.split(":")]
    for familiar in familiars.split()
}

# Long vowels in romanised Japanese: "Shippou"/"Shippo", "Kouga"/"Koga",
# "Shippou"/"Shippo", "Yuusuke"/"Yusuke", "Ohno"/"Ono".
_LONG_VOWELS = re.compile(r"ou|oo|oh(?![aeiouy])|uu|aa|ii|ee")


def romanised(word: str) -> str:
    """A name folded so that romanisation variants compare equal.

    >>> romanised("Kouga"), romanised("InuYasha")
    ('koga', 'inuyasha')
    """
    return _LONG_VOWELS.sub(lambda m: m.group(0)[0], word.casefold())


def title_gender(title: str) -> Gender:
    """The gender a title implies: "Mr." male, "Lady" female, "Dr." unknown.

    >>> title_gender("Lord"), title_gender("Captain")
    (<Gender.MALE: 'male'>, <Gender.UNKNOWN: 'unknown'>)
    """
    bare = title.rstrip(".")
    if bare in MALE_TITLES:
        return Gender.MALE
    if bare in FEMALE_TITLES:
        return Gender.FEMALE
    return Gender.UNKNOWN
