"""The Bab IV analysis: result tables, facts and figures computed from the coded corpus (pandas lives
here).
"""
