"""Figures about an analysed story: statistics, emotion, and writer's checks.

Each module is a set of pure functions from a :class:`ficlens.model.Story` to
small frozen records; the report and the ``check`` command format them.
"""
