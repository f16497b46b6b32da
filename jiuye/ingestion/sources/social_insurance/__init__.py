"""Social insurance agency (社会保险经办机构): insured periods and monthly contributions."""
