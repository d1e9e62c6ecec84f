"""graph/resolve"""
