"""The conversation model: best-path decoding, the shipped weights, training."""

from __future__ import annotations

import importlib.util
import itertools
import json
import math
import random
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from ficlens import analyze_text
from ficlens.model import Character, Evidence, Gender, KnownCharacter, Source, TurnModel
from ficlens.options import Options
from ficlens.pipeline import STAGES, run
from ficlens.rules.attribution import ENDEARMENT
from ficlens.stages.alternation import best_path, default_model, realign
from ficlens.stages.attribute import conversation_runs, leading_characters
from ficlens.stages.conversation import Conversation, Decision, Sounds, Turn
from ficlens.stages.reading import Facts, Place
from ficlens.stages.turn_features import (
    CLOSE_DECAY,
    EMISSION_FEATURES,
    EMISSION_SIZE,
    MAX_CANDIDATES,
    TAG_WINDOW,
    TURN_KINDS,
    candidates_of,
    emission_features,
)
from ficlens.stages.turn_steps import (
    PAIR_FEATURES,
    TRANSITION_FEATURES,
    pair_features,
    transition_of,
)
from ficlens.stages.turns import Turns, description_owner

ROOT = Path(__file__).resolve().parent.parent


def _turn(k: int, who: str, confidence: float = 0.4, **fields: object) -> Turn:
    return Turn((k,), Decision((who,), confidence, None), **fields)  # type: ignore[arg-type]


def test_best_path_alternates_between_anchors() -> None:
    # two candidates; turn 0 and turn 3 are sure, the middle two are not
    emissions = [[5.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 5.0]]
    transitions = [(-3.0, 1.0)] * 4
    assert best_path(emissions, transitions) == [0, 1, 0, 1]


def test_a_first_person_narrator_is_always_a_candidate() -> None:
    # the narrator never names themself, so no turn gives them any weight
    turns = [_turn(k, f"c{k}", tagged=True) for k in range(MAX_CANDIDATES + 2)]
    assert "me" not in candidates_of(turns)
    chosen = candidates_of(turns, narrator="me")
    assert len(chosen) == MAX_CANDIDATES and chosen[-1] == "me"
    assert candidates_of(turns[:2], narrator="c0") == ["c0", "c1"]


