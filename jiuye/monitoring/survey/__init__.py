"""The job-vacancy survey: sampling frame, stratified design, questionnaire, reminders, weighting and estimates."""
