"""Casual labour and gig work, entrepreneurship support (issue 9, parts 4-5)."""
