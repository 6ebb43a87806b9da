"""Centro de consulta, mode "Documentación": states and grouped counts against independent counts."""

from collections import Counter
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from operaciones.catalogos.constantes import EstatusId, EstatusRegistro
from operaciones.consulta import documentacion
from operaciones.ot.models import OTDetalle
from operaciones.produccion.models import RegistroGPU, ReporteMensual
from operaciones.pte.models import EstatusPTE, PTEDetalle
from tests.factories import OTDetalleFactory, OTEFactory, PTEDetalleFactory, PTEHeaderFactory, estatus
from tests.produccion.datos import familia_con_anexo, producir


@pytest.fixture
def documentos(db, settings, tmp_path):
    """Steps with a link, a blank-but-spaces link, an uploaded file, NO APLICA, plus folders and GPU evidence."""
    settings.MEDIA_ROOT = str(tmp_path)
    pte = PTEHeaderFactory()
    PTEDetalleFactory(id_pte_header=pte, archivo="https://evidencia/1")
    PTEDetalleFactory(id_pte_header=pte, archivo="   ")
    PTEDetalleFactory(id_pte_header=pte, estatus_paso=estatus(EstatusId.NO_APLICA))
    borrada = PTEHeaderFactory(estatus=EstatusPTE.ELIMINADA)
    PTEDetalleFactory(id_pte_header=borrada, archivo="https://no-cuenta")
    ot1, ot2 = OTEFactory(), OTEFactory()
    OTDetalleFactory(id_ot=ot1, archivo="https://evidencia/2")
    adjunto = OTDetalleFactory(id_ot=ot1)
    adjunto.archivo_adjunto.save("evidencia.pdf", ContentFile(b"%PDF-1.4"), save=True)
    OTDetalleFactory(id_ot=ot2)
    OTDetalleFactory(id_ot=ot2, estatus_paso=estatus(EstatusId.NO_APLICA), archivo="https://evidencia/3")
    OTDetalleFactory(id_ot=OTEFactory(estatus=EstatusRegistro.ELIMINADO))
    fam = familia_con_anexo(1, mes=3, anio=2025)
    p1 = producir(fam.partidas[0], date(2025, 3, 1), "1", sitio=fam.sitio)
    p2 = producir(fam.partidas[0], date(2025, 3, 2), "1", sitio=fam.sitio)
    RegistroGPU.objects.create(id_produccion=p1, archivo="https://gpu/1")
    RegistroGPU.objects.create(id_produccion=p2)
    ReporteMensual.objects.filter(id_ot=fam.ot).update(archivo="https://carpeta/marzo")
    ReporteMensual.objects.create(id_ot=fam.ot, mes=4, anio=2025)
    return {"pte": pte, "ot1": ot1, "ot2": ot2, "familia": fam}


def _estado_independiente(archivo, adjunto, estatus_id) -> str:
    """DESIGN §6 spelled out in Python: link or file delivers; otherwise NO APLICA; otherwise pending."""
    if (archivo or "").strip() or adjunto:
        return "ENTREGADO"
    if estatus_id == EstatusId.NO_APLICA:
        return "NO APLICA"
    return "PENDIENTE"


def _todos_independiente() -> list[tuple]:
    """(tipo, leader id, state) of every live deliverable, read model by model."""
    filas = []
    for d in PTEDetalle.objects.select_related("id_pte_header").exclude(id_pte_header__estatus=EstatusPTE.ELIMINADA):
        estado = _estado_independiente(d.archivo, d.archivo_adjunto.name, d.estatus_paso_id)
        filas.append(("pte", d.id_pte_header.id_responsable_proyecto_id, estado))
    for d in OTDetalle.objects.select_related("id_ot").exclude(id_ot__estatus=EstatusRegistro.ELIMINADO):
        estado = _estado_independiente(d.archivo, d.archivo_adjunto.name, d.estatus_paso_id)
        filas.append(("ot", d.id_ot.id_responsable_proyecto_id, estado))
    for r in ReporteMensual.objects.select_related("id_ot").exclude(id_ot__estatus=EstatusRegistro.ELIMINADO):
        filas.append(("mensual", r.id_ot.id_responsable_proyecto_id, _estado_independiente(r.archivo, "", None)))
    for g in RegistroGPU.objects.select_related("id_produccion__id_reporte_mensual__id_ot"):
        lider = g.id_produccion.id_reporte_mensual.id_ot.id_responsable_proyecto_id
        filas.append(("gpu", lider, _estado_independiente(g.archivo, g.archivo_adjunto.name, None)))
    return filas


