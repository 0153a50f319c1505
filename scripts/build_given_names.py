"""Build the given-name genders (``src/ficlens/data/given_names.tsv``).

Each row is a given name in Latin script and the gender it is almost always
given to ("F" or "M"). The names come from the first-name lists of Faker's
person providers (MIT licence; its English lists are drawn from US birth
records), every locale whose lists are in Latin script. A name that any
locale lists for both genders ("Andrea", "Sasha", "Jordan") is left out:
for those the story's own pronouns must decide.

    pip install -e '.[train]'
    python scripts/build_given_names.py           # print what would change
    python scripts/build_given_names.py --write   # and write the table
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import unicodedata
from pathlib import Path

import faker.providers.person as person_providers

OUT = Path(__file__).resolve().parents[1] / "src" / "ficlens" / "data" / "given_names.tsv"
# The provider attributes that hold first names, with the gender they list.
LISTS = {
    "first_names_female": "F",
    "first_names_male": "M",
    "first_romanized_names_female": "F",
    "first_romanized_names_male": "M",
}
# Shortest name kept: two-letter given names ("Al", "Jo") are as often initials or words.
MIN_LENGTH = 3


def latin(name: str) -> bool:
    """Whether ``name`` is one word of Latin letters (accents allowed)."""
    return (
        len(name) >= MIN_LENGTH
        and name[0].isupper()
        and all((ch.isalpha() and "LATIN" in unicodedata.name(ch, "")) or ch in "'-" for ch in name)
    )


def collect() -> dict[str, str]:
    """Every Latin-script given name that only one gender bears, across locales."""
    genders: dict[str, set[str]] = {}
    for module in pkgutil.iter_modules(person_providers.__path__):
        provider = importlib.import_module(f"{person_providers.__name__}.{module.name}").Provider
        for attribute, gender in LISTS.items():
            names = getattr(provider, attribute, None)
            if names is None or callable(names):
                continue
            for name in names:
                name = name.strip()
                if name.isupper():
                    name = name.title()
                if latin(name):
                    genders.setdefault(name, set()).add(gender)
    return {name: next(iter(found)) for name, found in genders.items() if len(found) == 1}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="write the table")
    args = parser.parse_args(argv)
    table = collect()
    old = OUT.read_text(encoding="utf-8").splitlines() if OUT.exists() else []
    rows = [f"{name}\t{gender}" for name, gender in sorted(table.items())]
    female = sum(gender == "F" for gender in table.values())
    print(f"{len(rows)} names ({female} female, {len(rows) - female} male); "
          f"{len(set(rows) - set(old))} new, {len(set(old) - set(rows))} gone")  # fmt: skip
    if args.write:
        OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
