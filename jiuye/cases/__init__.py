"""Employment assistance for key groups (issue 6): identification, priority service, case files, dynamic management."""
