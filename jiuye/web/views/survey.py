"""Job-vacancy survey: design, questionnaire for sampled employers, response tracking, estimates (issue 8, part 3)."""
