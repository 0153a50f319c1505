"""Pipeline stages: plain functions from a story to a story with more in it."""
