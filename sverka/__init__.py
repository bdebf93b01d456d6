"""Sverka: the static site generator of a bilingual fact-check publication."""
