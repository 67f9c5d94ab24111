"""Message modules, one per feature; each defines ZH and EN dicts (keys must not collide)."""
