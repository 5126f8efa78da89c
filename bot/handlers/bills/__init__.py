"""«Квитанция»: a bill or receipt as a PDF, from the button under cards, charges and notifications."""
