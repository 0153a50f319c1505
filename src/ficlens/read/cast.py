"""Read a cast file: the characters a user names in advance (``--cast``).

The file is JSON: ``[{"name": "...", "aliases": ["..."], "gender": "female"}]``.

>>> import json, tempfile
>>> with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
...     json.dump([{"name": "Sango", "aliases": ["the demon slayer"], "gender": "female"}], f)
>>> load_cast(f.name)[0]
KnownCharacter(name='Sango', aliases=('the demon slayer',), gender=<Gender.FEMALE: 'female'>)
"""

from __future__ import annotations

import json
from pathlib import Path

from ficlens.errors import InputError
from ficlens.model import Gender, KnownCharacter

_GENDERS = {g.value: g for g in Gender}


def load_cast(path: str) -> tuple[KnownCharacter, ...]:
    """The characters in a cast file, or a clear error saying what is wrong."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "no such cast file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot read the cast file ({error})") from None
    except json.JSONDecodeError as error:
        raise InputError(path, f"the cast file is not JSON (line {error.lineno})") from None
    if not isinstance(data, list) or not data:
        raise InputError(path, "the cast file must be a non-empty list of characters")
    cast = []
    for number, entry in enumerate(data, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise InputError(path, f'character {number} needs a "name"')
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise InputError(path, f'character {number}: "aliases" must be a list of names')
        gender = entry.get("gender", "unknown")
        if gender not in _GENDERS:
            raise InputError(
                path, f"character {number}: gender must be one of {', '.join(_GENDERS)}"
            )
        cast.append(KnownCharacter(entry["name"], tuple(aliases), _GENDERS[gender]))
    return tuple(cast)
