"""«Отключения»: power cuts at the customer's own addresses (`customer`), their notices'
texts (`texts`), and `/outage` in the staff group (`staff`)."""
