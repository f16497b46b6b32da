"""Two-way recommendations: jobs for a seeker, candidates for a posting (pure: no Django)."""
