"""Casual-labour stations and gig work: day jobs, check-in, engagements, pay and portable work histories."""
