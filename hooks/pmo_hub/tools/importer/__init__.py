"""``pmo-hub import``: turn a CSV or XLSX register into project files, safely and repeatably.

- ``mapping``: the mapping file (which column feeds which contract field, and how).
- ``table``: reading CSV (encoding and delimiter detected) and XLSX into rows.
- ``values``: the transforms (dates, money scaling, value maps, ids).
- ``ownership``: the header that tells an imported file from one changed by hand.
- ``run``: row → project → validated → written (or skipped, with the reason).
"""

from pmo_hub.tools.importer.mapping import Mapping, MappingError, load_mapping
from pmo_hub.tools.importer.run import ImportReport, RowResult, import_register

__all__ = ["Mapping", "MappingError", "load_mapping", "ImportReport", "RowResult", "import_register"]
