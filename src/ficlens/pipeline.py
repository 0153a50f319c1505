"""The ordered pipeline: which stage runs when, what it needs, what it adds.

>>> [stage.name for stage in STAGES]
['segment', 'spans', 'cast', 'attribute', 'narrator', 'pov']
>>> story = run(Source(text="Hello."))
>>> [span.kind.value for span in story.spans]
['narration']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ficlens.model import Source, Story
from ficlens.options import Options
from ficlens.stages.attribute import attribute
from ficlens.stages.cast import find_cast
from ficlens.stages.narrator import name_narrator
from ficlens.stages.pov import point_of_view
from ficlens.stages.segment import segment
from ficlens.stages.spans import type_spans


@dataclass(frozen=True, slots=True)
class Stage:
    """A named step: ``requires`` fields must be filled before it runs."""

    name: str
    run: Callable[[Story, Options], Story]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


STAGES: tuple[Stage, ...] = (
    Stage("segment", segment, (), ("paragraphs", "chapters", "scenes")),
    Stage("spans", type_spans, ("paragraphs",), ("spans", "narration_person")),
    Stage("cast", find_cast, ("spans", "narration_person"), ("characters", "mentions")),
    Stage("attribute", attribute, ("spans", "characters", "mentions"), ("speakers",)),
    Stage("narrator", name_narrator, ("speakers",), ("narrator_name",)),
    Stage("pov", point_of_view, ("speakers",), ("pov",)),
)


def run(source: Source, options: Options | None = None, stages: Sequence[Stage] = STAGES) -> Story:
    """Run ``stages`` in order over a source, checking each one's needs."""
    options = options or Options()
    story = Story(text=source.text, source=source)
    filled: set[str] = set()
    for stage in stages:
        missing = [field for field in stage.requires if field not in filled]
        if missing:
            raise RuntimeError(f"stage {stage.name!r} needs {', '.join(missing)} first")
        story = stage.run(story, options)
        filled.update(stage.assigns)
    return story
