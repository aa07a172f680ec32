"""Portfolio-wide analysis, done once per build: pandas frames per entity and the figures
the portfolio views, the existing summary pages and the downloads all read.

One source of truth per figure: the pages and the downloads take their numbers from here.
"""

from pmo_hub.analyse.analysis import Analysis, analyse
from pmo_hub.analyse.finance import Totals, rag_counts, totals

__all__ = ["Analysis", "analyse", "Totals", "rag_counts", "totals"]
