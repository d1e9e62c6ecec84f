"""pipelines/run"""
