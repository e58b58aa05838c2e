"""Writing the thesis: chapter templates and their helpers, bound numbers, quotations, cross-
references, assembly into one Markdown file.
"""
