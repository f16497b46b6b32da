"""Rules-as-code engine (pure: no Django)."""
