"""The workbench's screens: who is working, the case list, a case and its step dialogs, the reveal."""
