"""Coverage and siting engine (pure: never imports Django): travel times, 15-minute shares, spopt siting."""