def test_best_path_keeps_a_forced_speaker() -> None:
    emissions = [[5.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    transitions = [(-3.0, 1.0)] * 3
    assert best_path(emissions, transitions, [None, 2, None]) == [0, 2, 0]


def test_best_path_lets_a_speaker_go_on_when_the_evidence_says_so() -> None:
    emissions = [[5.0, 0.0], [4.0, 0.0]]
    assert best_path(emissions, [(-3.0, 1.0)] * 2) == [0, 0]
    assert best_path([[5.0, 0.0], [2.0, 0.0]], [(-3.0, 1.0)] * 2) == [0, 1]


def test_a_line_calling_someone_by_name_is_not_theirs() -> None:
    turns = [
        _turn(0, "sango", 0.95, tagged=True),
        _turn(1, "miroku"),
        _turn(2, "sango", vocatives=("miroku",)),
        _turn(3, "miroku"),
    ]
    speakers = [d.speaker for d in realign(turns)]
    assert speakers[2] == ("sango",)
    assert speakers[3] == ("miroku",)


def test_a_pronoun_cannot_go_to_the_other_gender() -> None:
    gender = {"sango": Gender.FEMALE, "miroku": Gender.MALE}
    turns = [
        _turn(0, "sango", 0.95, tagged=True, vocatives=("miroku",)),
        _turn(1, "sango", 0.8, pronoun=Gender.MALE),
    ]
    decisions = realign(turns, gender)
    assert decisions[1].speaker == ("miroku",)
    assert decisions[1].addressee == ("sango",)


def test_named_tags_are_never_overruled() -> None:
    turns = [_turn(0, "sango", 0.95, tagged=True), _turn(1, "sango", 0.95, tagged=True)]
    assert [d.speaker for d in realign(turns)] == [("sango",), ("sango",)]


def test_the_shipped_model_names_every_feature() -> None:
    path = ROOT / "src/ficlens/data/turn_model.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for kind in ("", *(f", {kind}" for kind in TURN_KINDS)):
        assert list(data[f"emission{kind}"]) == list(EMISSION_FEATURES)
    assert list(data["transition"]) == list(TRANSITION_FEATURES)
    assert list(data["pair"]) == list(PAIR_FEATURES)
    model = default_model()
    assert len(model.emission) == EMISSION_SIZE == len(EMISSION_FEATURES) * (1 + len(TURN_KINDS))
    # what the weights must say for the model to make sense at all
    weights = dict(zip(EMISSION_FEATURES, model.emission, strict=False))
    assert weights["named tag"] > weights["turn-taking guess"] > 0
    assert weights["called by name"] < 0
    assert weights["pronoun, other gender"] < 0


def _trainer() -> ModuleType:
    pytest.importorskip("numpy")
    spec = importlib.util.spec_from_file_location("train_turns", ROOT / "scripts/train_turns.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_turns"] = module
    spec.loader.exec_module(module)
    return module


def test_training_learns_alternation_from_conversations() -> None:
    np = pytest.importorskip("numpy")
    trainer = _trainer()
    named = EMISSION_FEATURES.index("named tag")
    guess = EMISSION_FEATURES.index("turn-taking guess")
    runs = []
    for length in range(3, 9):
        # A tagged first turn, then untagged turns whose forward guess is
        # always the first speaker: only alternation gets them right.
        features = np.zeros((length, 2, trainer.E))
        features[0, 0, named] = 1.0
        features[1:, 0, guess] = 1.0
        gold = [k % 2 for k in range(length)]
        runs.append(trainer.Run(features, [(0, 3)] * length, gold))
    weights = trainer.train(runs, epochs=5)
    for r in runs:
        assert trainer.decode(r, weights) == r.gold
    same = trainer.E + TRANSITION_FEATURES.index("same as the turn before")
    assert weights[same] < 0


def test_sir_says_the_turn_before_was_a_man_s() -> None:
    # turn 1 could be either; turn 2 calls its listener "sir", and only
    # candidate 1 is a man
    emissions = [[5.0, 0.0, 0.0], [0.0, 0.0, 0.1], [0.0, 0.0, 0.0]]
    transitions = [(-3.0, 1.0)] * 3
    assert best_path(emissions, transitions)[1] == 2
    sir = [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [-2.0, 2.0, -2.0]]
    assert best_path(emissions, transitions, (), sir)[1] == 1


def test_pair_features_read_the_gender_called() -> None:
    gender = {"kaede": Gender.FEMALE, "miroku": Gender.MALE}
    turns = [_turn(0, "kaede"), _turn(1, "miroku", addresses=Gender.MALE)]
    features = pair_features(turns, ["kaede", "miroku", "nobody"], gender)
    assert features[0] == [[], [], []]
    fits, clashes = PAIR_FEATURES.index("called sir or madam by the turn after"), 1
    assert features[1] == [[(clashes, 1.0)], [(fits, 1.0)], []]


def test_the_named_subject_beside_a_quote_stands() -> None:
    subject = Evidence("narration-subject", "Sango", 0, 5)
    turns = [
        _turn(0, "miroku", 0.95, tagged=True),
        _turn(1, "sango", 0.95, tagged=True),
        Turn((2,), Decision(("sango",), 0.7, subject)),  # the path would say Miroku
    ]
    assert realign(turns)[2].speaker == ("sango",)


def test_the_narrator_is_a_feature_of_its_own() -> None:
    turns = [_turn(0, "kaede"), _turn(1, "me")]
    features = emission_features(turns, ["kaede", "me"], {}, narrator="me")
    narrator = EMISSION_FEATURES.index("the narrator")
    assert (narrator, 1.0) in features[1][1]
    assert all(i != narrator for i, _ in features[1][0])


def test_a_pronoun_tag_is_never_the_first_person_narrators() -> None:
    # "she said" in a story told by "I": the narrator would have said "I said"
    gender = {"me": Gender.FEMALE, "kaede": Gender.FEMALE}
    turns = [_turn(0, "kaede", pronoun=Gender.FEMALE)]
    features = emission_features(turns, ["kaede", "me"], gender, narrator="me")
    other = EMISSION_FEATURES.index("pronoun, other gender")
    same = EMISSION_FEATURES.index("pronoun, same gender")
    assert (other, 1.0) in features[0][1]
    assert all(i != same for i, _ in features[0][1])
    assert all(i != other for i, _ in features[0][0])


def _path_score(
    path: tuple[int, ...],
    emissions: list[list[float]],
    transitions: list[tuple[float, float]],
    pairs: list[list[float]],
) -> float:
    value = emissions[0][path[0]]
    for k in range(1, len(path)):
        value += emissions[k][path[k]] + pairs[k][path[k - 1]]
        if path[k] == path[k - 1]:
            value += transitions[k][0]
        elif k >= 2 and path[k] == path[k - 2]:
            value += transitions[k][1]
    return value


def test_best_path_is_the_best_of_all_paths() -> None:
    rng = random.Random(11)
    for _ in range(300):
        n, length = rng.randint(1, 4), rng.randint(1, 5)
        emissions = [[rng.uniform(-5, 5) for _ in range(n)] for _ in range(length)]
        transitions = [(rng.uniform(-5, 2), rng.uniform(-2, 5)) for _ in range(length)]
        pairs = [[rng.uniform(-3, 3) for _ in range(n)] for _ in range(length)]
        forced = [rng.choice([None, None, None, *range(n)]) for _ in range(length)]
        allowed = [
            p
            for p in itertools.product(range(n), repeat=length)
            if all(f is None or p[k] == f for k, f in enumerate(forced))
        ]
        found = tuple(best_path(emissions, transitions, forced, pairs))
        assert found in allowed
        best = max(_path_score(p, emissions, transitions, pairs) for p in allowed)
        assert _path_score(found, emissions, transitions, pairs) == pytest.approx(best)


def test_a_model_of_ones_own_goes_in_through_the_options() -> None:
    from ficlens import KnownCharacter, Options, TurnModel, analyze_text

    cast = (KnownCharacter("Sango", gender="female"), KnownCharacter("Miroku", gender="male"))
    text = '"Ready?" asked Sango.\n\n"Yes," said Miroku.\n\n"Then go."\n\n"Now?"'
    shipped = analyze_text(text, Options(cast=cast))
    # a model that likes nothing but the same speaker going on
    stubborn = TurnModel(
        emission=(20.0,) + (0.0,) * (len(EMISSION_FEATURES) - 1),
        transition=(9.0, 9.0, 9.0, 0.0, 0.0, 9.0),
        pair=(0.0,) * len(PAIR_FEATURES),
    )
    own = analyze_text(text, Options(cast=cast, turn_model=stubborn))
    lines = [s for s in shipped.spans if s.kind.value == "speech"]
    mine = [s for s in own.spans if s.kind.value == "speech"]
    assert [s.speaker for s in lines] == [("sango",), ("miroku",), ("sango",), ("miroku",)]
    assert [s.speaker for s in mine][2:] == [("miroku",), ("miroku",)]


def test_the_line_after_calls_this_line_s_speaker() -> None:
    turns = [_turn(0, "kaede"), _turn(1, "miroku", vocatives=("kaede",))]
    features = emission_features(turns, ["kaede", "miroku"], {})
    after = EMISSION_FEATURES.index("called in the turn after")
    assert (after, 1.0) in features[0][0]
    assert all(i != after for row in features[0][1:] + features[1] for i, _ in row)


def test_named_tags_count_only_nearby() -> None:
    far = TAG_WINDOW + 5
    turns = [_turn(0, "kaede", tagged=True)] + [_turn(k, "miroku") for k in range(1, far + 1)]
    features = emission_features(turns, ["kaede", "miroku"], {})
    nearby = EMISSION_FEATURES.index("named tags nearby")
    assert any(i == nearby for i, _ in features[1][0])
    assert all(i != nearby for i, _ in features[far][0])


def test_kin_called_tells_the_listener_s_gender() -> None:
    text = (
        "Kaede and Miroku sat by the fire.\n\n"
        '"Is it late?"\n\n"Not yet, papa. Sleep."\n\n"I wrote to my mother."'
    )
    runs, *_ = _kaede_and_miroku(text)
    assert [t.addresses for t in runs[0]] == [None, Gender.MALE, None]


def test_a_pronoun_leans_to_the_lead_of_its_gender() -> None:
    gender = {"kaede": Gender.FEMALE, "sango": Gender.FEMALE, "miroku": Gender.MALE}
    turns = [_turn(0, "kaede", pronoun=Gender.FEMALE)]
    leads = {"kaede": 0.25, "sango": 1.0, "miroku": 1.0}
    features = emission_features(turns, ["kaede", "sango", "miroku"], gender, leads=leads)
    lead = EMISSION_FEATURES.index("pronoun, the lead")
    assert (lead, 0.25) in features[0][0] and (lead, 1.0) in features[0][1]
    assert all(i != lead for i, _ in features[0][2])  # "she" is not Miroku


def test_leading_characters_weigh_mentions_within_a_gender() -> None:
    cast = [
        Character("kaede", "Kaede", gender=Gender.FEMALE, mentions=10),
        Character("sango", "Sango", gender=Gender.FEMALE, mentions=40),
        Character("miroku", "Miroku", gender=Gender.MALE, mentions=5),
        Character("jaken", "Jaken", mentions=50),
    ]
    assert leading_characters(cast) == {"kaede": 0.25, "sango": 1.0, "miroku": 1.0}


def test_an_untagged_line_sounds_like_whoever_tagged_lines_share_its_words() -> None:
    text = (
        '"Pray, child, sit down," said Kaede.\n\n"Ha! Not likely," said Miroku.\n\n'
        '"Pray be quiet, child."\n\n"Ha! Make me."'
    )
    scores = _kaede_and_miroku_scores(text, "sounds like them")
    assert scores[0] == scores[1] == [0.0, 0.0]  # tagged lines need no voice
    assert scores[2][0] > 0 > scores[2][1]  # "pray", "child": Kaede's words
    assert scores[3][1] > 0 > scores[3][0]  # "ha": Miroku's


def test_an_untagged_line_is_theirs_who_call_people_as_it_does() -> None:
    # Each has a way of calling the other; the untagged lines share no
    # other word with the tagged ones.
    text = (
        '"Sit down, my dear," said Kaede.\n\n"Not now, old fellow!" said Miroku.\n\n'
        '"Well, old fellow, what then?"\n\n"Go on, my dear."'
    )
    scores = _kaede_and_miroku_scores(text, "addresses people as they do")
    assert scores[0] == scores[1] == [0.0, 0.0]  # tagged lines need no voice
    assert scores[2][1] > 0 > scores[2][0]  # "old fellow": as Miroku calls people
    assert scores[3][0] > 0 > scores[3][1]  # "my dear": as Kaede does


def _kaede_and_miroku_scores(text: str, feature: str) -> list[list[float]]:
    """Per turn of a Kaede and Miroku story, each one's value of ``feature``."""
    runs, gender, narrator, leads, sounds = _kaede_and_miroku(text)
    features = emission_features(runs[0], ["kaede", "miroku"], gender, narrator, leads, sounds)
    index = EMISSION_FEATURES.index(feature)
    return [[dict(row).get(index, 0.0) for row in rows] for rows in features]


def _kaede_and_miroku(
    text: str,
) -> tuple[list[list[Turn]], dict[str, Gender], str | None, dict[str, float], Sounds]:
    """The conversation runs of a story whose cast is Kaede and Miroku."""
    return _runs(text, Kaede=Gender.FEMALE, Miroku=Gender.MALE)


def _runs(
    text: str, **cast: Gender
) -> tuple[list[list[Turn]], dict[str, Gender], str | None, dict[str, float], Sounds]:
    """The conversation runs of a story with the given cast, names to genders."""
    known = tuple(KnownCharacter(name.replace("_", " "), (), g) for name, g in cast.items())
    return conversation_runs(run(Source(text=text), Options(cast=known), STAGES[:3]))


def test_the_narration_around_a_line_tells_whom_it_is_about() -> None:
    text = (
        "Sango climbed the hill. Sango looked back at Kaede. Miroku followed Sango.\n\n"
        '"Is it far?" asked Kaede.\n\n"Not far."'
    )
    runs, gender, *_ = _runs(text, Kaede=Gender.FEMALE, Sango=Gender.FEMALE, Miroku=Gender.MALE)
    tagged, untagged = runs[0]
    assert tagged.nearby_leads is None  # a named tag needs no guess
    # each against the most-named of their gender: Sango three times, Kaede
    # twice (once in the tag), Miroku the only man
    assert untagged.nearby_leads == {"sango": 1.0, "kaede": 2 / 3, "miroku": 1.0}
    features = emission_features(runs[0], ["kaede", "sango", "miroku"], gender)
    nearby = EMISSION_FEATURES.index("named most nearby")
    assert (nearby, 1.0) in features[1][1] and (nearby, 2 / 3) in features[1][0]


def test_a_name_called_counts_as_a_mention_nearby() -> None:
    text = 'Sango and Kaede sat by the fire.\n\n"Are you cold, Rin?" asked Sango.\n\n"A little."'
    runs, *_ = _runs(text, Kaede=Gender.FEMALE, Sango=Gender.FEMALE, Rin=Gender.FEMALE)
    # Sango named twice in the narration; Kaede once; Rin only called
    assert runs[0][1].nearby_leads == {"sango": 1.0, "kaede": 0.5, "rin": 0.5}


def test_a_tag_that_names_a_description_is_read_from_the_exchange() -> None:
    text = '"Who goes there?" asked Sango.\n\n"A friend," said the ferryman.'
    runs, gender, *_ = _runs(
        text, Sango=Gender.FEMALE, Miroku=Gender.MALE, The_Ferryman=Gender.MALE
    )
    asked, answered = runs[0]
    assert asked.tagged and not asked.described
    # not held like a named tag: read as a "he said" the ferryman is the guess for
    assert (answered.tagged, answered.described, answered.pronoun) == (False, True, Gender.MALE)
    assert answered.decision.speaker == ("the-ferryman",)
    features = emission_features(runs[0], ["sango", "the-ferryman", "miroku"], gender)
    described = EMISSION_FEATURES.index("description tag")
    named = EMISSION_FEATURES.index("named tag")
    assert (described, 1.0) in features[1][1]
    assert all(i != named for row in features[1] for i, _ in row)
    other = EMISSION_FEATURES.index("pronoun, other gender")
    assert (other, 1.0) in features[1][0]  # Sango is no "he"


def test_a_description_in_capitals_is_held_like_a_name() -> None:
    text = '"Who goes there?" asked Sango.\n\n"A friend," said the Ferryman.'
    runs, *_ = _runs(text, Sango=Gender.FEMALE, The_Ferryman=Gender.UNKNOWN)
    answered = runs[0][1]
    assert (answered.tagged, answered.described) == (True, False)


_HEALER_TEXT = (
    '"You are late," said Kaede.\n\n"The river was high," said Miroku.\n\n'
    '"Then sit and eat," said the healer.\n\n"I will," said Miroku.\n\n'
    '"And the herbs?" asked the healer.\n\n"Here," said Miroku.\n\n'
    '"Good," said the healer.'
)
_HEALER_CAST = (
    KnownCharacter("Kaede", (), Gender.FEMALE),
    KnownCharacter("Miroku", (), Gender.MALE),
    KnownCharacter("The Healer", (), Gender.FEMALE),
)


def _model(emission: dict[str, float], transition: dict[str, float]) -> TurnModel:
    return TurnModel(
        tuple(emission.get(name, 0.0) for name in EMISSION_FEATURES),
        tuple(transition.get(name, 0.0) for name in TRANSITION_FEATURES),
        (0.0,) * len(PAIR_FEATURES),
    )


def _speakers(text: str, cast: tuple[KnownCharacter, ...], model: TurnModel) -> list[str]:
    story = analyze_text(text, Options(cast=cast, turn_model=model))
    names = {c.id: c.name for c in story.characters}
    return [names[s.speaker[0]] for s in story.spans if s.kind.value == "speech"]


def test_a_description_the_exchanges_give_to_one_character_is_theirs() -> None:
    # a model that reads description tags by alternation alone
    model = _model({"named tag": 10.0}, {"the speaker two turns back": 5.0})
    assert _speakers(_HEALER_TEXT, _HEALER_CAST, model) == ["Kaede", "Miroku"] * 3 + ["Kaede"]


def test_a_description_the_exchanges_keep_names_a_character_of_its_own() -> None:
    model = _model({"named tag": 10.0, "description tag": 20.0}, {})
    assert _speakers(_HEALER_TEXT, _HEALER_CAST, model) == [
        "Kaede", "Miroku", "The Healer", "Miroku", "The Healer", "Miroku", "The Healer"
    ]  # fmt: skip


def test_a_description_found_to_be_someone_s_joins_their_names() -> None:
    # no cast given: "the healer" is found as a character, then merged
    model = _model({"named tag": 10.0}, {"the speaker two turns back": 5.0})
    story = analyze_text(_HEALER_TEXT, Options(turn_model=model))
    names = {c.name: c for c in story.characters}
    assert "the healer" not in names
    assert "the healer" in names["Kaede"].aliases
    speakers = [s.speaker for s in story.spans if s.kind.value == "speech"]
    assert speakers == [("kaede",), ("miroku",)] * 3 + [("kaede",)]
    assert names["Kaede"].lines == 4


def test_a_description_named_as_often_as_kept_is_the_named_character_s() -> None:
    descriptions = {"the-healer", "the-boatman"}
    tied = Counter({"the-healer": 3, "kaede": 3, "miroku": 1})
    assert description_owner("the-healer", tied, descriptions, gendered=True) == "kaede"
    kept = Counter({"the-healer": 4, "kaede": 3})
    assert description_owner("the-healer", kept, descriptions, gendered=True) == "the-healer"
    # another description is no owner; too few lines leave a gendered one to each exchange
    other = Counter({"the-boatman": 3, "the-healer": 1})
    assert description_owner("the-healer", other, descriptions, gendered=True) is None
    few = Counter({"kaede": 2, "the-healer": 1})
    assert description_owner("the-healer", few, descriptions, gendered=True) is None
    assert description_owner("the-healer", few, descriptions, gendered=False) == "the-healer"


def test_a_given_cast_keeps_its_descriptions() -> None:
    model = _model({"named tag": 10.0}, {"the speaker two turns back": 5.0})
    story = analyze_text(_HEALER_TEXT, Options(cast=_HEALER_CAST, turn_model=model))
    assert [c.name for c in story.characters] == ["Kaede", "Miroku", "The Healer"]


def test_the_line_after_a_question_reads_its_own_transition() -> None:
    asked = _turn(0, "kaede", asks=True)
    said = _turn(0, "kaede")
    following = _turn(1, "miroku")
    same_after_question = TRANSITION_FEATURES.index(
        "same as the turn before, which asked a question"
    )
    assert transition_of(following, asked) == (same_after_question, 3)
    assert transition_of(following, said) == (0, 3)
    assert transition_of(following._replace(gap=1), asked) == (1, 4)


def test_a_name_only_after_a_preposition_is_the_listener() -> None:
    text = (
        '"Is it far?" asked Kaede.\n\nMiroku turned to Sango, then looked at Kaede.\n\n"Not far."'
    )
    runs, gender, *_ = _runs(text, Kaede=Gender.FEMALE, Sango=Gender.FEMALE, Miroku=Gender.MALE)
    answer = runs[0][-1]
    assert set(answer.present_before) == {"miroku", "sango", "kaede"}
    assert set(answer.objects) == {"sango", "kaede"}
    features = emission_features(runs[0], ["kaede", "sango", "miroku"], gender)
    listener = EMISSION_FEATURES.index("named in the narration as an object")
    assert (listener, 1.0) in features[1][1] and (listener, 1.0) not in features[1][2]


def test_whom_the_next_tag_says_a_line_is_to_is_marked() -> None:
    text = '"Is it far?" asked Sango.\n\n"Far enough."\n\n"Not far," said Miroku to Kaede.'
    runs, gender, *_ = _runs(text, Kaede=Gender.FEMALE, Sango=Gender.FEMALE, Miroku=Gender.MALE)
    features = emission_features(runs[0], ["sango", "kaede", "miroku"], gender)
    told_after = EMISSION_FEATURES.index("told in the turn after")
    fired = [[(told_after, 1.0) in row for row in turn] for turn in features]
    assert fired == [[False] * 3, [False, True, False], [False] * 3]


def test_a_pronoun_turn_knows_the_last_two_of_its_gender_named_in_narration() -> None:
    # the tag "said Rin" names the last speaker, not whom "she" means
    text = 'Sango and Kaede sat by the fire.\n\n"Cold," said Rin.\n\n"Colder still," she said.'
    runs, *_ = _runs(text, Sango=Gender.FEMALE, Kaede=Gender.FEMALE, Rin=Gender.FEMALE)
    said_rin, she_said = runs[0]
    assert said_rin.recent == ()  # a named tag needs none
    assert she_said.recent == ("kaede", "sango")


def test_a_turn_knows_whether_it_asks() -> None:
    runs, *_ = _kaede_and_miroku('"Ready?" asked Kaede.\n\n"Yes," said Miroku.\n\n"Now?--"')
    assert [turn.asks for turn in runs[0]] == [True, False, True]


def test_named_tags_close_by_fade_with_distance() -> None:
    turns = [
        _turn(0, "kaede", 0.95, tagged=True),
        _turn(1, "kaede"),
        _turn(2, "miroku", 0.95, tagged=True),
    ]
    features = emission_features(turns, ["kaede", "miroku"], {})
    close = EMISSION_FEATURES.index("named tags close by")

    def value(k: int, c: int) -> float:
        return next((v for i, v in features[k][c] if i == close), 0.0)

    assert value(1, 0) == pytest.approx(CLOSE_DECAY)  # one turn away either side
    assert value(1, 1) == pytest.approx(CLOSE_DECAY)
    assert value(0, 0) == 0.0  # a turn's own tag does not count
    assert value(0, 1) == pytest.approx(CLOSE_DECAY**2)


def test_the_run_tells_who_takes_part_and_who_is_only_spoken_of() -> None:
    # Kaede and Miroku are tagged and call each other; Sango is only spoken of
    turns = [
        _turn(0, "kaede", 0.95, tagged=True, vocatives=("miroku",), named_inside=("sango",)),
        _turn(1, "miroku", vocatives=("kaede",)),
        _turn(2, "miroku", 0.95, tagged=True, named_inside=("sango",)),
        _turn(3, "kaede", vocatives=("miroku",)),
    ]
    candidates = ["kaede", "miroku", "sango"]
    features = emission_features(turns, candidates, {})
    called, spoken_of, untagged = (
        EMISSION_FEATURES.index(name)
        for name in ("called in the run", "spoken of in the run", "no named tag in the run")
    )

    def value(k: int, who: str, feature: int) -> float:
        return dict(features[k][candidates.index(who)]).get(feature, 0.0)

    # the turn's own call is not counted: turn 3 calls Miroku, two others do too
    assert value(3, "miroku", called) == pytest.approx(math.log1p(1))
    assert value(1, "miroku", called) == pytest.approx(math.log1p(2))
    assert value(3, "sango", called) == 0.0
    assert value(1, "sango", spoken_of) == pytest.approx(math.log1p(2))
    assert value(0, "sango", spoken_of) == pytest.approx(math.log1p(1))
    assert [value(1, who, untagged) for who in candidates] == [0.0, 0.0, 1.0]
    # a run without named tags says nothing of who has none
    bare = [turn._replace(tagged=False) for turn in turns]
    assert all(untagged not in dict(row) for rows in emission_features(bare, candidates, {})
               for row in rows)  # fmt: skip


def test_the_run_counts_whom_the_first_reading_gave_its_other_lines() -> None:
    # the first reading gave two untagged lines to Miroku and one to Kaede
    turns = [
        _turn(0, "kaede", 0.95, tagged=True),
        _turn(1, "miroku"),
        _turn(2, "kaede"),
        _turn(3, "miroku"),
        _turn(4, "kaede", 0.95, tagged=True),
    ]
    candidates = ["kaede", "miroku", "sango"]
    features = emission_features(turns, candidates, {})
    given = EMISSION_FEATURES.index("given in the run")

    def value(k: int, who: str) -> float:
        return dict(features[k][candidates.index(who)]).get(given, 0.0)

    # a turn's own reading is not counted, nor are named tags
    assert value(1, "miroku") == pytest.approx(math.log1p(1))
    assert value(2, "miroku") == pytest.approx(math.log1p(2))
    assert value(2, "kaede") == 0.0
    assert value(1, "kaede") == pytest.approx(math.log1p(1))
    assert value(0, "sango") == 0.0


def test_a_turn_knows_whether_it_answers_and_whether_narration_leads_into_it() -> None:
    text = (
        '"Ready?" asked Kaede.\n\n"Yes, quite."\n\n"Nobody came," said Miroku.'
        '\n\nKaede lit the lamp. "Then we wait."'
    )
    runs, *_ = _kaede_and_miroku(text)
    assert [turn.answers for turn in runs[0]] == [False, True, False, False]
    assert [turn.led for turn in runs[0]] == [False, False, False, True]


def test_answers_and_narration_before_the_quote_read_their_own_transitions() -> None:
    said = _turn(0, "kaede")
    asked = said._replace(asks=True)
    answering = _turn(1, "miroku", answers=True)
    led = _turn(1, "miroku", led=True)
    index = TRANSITION_FEATURES.index
    assert transition_of(answering, said) == (
        index("same as the turn before, which this one answers"),
        index("the speaker two turns back"),
    )
    # a question before it outweighs the answer's opening
    assert transition_of(answering, asked)[0] == index(
        "same as the turn before, which asked a question"
    )
    assert transition_of(led, asked) == (
        index("same as the turn before, after narration in its paragraph"),
        index("the speaker two turns back, after narration in its paragraph"),
    )
    assert transition_of(led._replace(gap=1), said) == (1, 4)  # a narration paragraph first


def test_a_line_is_said_to_the_speaker_the_exchange_ends_with_before_it() -> None:
    story = run(Source(text="Kaede, Sango and Miroku sat by the fire."), Options(), STAGES[:3])
    turns = Turns(Facts.of(story), Place(Conversation()))
    partner = Evidence("conversation-partner", "Sango")
    said = [
        Decision(("kaede",), 0.95, None),
        Decision(("miroku",), 0.6, None),  # the first reading had Sango here
        Decision(("kaede",), 0.6, None).with_addressee(("sango",), 0.6, partner),
        Decision(("sango",), 0.95, None),
    ]
    plain, after_narration = Turn((2,), said[2]), Turn((2,), said[2], gap=1)
    assert turns._listener(plain, said, 2).addressee == ("miroku",)  # it answers him
    assert turns._listener(after_narration, said, 2).addressee == ("sango",)  # who answers
    called = said[2].with_addressee(("sango",), 0.85, Evidence("vocative", "Sango"))
    assert turns._listener(plain, [*said[:2], called, said[3]], 2) == called  # a name stands


def test_words_of_endearment_are_forms_of_address() -> None:
    text = "Come here, babe. Not now, old fellow! Dude, look. A sweet song, the Babel tower."
    found = [m.group().lower() for m in ENDEARMENT.finditer(text)]
    assert found == ["babe", "old fellow", "dude"]


def test_a_pronoun_turn_knows_what_its_pronoun_was_resolved_from() -> None:
    text = (
        'Sango and Kaede sat by the fire.\n\n"Cold," said Rin.\n\nKaede stood up.\n\n'
        '"Colder still," she said.\n\n"Not to me," she said.'
    )
    runs, gender, *_ = _runs(text, Sango=Gender.FEMALE, Kaede=Gender.FEMALE, Rin=Gender.FEMALE)
    said_rin, after_narration, reply = runs[0]
    assert said_rin.basis is None  # a named tag
    assert after_narration.basis == "subject of the narration before"
    assert reply.basis == "one in the exchange"
    features = emission_features(runs[0], ["rin", "kaede", "sango"], gender)
    subject = EMISSION_FEATURES.index("pronoun resolved, subject of the narration before")
    assert (subject, 1.0) in features[1][1]


def test_whoever_the_narration_says_kept_silent_is_known_to_the_next_turn() -> None:
    text = '"Will you come?" Kaede asked Miroku.\n\nMiroku made no reply.\n\n"Well?"'
    runs, *_ = _kaede_and_miroku(text)
    asked, again = runs[0]
    assert asked.silent == () and again.silent == ("miroku",)
    assert _kaede_and_miroku_scores(text, "kept silent just before")[1] == [0.0, 1.0]


def test_a_name_just_before_a_pronoun_tag_makes_a_candidate() -> None:
    text = (
        '"Cold," said Sango.\n\n"Colder still," said Kaede.\n\n"We go," said Sango.\n\n'
        '"Soon," said Kaede.\n\nRin came in.\n\n"Who is cold?" she asked.'
    )
    runs, gender, *_ = _runs(text, Sango=Gender.FEMALE, Kaede=Gender.FEMALE, Rin=Gender.FEMALE)
    asked = runs[0][-1]
    assert asked.recent[0] == "rin" and asked.recent_close
    assert "rin" in candidates_of(runs[0])
    close = EMISSION_FEATURES.index("pronoun, latest named just before")
    features = emission_features(runs[0], candidates_of(runs[0]), gender)
    assert (close, 1.0) in features[-1][candidates_of(runs[0]).index("rin")]


def test_whom_the_turn_before_turns_to_is_known_to_the_next() -> None:
    text = '"Is it far?" asked Kaede, turning to Miroku.\n\n"Not far."'
    assert _kaede_and_miroku_scores(text, "an object in the turn before")[1] == [0.0, 1.0]


def test_a_pronoun_tag_reads_the_subject_a_verb_follows_and_earlier_subjects() -> None:
    text = (
        '"We should go," said Sango.\n\n"Not yet," said Rin.\n\n'
        "As Sango went out Miroku stopped her and looked at Inuyasha.\n\n"
        '"Is it far?" he asked.\n\n"Far enough," said Rin.\n\n'
        "Inuyasha sat down beside Miroku. Sango smiled at him.\n\n"
        '"Then we wait," he said.'
    )
    runs, *_ = _runs(
        text, Sango=Gender.FEMALE, Rin=Gender.FEMALE, Miroku=Gender.MALE, Inuyasha=Gender.MALE
    )
    turns = [turn for found in runs for turn in found]
    asked, waited = turns[2], turns[4]
    # "Miroku stopped her": a name a verb follows is the clause's subject
    assert asked.decision.speaker == ("miroku",)
    assert asked.basis == "subject of the narration before"
    # the last subject is a woman: the latest man named as a subject before her
    assert waited.decision.speaker == ("inuyasha",)


@pytest.mark.parametrize(
    ("text", "genders", "speaker"),
    [
        # "she sat down" continues Kaede, the subject, not Rin, whom Kaede told
        (
            '"We should go," said Sango.\n\n"Not yet," said Rin.\n\n'
            "Kaede told Rin the news. Then she sat down.\n\n"
            '"It is late," she said.',
            {"Sango": Gender.FEMALE, "Rin": Gender.FEMALE, "Kaede": Gender.FEMALE},
            "kaede",
        ),
        # "she shook her coat" continues Rin, the last subject named, whose
        # gender the cast leaves open; not Kaede, the last woman named before
        (
            '"Is the soup ready?" asked Miroku.\n\n'
            "Kaede sat by the fire. Rin came in from the rain, and she shook her coat.\n\n"
            '"Cold out," she said.',
            {"Kaede": Gender.FEMALE, "Rin": Gender.UNKNOWN, "Miroku": Gender.MALE},
            "rin",
        ),
    ],
)
def test_a_pronoun_subject_means_the_last_named_subject_of_its_paragraph(
    text: str, genders: dict[str, Gender], speaker: str
) -> None:
    runs, *_ = _runs(text, **genders)
    last = runs[0][-1]
    assert last.basis == "subject of the narration before"
    assert last.decision.speaker == (speaker,)


def test_who_spoke_a_few_paragraphs_back_may_go_on_talking() -> None:
    text = (
        '"The river will rise," said Kaede.\n\n"Then we leave," said Miroku.\n\n'
        "The fire burned low.\n\nThe wind pulled at the shutters.\n\n"
        '"Not yet," said Sango.\n\n"Why not?"'
    )
    runs, *_ = _runs(text, Kaede=Gender.FEMALE, Miroku=Gender.MALE, Sango=Gender.FEMALE)
    _, after = runs
    assert after[0].earlier == ("kaede", "miroku") and after[1].earlier == ()
    assert set(candidates_of(after)) == {"sango", "kaede", "miroku"}
    assert "kaede" not in candidates_of([turn._replace(earlier=()) for turn in after])
    # a new scene, or long narration, ends the talk
    apart = text.replace("The wind", "The wind.\n\nThe rain.\n\nThe night.\n\nThe wind")
    assert _runs(apart, Kaede=Gender.FEMALE, Miroku=Gender.MALE)[0][1][0].earlier == ()


def test_whom_the_turn_before_speaks_of_is_known_to_the_next() -> None:
    text = '"When will you write to Miroku?" asked Kaede.\n\n"Tomorrow."'
    assert _kaede_and_miroku_scores(text, "spoken of in the turn before")[1] == [0.0, 1.0]
    called = '"When will you write, Miroku?" asked Kaede.\n\n"Tomorrow."'
    assert _kaede_and_miroku_scores(called, "spoken of in the turn before")[1] == [0.0, 0.0]


def test_a_pronoun_tag_knows_the_latest_of_its_gender_seen_acting() -> None:
    text = (
        '"Cold," said Miroku.\n\n"Colder still," said Kaede.\n\n'
        "Sango quietly turned away from Rin and the fire.\n\n"
        '"We go at dawn," she said.'
    )
    cast = {"Miroku": Gender.MALE, "Kaede": Gender.FEMALE}
    runs, *_ = _runs(text, **cast, Sango=Gender.FEMALE, Rin=Gender.FEMALE)
    said = runs[0][-1]
    assert said.recent == ("rin", "sango") and said.acted == "sango"
    # a name after a preposition, or with no verb after it, is no subject
    runs, *_ = _runs(text.replace("Sango quietly turned", "Then"), **cast, Rin=Gender.FEMALE)
    assert runs[0][-1].recent == ("rin",) and runs[0][-1].acted is None


def test_pronoun_tags_and_turns_after_narration_have_weights_of_their_own() -> None:
    text = '"Cold," said Sango.\n\n"Colder," said Miroku.\n\nThe fire went out.\n\n"Go," she said.'
    runs, gender, *_ = _runs(text, Sango=Gender.FEMALE, Miroku=Gender.MALE)
    features = emission_features(runs[0], ["sango", "miroku"], gender)
    size = len(EMISSION_FEATURES)
    assert all(i < size for rows in features[:2] for row in rows for i, _ in row)
    for row in features[2]:  # a pronoun tag after narration: both kinds
        shared = [(i, v) for i, v in row if i < size]
        for kind in range(len(TURN_KINDS)):
            assert [(i - size * (kind + 1), v) for i, v in row if i // size == kind + 1] == shared
    # a model without them reads such turns by the shared weights alone
    model = default_model()
    shared_only = model._replace(emission=model.emission[:size])
    assert len(realign(runs[0], gender, model=shared_only)) == 3


def test_whom_a_tag_speaks_to_cannot_have_said_the_line() -> None:
    text = '"Is it far?" asked Sango.\n\n"Not far," she said to Kaede, and smiled.'
    runs, *_ = _runs(text, Kaede=Gender.FEMALE, Sango=Gender.FEMALE)
    asked, answered = runs[0]
    assert answered.barred == ("kaede",) and asked.barred == ()
