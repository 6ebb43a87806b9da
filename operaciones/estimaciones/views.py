from django.shortcuts import render

from core.acceso import permiso_requerido
from core.selectors import resumen_estimaciones


@permiso_requerido("estimaciones.view_estimacionheader")
def inicio(request):
    contexto = {
        "titulo": "Estimaciones",
        "icono": "bi-receipt",
        "modulo_activo": "estimaciones",
        "descripcion": (
            "Estimaciones periódicas para cobro: reúnen la producción de una familia de OT en un periodo con "
            "los precios unitarios vigentes, calculan importes en MXN y USD con retención y amortización de "
            "anticipo, y siguen el flujo de revisión, aprobación, facturación y pago."
        ),
        "resumen": resumen_estimaciones(),
    }
    return render(request, "modulo_inicio.html", contexto)
