"""«Оплатить»: the accounts, the payment window, and the gateways' answers."""
