"""What every section shares: dialog helpers, the ownership check, and the routers whose place is a rule (errors, the question offer, the fallback)."""
