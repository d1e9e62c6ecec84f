"""pipelines/read"""
