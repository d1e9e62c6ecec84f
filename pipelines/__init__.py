"""unionkg pipeline stage: reading pages, cleaning, the spaCy pipeline, the CLI."""
