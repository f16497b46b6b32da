"""Entrepreneurship support: start-up registration, incubators and mentors, guaranteed loans, survival follow-up."""
