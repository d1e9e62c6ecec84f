"""graph/readwrite"""
