"""Early warning: open warnings, evidence, response checklist, claiming (issue 8, part 4)."""
