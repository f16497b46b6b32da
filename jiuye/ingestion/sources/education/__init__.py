"""Education departments (教育): graduates, where they studied and where they went."""
