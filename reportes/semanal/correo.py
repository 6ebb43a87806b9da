"""The weekly summary e-mail: HTML + text bodies and the PDF attached, sent through the configured backend
(django-anymail in production, locmem in tests)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from core.money import formato_moneda

from .datos import ResumenSemanal
from .documento import pdf_semanal, titulo_semana


def destinatarios_configurados() -> list[str]:
    """The setting's addresses, else the active users with an e-mail in the configured group; never hard-coded."""
    fijos = [d for d in getattr(settings, "SASCOP_REPORTE_SEMANAL_DESTINATARIOS", []) if d]
    if fijos:
        return fijos
    grupo = getattr(settings, "SASCOP_REPORTE_SEMANAL_GRUPO", "")
    if not grupo:
        return []
    correos = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=grupo)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return list(correos)


def correo_semanal(resumen: ResumenSemanal, destinatarios: list[str]) -> EmailMultiAlternatives:
    """The e-mail (not sent) with the PDF of the week attached."""
    contexto = {
        "resumen": resumen,
        "titulo": titulo_semana(resumen),
        "produccion_mn": formato_moneda(resumen.produccion_mn, "MXN"),
        "produccion_usd": formato_moneda(resumen.produccion_usd, "USD"),
        "estimaciones": [
            {
                **e,
                "texto_mn": formato_moneda(e["importe_mn"], "MXN"),
                "texto_usd": formato_moneda(e["importe_usd"], "USD"),
            }
            for e in resumen.estimaciones
        ],
    }
    correo = EmailMultiAlternatives(
        subject=contexto["titulo"],
        body=render_to_string("reportes/correo_semanal.txt", contexto),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=destinatarios,
    )
    correo.attach_alternative(render_to_string("reportes/correo_semanal.html", contexto), "text/html")
    nombre = f"resumen_semanal_{resumen.desde:%Y%m%d}_{resumen.hasta:%Y%m%d}.pdf"
    correo.attach(nombre, pdf_semanal(resumen), "application/pdf")
    return correo
