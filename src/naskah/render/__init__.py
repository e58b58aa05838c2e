"""Rendering the assembled Markdown: pandoc (HTML, DOCX, typst) and typst (PDF)."""
