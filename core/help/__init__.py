"""«Помощь»: the company's offices and contact centre, and its answers to common questions, as
the company writes them in files it imports (`cabinet import offices|faq FILE`)."""
