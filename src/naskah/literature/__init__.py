"""The BibTeX library: tolerant reading, the checks an advisor asks for, the report and the Penelitian
Terdahulu table.
"""
