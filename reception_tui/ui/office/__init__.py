"""The office workbench (to come): it may import ui.shared, never ui.desk (and the desk never imports it)."""
