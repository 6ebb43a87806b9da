"""The weekly e-mail summary: figures (datos), charts (graficas), PDF (documento) and the e-mail (correo)."""
