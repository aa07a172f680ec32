"""Render a portfolio into Markdown pages (with HTML blocks for tables and badges)."""
