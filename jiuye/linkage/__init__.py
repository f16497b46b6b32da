"""Record linkage engine (pure: no Django). Exact linkage on keyed ID hashes; splink for the rest."""
