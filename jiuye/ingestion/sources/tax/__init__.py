"""Tax authority (税务): monthly wage income by person and withholding employer."""
