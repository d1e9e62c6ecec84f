"""pipelines/nlp"""
