"""Bills (квитанции): the figures of a period, the PDF with a payment QR, the consumption chart."""
