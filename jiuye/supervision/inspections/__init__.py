"""Employer risk, economic-layoff checks, inspection campaigns, complaints and wage-arrears cases, disability quota."""