def test_each_deliverable_gets_the_one_definition_of_delivered(documentos):
    estados = {d.pk: d.estado for d in documentacion.documentos_ot()}
    for d in OTDetalle.objects.exclude(id_ot__estatus=EstatusRegistro.ELIMINADO):
        assert estados[d.pk] == _estado_independiente(d.archivo, d.archivo_adjunto.name, d.estatus_paso_id)
    pte = sorted(
        documentacion.documentos_pte().filter(id_pte_header=documentos["pte"]).values_list("estado", flat=True)
    )
    assert pte == ["ENTREGADO", "NO APLICA", "PENDIENTE"]  # a link of blanks is not a delivery


@pytest.mark.parametrize("agrupar_por, indice", [("tipo", 0), ("lider", 1)])
def test_grouped_counts_equal_independent_counts_in_one_query(
    documentos, django_assert_num_queries, agrupar_por, indice
):
    with django_assert_num_queries(1):
        grupos = documentacion.conteos_agrupados({}, agrupar_por)
    esperado = Counter((str(f[indice]), f[2]) for f in _todos_independiente())
    assert sum(g["total"] for g in grupos) == sum(esperado.values())
    for g in grupos:
        assert g["entregados"] == esperado[(g["clave"], "ENTREGADO")]
        assert g["pendientes"] == esperado[(g["clave"], "PENDIENTE")]
        assert g["no_aplica"] == esperado[(g["clave"], "NO APLICA")]


def test_grouped_counts_follow_the_filters(documentos):
    ot2 = documentos["ot2"]
    grupos = documentacion.conteos_agrupados({"tipo": "ot", "lider": ot2.id_responsable_proyecto_id}, "estatus")
    assert sum(g["total"] for g in grupos) == 2
    assert sum(g["no_aplica"] for g in grupos) == 0  # its NO APLICA step has a link: delivered
    assert sum(g["entregados"] for g in grupos) == 1
    solo_pendientes = documentacion.conteos_agrupados({"estado": "PENDIENTE"}, "tipo")
    esperado = Counter(f[0] for f in _todos_independiente() if f[2] == "PENDIENTE")
    assert {g["clave"]: g["pendientes"] for g in solo_pendientes} == dict(esperado)


def test_grouped_endpoint_answers_the_counts(cliente_lector, documentos):
    respuesta = cliente_lector.get(reverse("consulta:documentos_agrupados"), {"agrupar_por": "tipo"})
    assert respuesta.status_code == 200
    grupos = {g["clave"]: g for g in respuesta.json()["grupos"]}
    esperado = Counter(f[0] for f in _todos_independiente())
    assert {k: g["total"] for k, g in grupos.items()} == dict(esperado)
    assert grupos["mensual"]["entregados"] == 1 and grupos["gpu"]["pendientes"] == 1


@pytest.mark.parametrize("tipo", ["pte", "ot", "mensual", "gpu"])
def test_flat_list_pages_each_source_with_pinned_queries(cliente_lector, documentos, django_assert_num_queries, tipo):
    url = reverse("consulta:documentos_datatable")
    parametros = {"draw": "1", "start": "0", "length": "50", "tipo": tipo, "estado": "ENTREGADO"}
    cliente_lector.get(url, parametros)
    # Session, user and its two permission reads, then the total count, the filtered count and the page.
    with django_assert_num_queries(7):
        respuesta = cliente_lector.get(url, parametros)
    cuerpo = respuesta.json()
    assert cuerpo["recordsTotal"] == sum(1 for f in _todos_independiente() if f[0] == tipo)
    assert cuerpo["recordsFiltered"] == sum(1 for f in _todos_independiente() if f[0] == tipo and f[2] == "ENTREGADO")
    assert all(fila["estado"] == "ENTREGADO" for fila in cuerpo["data"])


@pytest.mark.parametrize("nombre", ["consulta:documentos_datatable", "consulta:documentos_agrupados"])
def test_documentation_endpoints_are_gated(cliente_capturista, nombre):
    url = reverse(nombre)
    assert Client().get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code == 401
    assert cliente_capturista.get(url).status_code == 403


@pytest.mark.parametrize("parametros", [{"tipo": "otro"}, {"agrupar_por": "color"}, {"estado": "X"}])
def test_bad_documentation_filters_answer_400(cliente_lector, parametros):
    respuesta = cliente_lector.get(reverse("consulta:documentos_agrupados"), parametros)
    assert respuesta.status_code == 400 and respuesta.json()["errores"]
