"""Reconciliation of an OT family (issue 6, item 5): every concept from authorised to paid, in MXN and USD.

The page and its Excel export read the same selector (`conciliacion_familia`, a constant number of queries) with the
same filter, so the workbook always matches the screen.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from core import respuestas
from core.acceso import permiso_requerido, solo_get
from core.exportar import ColumnaExcel, respuesta_xlsx
from operaciones.ot.selectors import ot_para_usuario

from . import forms, selectors
from .views import VER, _nombre_archivo, cantidad, dinero

ETAPAS = (
    ("autorizado", "Autorizado"),
    ("producido", "Producido"),
    ("gpu_firmado", "GPU firmado"),
    ("estimado", "Estimado"),
    ("aprobado", "Aprobado"),
    ("facturado", "Facturado"),
    ("pagado", "Pagado"),
)
MONEDAS = (("", "Volumen"), ("_mn", "MXN"), ("_usd", "USD"))
NO_EXISTE = "La OT no existe o fue eliminada."


def _ot_de(request, form):
    """The OT asked for (None when none was asked); a missing one is a 404."""
    if not form.is_valid() or form.cleaned_data["id_ot"] is None:
        return None
    ot = ot_para_usuario(request.user, form.cleaned_data["id_ot"])
    if ot is None:
        raise Http404(NO_EXISTE)
    return ot


def _fila_pagina(f: dict) -> dict:
    """A reconciliation row as text: for each stage its volume, MXN and USD (volumes blank on the total row)."""
    return {
        "anexo": f["anexo"],
        "codigo": f["codigo"],
        "descripcion": f["descripcion"],
        "unidad": f["unidad"],
        "es_total": f["es_total"],
        "es_excedente": f["es_excedente"],
        "es_pue": f["es_pue"],
        "vol": [cantidad(f[etapa]) for etapa, _ in ETAPAS],
        "mn": [dinero(f[f"{etapa}_mn"]) for etapa, _ in ETAPAS],
        "usd": [dinero(f[f"{etapa}_usd"]) for etapa, _ in ETAPAS],
    }


@permiso_requerido(VER)
@solo_get
def conciliacion(request):
    """The reconciliation page: an OT picker and, for the family chosen, one row per concept plus the totals."""
    form = forms.ConciliacionForm(request.GET)
    ot = _ot_de(request, form)
    filas = [_fila_pagina(f) for f in selectors.conciliacion_familia(ot=ot)] if ot else []
    contexto = {
        "titulo": "Conciliación de estimaciones",
        "modulo_activo": "estimaciones",
        "form": form,
        "ot": ot,
        "filas": filas,
        "etapas": [titulo for _, titulo in ETAPAS],
        "grupos": ("vol", "mn", "usd"),
        "excedentes": sum(1 for f in filas if f["es_excedente"] and not f["es_total"]),
        "pues": sum(1 for f in filas if f["es_pue"]),
        "configuracion_conciliacion": {"urls": {"buscar_ots": reverse("estimaciones:buscar_ots")}},
    }
    return render(request, "estimaciones/conciliacion.html", contexto, status=400 if form.errors else 200)


COLUMNAS_EXCEL = [
    ColumnaExcel("Anexo", 10),
    ColumnaExcel("Partida", 10),
    ColumnaExcel("Descripción", 50),
    ColumnaExcel("Unidad", 10),
    *[
        ColumnaExcel(f"{titulo} {moneda}", 14 if sufijo == "" else 16, "decimal" if sufijo == "" else "moneda")
        for _, titulo in ETAPAS
        for sufijo, moneda in MONEDAS
    ],
    ColumnaExcel("Excedente", 10),
    ColumnaExcel("PUE", 8),
]


def _fila_excel(f: dict) -> list:
    valores = [f[f"{etapa}{sufijo}"] for etapa, _ in ETAPAS for sufijo, _ in MONEDAS]
    return [f["anexo"], f["codigo"], f["descripcion"], f["unidad"], *valores, f["es_excedente"], f["es_pue"]]


@permiso_requerido(VER)
@solo_get
def conciliacion_excel(request):
    """The reconciliation of the family asked for (`id_ot` required) as an Excel workbook."""
    form = forms.ConciliacionForm(request.GET)
    if form.is_valid() and form.cleaned_data["id_ot"] is None:
        form.add_error("id_ot", "Indique la OT a conciliar.")
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    ot = _ot_de(request, form)
    filas = (_fila_excel(f) for f in selectors.conciliacion_familia(ot=ot))
    return respuesta_xlsx(f"conciliacion_{_nombre_archivo(ot.orden_trabajo)}", "Conciliación", COLUMNAS_EXCEL, filas)
