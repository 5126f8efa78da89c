"""«Документы»: each account's documents (the contract, acts, letters) as PDF files, from billing
(`cabinet import documents FILE`) or attached by staff in the customer's topic."""
