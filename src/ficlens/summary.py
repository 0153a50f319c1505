"""A readable terminal summary of an analysed story.

>>> from ficlens import analyze_text
>>> print(summary_text(analyze_text('"Hi," she said.')).splitlines()[1])
Words       3
"""

from __future__ import annotations

from collections import Counter

from ficlens.model import SpanKind, Story


def word_count(text: str) -> int:
    """Words: whitespace-separated tokens with a letter or digit in them.

    >>> word_count("I don't — know.")
    3
    """
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))


def summary_text(story: Story, lines: bool = False) -> str:
    """Title, fandom, size, structure and the share of each span kind."""
    from ficlens.analysis.stats import kind_shares  # it counts words with word_count

    meta = story.metadata
    shares = kind_shares(story)
    title = meta.title or _title_line(story) or "Untitled"
    out = [title + (f" by {', '.join(meta.authors)}" if meta.authors else "")]
    out.append(f"Words       {sum(share.words for share in shares):,}")
    if meta.fandoms:
        out.append(f"Fandom      {', '.join(meta.fandoms)}")
    if meta.relationships:
        out.append(f"Pairing     {', '.join(meta.relationships)}")
    if meta.rating:
        out.append(f"Rating      {meta.rating}")
    out.append(
        f"Chapters    {len(story.chapters)}   Scenes {len(story.scenes)}   "
        f"Paragraphs {len(story.paragraphs)}"
    )
    if story.source.repairs:
        out.append(f"Repaired    {', '.join(story.source.repairs)}")
    if story.scenes and story.scenes[0].person:
        out.append(f"View        {_point_of_view(story)}")
    out.append("")
    out.append(f"{'kind':<10} {'spans':>7} {'words':>8} {'share':>6}")
    for share in shares:
        out.append(
            f"{share.kind.value:<10} {share.spans:>7,} {share.words:>8,} {100 * share.share:>5.1f}%"
        )
    if story.characters:
        out.extend(_cast(story))
    if lines:
        out.extend(_lines(story))
    return "\n".join(out) + "\n"


def _point_of_view(story: Story) -> str:
    """The narration's person and whose scenes they are: "third person: Mira 2, Tobias 1"."""
    names = {c.id: c.name for c in story.characters}
    person = Counter(s.person.value for s in story.scenes if s.person).most_common(1)[0][0]
    focal = Counter(
        names.get(s.pov, s.pov)
        + (" (shifting)" if (s.pov_evidence or "").startswith("shift") else "")
        for s in story.scenes
        if s.pov
    )
    scenes = ", ".join(f"{name} {n}" for name, n in focal.most_common(4))
    return f"{person} person" + (f"; scenes: {scenes}" if scenes else "")


def _title_line(story: Story) -> str | None:
    titles = [s for s in story.spans[:3] if s.kind is SpanKind.TITLE]
    return story.span_text(titles[0]) if titles else None


def _cast(story: Story) -> list[str]:
    out = ["", f"{'character':<24} {'gender':<8} {'lines':>6} {'spoken':>7}  aliases"]
    for c in sorted(story.characters, key=lambda c: -c.words_spoken):
        aliases = ", ".join(a for a in c.aliases if a != c.name)
        out.append(
            f"{c.name[:24]:<24} {c.gender.value:<8} {c.lines:>6} {c.words_spoken:>7}  {aliases}"
        )
    return out


def _lines(story: Story) -> list[str]:
    names = {c.id: c.name for c in story.characters}
    out = [""]
    for span in story.spans:
        if span.kind not in (SpanKind.SPEECH, SpanKind.THOUGHT, SpanKind.MESSAGE):
            continue
        speaker = ", ".join(names.get(s, s) for s in span.speaker) or "?"
        addressee = ", ".join(names.get(a, a) for a in span.addressee) or "-"
        words = story.span_text(span).replace("\n", " ")
        if len(words) > 70:
            words = words[:67] + "..."
        why = span.evidence.rule if span.evidence else ""
        if span.evidence and span.evidence.text:
            why += f': "{span.evidence.text}"'
        confidence = f"{span.confidence:.2f}" if span.confidence is not None else "  - "
        out.append(f"[{span.kind.value[:7]:<7}] {speaker} -> {addressee} ({confidence}) {words}")
        if span.addressee_evidence:
            why += f"; addressee by {span.addressee_evidence.rule}"
        if why:
            out.append(f"          because {why}")
    return out
