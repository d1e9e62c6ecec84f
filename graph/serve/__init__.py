"""unionkg serve and unionkg push: the graph over HTTP (graph/ never imports spaCy)."""
