"""Human resources (人力资源和社会保障部门): unemployment registrations, job-seeker registrations and
vocational training records — the department's own registers, so its rows may create persons."""
