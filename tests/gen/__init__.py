"""Generated plans whose right reading is known by construction, rendered to every form the reader
takes (pipe scrape, Markdown, tab text, official .docx, text PDF, scanned PDF).

Kept under tests/ (not eval/): it needs Hypothesis, a dev-only dependency, and its only use is to
prove the reader; an evaluation that wants synthetic plans can import it from here.
"""
