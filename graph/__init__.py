"""unionkg graph stage: resolution, graph model, exports and queries (no spaCy here)."""
