"""Publications: the majors red-yellow warning and the wage-price release by occupation."""
