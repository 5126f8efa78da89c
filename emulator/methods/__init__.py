"""Bot API methods, one module per family; `registry.METHODS` maps names to handlers."""
