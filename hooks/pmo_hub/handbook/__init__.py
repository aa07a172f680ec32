"""The hand-written handbook: page metadata, the content review page, last-updated dates,
page facts, the glossary and spreadsheet downloads (``assembly.py`` puts them together).
"""

from pmo_hub.handbook.front_matter import FrontMatter, read_front_matter
from pmo_hub.handbook.glossary import GLOSSARY_FILE, parse_abbreviations
from pmo_hub.handbook.metadata import PageMeta, check_pages, handbook_sources, read_pages
from pmo_hub.handbook.review import REVIEW_WINDOW_DAYS, ContentReview, content_review, render_content_review
from pmo_hub.handbook.spreadsheets import csv_to_xlsx
from pmo_hub.handbook.updated import last_updated

__all__ = [
    "GLOSSARY_FILE",
    "REVIEW_WINDOW_DAYS",
    "ContentReview",
    "FrontMatter",
    "PageMeta",
    "check_pages",
    "content_review",
    "csv_to_xlsx",
    "handbook_sources",
    "last_updated",
    "parse_abbreviations",
    "read_front_matter",
    "read_pages",
    "render_content_review",
]
