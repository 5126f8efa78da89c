"""«📄 Документы»: the customer's documents by account (`customer`), and a document staff attach
in the customer's topic (`staff`)."""
