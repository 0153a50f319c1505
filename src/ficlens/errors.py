"""Errors ficlens reports to users as one clear sentence.

>>> str(InputError("story.txt", "the file is empty"))
'story.txt: the file is empty'
"""

from __future__ import annotations


class FiclensError(Exception):
    """Base class: anything ficlens refuses for a reason it can state."""


class InputError(FiclensError):
    """A file that cannot be read as a story."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
