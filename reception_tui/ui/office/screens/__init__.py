"""The workbench's screens: who is working, the case list, its dialogs."""
