"""Reports over the office store: figures with their definitions, breakdown tables and charts.

``model`` holds the plain data a report is made of (no I/O, no third-party imports); ``compute`` builds a
:class:`~reception_tui.reports.model.Report` from an office store; ``render_*`` modules write it as Markdown, JSON,
PDF (vector charts) or XLSX (native charts). The workbench's 统计 screen shows the same ``Report``.
"""
