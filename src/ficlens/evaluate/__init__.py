"""Scoring ficlens against annotated corpora (PDNC, the span-level gold format)."""
