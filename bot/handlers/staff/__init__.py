"""The staff group's desk: link review, customers' topics, service requests, outages and broadcasts (`desk` orders them)."""
