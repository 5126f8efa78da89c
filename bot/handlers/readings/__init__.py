"""«Передать показания»: account → meter → a value per zone → the summary (→ a photo)."""
