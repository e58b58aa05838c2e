"""The Bab IV analysis: result tables, facts and figures computed from the coded corpus, in plain Python
(pandas cost the analysis job more to import than the counting of a thesis takes).
"""
