"""Named rules: regexes and word lists, each with the reason it exists.

The code that applies them lives in ``ficlens.stages``; keeping the rules
here lets a reader review every convention ficlens knows in one place.
"""
