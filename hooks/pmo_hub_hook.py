"""The MkDocs hook of this repository's site: one PMO Hub plugin object, whose event handlers
MkDocs finds here (it looks each ``on_*`` up on the hook module).

The plugin and everything it uses live in the ``pmo_hub`` package beside this file
(``pmo_hub/site/plugin.py``); MkDocs puts this folder on ``sys.path`` only while it imports
the hook, so the package is imported here, at the top. Another repository can use the plugin
without copying ``hooks/``: install the package and list ``pmo-hub`` under ``plugins:``.
"""

from pmo_hub.site.plugin import PmoHubPlugin

plugin = PmoHubPlugin()
globals().update(plugin.event_handlers())
