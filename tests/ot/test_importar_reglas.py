"""Rules of the OT import on small workbooks: references, flags, updates, inheritance and reordered columns."""

import datetime
from decimal import Decimal

import openpyxl
import pytest

from core.importacion import Problema
from core.models import Evento, RegistroActividad
from operaciones.catalogos.constantes import ClienteId, EstatusId, FrenteId, TipoId
from operaciones.catalogos.models import ResponsableProyecto, Sitio
from operaciones.ot.importar_ot import COMENTARIO_POR_REVISAR, importar_ot
from operaciones.ot.models import OTE
from operaciones.pte.models import PTEHeader

pytestmark = pytest.mark.django_db

ENCABEZADOS = [
    "orden_trabajo",
    "descripcion_trabajo",
    "oficio_ot",
    "fecha_inicio_programado",
    "estatus",
    "id_estatus_ot_id",
    "id_pte_header_id",
    "id_responsable_proyecto_id",
    "id_tipo_id",
    "num_reprogramacion",
    "ot_principal",
    "fecha_inicio_real",
    "fecha_termino_real",
    "monto_mxn",
    "id_frente",
    "id_plataforma",
    "id_embarcacion",
    "id_cliente_id",
]


@pytest.fixture
def lider():
    return ResponsableProyecto.objects.create(descripcion="Ing. Importado")


@pytest.fixture
def pte(lider):
    return PTEHeader.objects.create(
        id_tipo_id=TipoId.OBRA,
        oficio_pte="BME-PRUEBA-001-2025",
        id_responsable_proyecto=lider,
        id_cliente_id=ClienteId.PEMEX,
    )


def fila(lider_id, **valores):
    base = {
        "orden_trabajo": "OT-PRUEBA-001",
        "descripcion_trabajo": '\n"TRABAJO DE PRUEBA"\n',
        "oficio_ot": "PEP-001-2025",
        "fecha_inicio_programado": datetime.datetime(2025, 1, 6),
        "estatus": 1,
        "id_estatus_ot_id": EstatusId.TERMINADA,
        "id_pte_header_id": "BME-PRUEBA-001-2025",
        "id_responsable_proyecto_id": lider_id,
        "id_tipo_id": TipoId.OT_INICIAL,
        "fecha_inicio_real": "2025-01-10",
        "fecha_termino_real": "20/01/2025",
        "monto_mxn": 1234.5,
        "id_frente": FrenteId.BARCO,
        "id_plataforma": 9,
        "id_embarcacion": 1,
        "id_cliente_id": ClienteId.PEMEX,
    }
    base.update(valores)
    return base


def libro(tmp_path, filas):
    wb = openpyxl.Workbook()
    wb.active.append(ENCABEZADOS)
    for f in filas:
        wb.active.append([f.get(e) for e in ENCABEZADOS])
    ruta = tmp_path / "ots.xlsx"
    wb.save(ruta)
    return ruta


def mensajes(informe):
    return [str(p) for p in sorted(informe.errores, key=Problema.orden)], [str(p) for p in informe.advertencias]


def test_a_clean_row_creates_the_ot_with_trimmed_text_dates_money_and_log(tmp_path, pte, lider, admin):
    informe = importar_ot(libro(tmp_path, [fila(lider.pk)]), usuario=admin).informe
    assert informe.resumen() == "creadas=1 actualizadas=0 sin_cambios=0 advertencias=0 errores=0"
    ot = OTE.objects.get()
    assert ot.descripcion_trabajo == "TRABAJO DE PRUEBA"
    assert ot.id_pte_header == pte
    assert (ot.fecha_inicio_real, ot.fecha_termino_real) == (datetime.date(2025, 1, 10), datetime.date(2025, 1, 20))
    assert ot.monto_mxn == Decimal("1234.50") and ot.monto_usd == 0
    assert (ot.id_plataforma_id, ot.id_embarcacion_id, ot.id_cliente_id) == (9, 1, ClienteId.PEMEX)
    paso = ot.detalles.first()
    assert (paso.estatus_paso_id, paso.fecha_entrega) == (EstatusId.COMPLETADO, datetime.date(2025, 1, 20))
    registro = RegistroActividad.objects.get(afectacion="OT")
    assert (registro.evento, registro.registro_id, registro.usuario) == (Evento.IMPORTAR, ot.pk, admin)


def test_unknown_references_fail_strictly_and_become_placeholders_on_request(tmp_path, lider):
    ruta = libro(tmp_path, [fila(77, id_pte_header_id="BME-NUEVA-9-2025", id_plataforma=501, id_embarcacion=502)])
    errores, _ = mensajes(importar_ot(ruta).informe)
    assert errores == [
        "fila 2, columna G (id_pte_header_id): PTE desconocida «BME-NUEVA-9-2025»",
        "fila 2, columna H (id_responsable_proyecto_id): responsable desconocido «77»",
        "fila 2, columna P (id_plataforma): sitio desconocido «501»",
        "fila 2, columna Q (id_embarcacion): sitio desconocido «502»",
    ]
    assert not OTE.objects.exists()

    informe = importar_ot(ruta, crear_faltantes=True).informe
    assert informe.creadas == 1 and not informe.errores
    responsable = ResponsableProyecto.objects.get(pk=77)
    assert (responsable.descripcion, responsable.comentario) == ("RESPONSABLE 77 (POR REVISAR)", COMENTARIO_POR_REVISAR)
    assert Sitio.objects.get(pk=501).id_frente_id == FrenteId.PLATAFORMA
    assert Sitio.objects.get(pk=502).descripcion == "EMBARCACION 502 (POR REVISAR)"
    nueva = PTEHeader.objects.get(oficio_pte="BME-NUEVA-9-2025")
    assert (nueva.id_cliente_id, nueva.id_responsable_proyecto_id, nueva.comentario) == (
        ClienteId.PEMEX,
        77,
        COMENTARIO_POR_REVISAR,
    )
    assert nueva.detalles.exists()
    assert informe.otros_creados == {
        "PTEs creadas por revisar": 1,
        "Responsables creados por revisar": 1,
        "Sitios creados por revisar": 2,
    }
    # the id sequence moved past the explicit ids: a leader added later does not collide
    assert ResponsableProyecto.objects.create(descripcion="Nuevo").pk > 77


def test_a_site_of_another_category_is_never_accepted(tmp_path, pte, lider):
    ruta = libro(tmp_path, [fila(lider.pk, id_embarcacion=9)])  # 9 is a platform
    errores, _ = mensajes(importar_ot(ruta, crear_faltantes=True).informe)
    assert errores == ["fila 2, columna Q (id_embarcacion): el sitio 9 (AKAL-C) no es de la categoría EMBARCACION"]
    informe = importar_ot(ruta, crear_faltantes=True, omitir_invalidos=True).informe
    assert informe.creadas == 1 and OTE.objects.get().id_embarcacion_id is None


def test_omitting_invalid_cells_keeps_the_row(tmp_path, pte, lider):
    ruta = libro(tmp_path, [fila(lider.pk, fecha_inicio_programado="13/112023", estatus=10, id_estatus_ot_id=3)])
    errores, _ = mensajes(importar_ot(ruta).informe)
    assert errores == [
        "fila 2, columna D (fecha_inicio_programado): fecha inválida «13/112023» (use dd/mm/aaaa)",
        "fila 2, columna E (estatus): valor fuera de rango «10» (se admite: -1, 0, 1)",
        "fila 2, columna F (id_estatus_ot_id): valor fuera de rango «3»: no es un estatus de OT",
    ]
    informe = importar_ot(ruta, omitir_invalidos=True).informe
    _, advertencias = mensajes(informe)
    assert informe.creadas == 1
    assert advertencias == [
        "fila 2, columna D (fecha_inicio_programado): fecha inválida «13/112023» (use dd/mm/aaaa); se dejó vacío",
        "fila 2, columna E (estatus): valor fuera de rango «10» (se admite: -1, 0, 1); se usó 1 (activo)",
        "fila 2, columna F (id_estatus_ot_id): valor fuera de rango «3»: no es un estatus de OT; se usó ASIGNADA",
    ]
    ot = OTE.objects.get()
    assert (ot.fecha_inicio_programado, ot.estatus, ot.id_estatus_ot_id) == (None, 1, EstatusId.ASIGNADA)


def test_reprogrammings_link_to_their_principal_and_inherit_pte_and_leader(tmp_path, pte, lider):
    reprogramacion = fila(
        None, id_tipo_id=TipoId.OT_REPROGRAMACION, num_reprogramacion=1, ot_principal=" OT-PRUEBA-001 "
    )
    reprogramacion.update(id_pte_header_id=None, id_estatus_ot_id=EstatusId.EN_EJECUCION)
    # the reprogramming comes first in the file: initial OTs are written first anyway
    informe = importar_ot(libro(tmp_path, [reprogramacion, fila(lider.pk)])).informe
    assert informe.creadas == 2, informe.lineas()
    hija = OTE.objects.get(id_tipo=TipoId.OT_REPROGRAMACION)
    assert hija.ot_principal.id_tipo_id == TipoId.OT_INICIAL
    assert (hija.id_pte_header, hija.id_responsable_proyecto) == (pte, lider)
    assert set(hija.detalles.values_list("estatus_paso", flat=True)) == {EstatusId.PROCESO}

    # a later file may hold only a new reprogramming: the principal is found in the database
    otra = dict(reprogramacion, num_reprogramacion=2)
    informe = importar_ot(libro(tmp_path, [otra])).informe
    assert informe.creadas == 1
    assert OTE.objects.get(num_reprogramacion=2).ot_principal == hija.ot_principal


def test_a_blank_ot_status_is_required_unless_invalid_cells_are_omitted(tmp_path, pte, lider):
    ruta = libro(tmp_path, [fila(lider.pk, id_estatus_ot_id=None)])
    errores, _ = mensajes(importar_ot(ruta).informe)
    assert errores == ["fila 2, columna F (id_estatus_ot_id): dato requerido vacío"]
    _, advertencias = mensajes(importar_ot(ruta, omitir_invalidos=True).informe)
    assert advertencias == ["fila 2, columna F (id_estatus_ot_id): dato requerido vacío; se usó ASIGNADA"]
    assert OTE.objects.get().id_estatus_ot_id == EstatusId.ASIGNADA


def test_unknown_principal_and_repeated_keys_are_errors(tmp_path, pte, lider):
    huerfana = fila(lider.pk, id_tipo_id=TipoId.OT_REPROGRAMACION, num_reprogramacion=1, ot_principal="OT-NO-EXISTE")
    sin_numero = fila(lider.pk, id_tipo_id=TipoId.OT_REPROGRAMACION, ot_principal="OT-PRUEBA-001")
    errores, _ = mensajes(importar_ot(libro(tmp_path, [fila(lider.pk), fila(lider.pk), huerfana, sin_numero])).informe)
    assert errores == [
        "fila 3, columna A (orden_trabajo): la OT «OT-PRUEBA-001» (tipo 4, reprogramación -) ya está en la fila 2",
        "fila 4, columna K (ot_principal): OT principal desconocida «OT-NO-EXISTE»",
        "fila 5, columna J (num_reprogramacion): dato requerido vacío en una reprogramación",
    ]
    assert not OTE.objects.exists()


def test_an_existing_ot_is_updated_only_where_the_file_differs(tmp_path, pte, lider, admin):
    importar_ot(libro(tmp_path, [fila(lider.pk)]))
    ot = OTE.objects.get()
    pasos = ot.detalles.count()
    cambiada = fila(lider.pk, oficio_ot="PEP-002-2025", monto_mxn="2000", id_estatus_ot_id=EstatusId.EN_EJECUCION)
    informe = importar_ot(libro(tmp_path, [cambiada]), usuario=admin).informe
    assert informe.resumen() == "creadas=0 actualizadas=1 sin_cambios=0 advertencias=0 errores=0"
    ot.refresh_from_db()
    assert (ot.oficio_ot, ot.monto_mxn, ot.id_estatus_ot_id) == ("PEP-002-2025", Decimal("2000"), 8)
    assert ot.detalles.count() == pasos  # steps are created once, with the OT
    cambios = RegistroActividad.objects.filter(afectacion="OT", registro_id=ot.pk, usuario=admin)
    assert dict(cambios.values_list("campo", "valor_actual")) == {
        "oficio_ot": "PEP-002-2025",
        "monto_mxn": "2000.00",
        "id_estatus_ot_id": "8",
    }
    # an invalid cell omitted on an existing OT keeps the stored value
    informe = importar_ot(
        libro(tmp_path, [dict(cambiada, oficio_ot=None, monto_mxn="x")]), omitir_invalidos=True
    ).informe
    assert (informe.actualizadas, informe.sin_cambios) == (1, 0)
    ot.refresh_from_db()
    assert (ot.oficio_ot, ot.monto_mxn) == ("", Decimal("2000"))


def test_columns_are_found_by_name_whatever_their_order_or_spelling(tmp_path, pte, lider):
    encabezados = [
        "ID_TIPO_ID",
        "Orden Trabajo",
        "OT principal",
        "Num\nReprogramación",
        "id_estatus_ot_id",
        "ID RESPONSABLE PROYECTO ID",
    ]
    wb = openpyxl.Workbook()
    wb.active.append(encabezados)
    wb.active.append([4, "OT-ORDEN-1", None, None, 5, lider.pk])
    ruta = tmp_path / "reordenado.xlsx"
    wb.save(ruta)
    informe = importar_ot(ruta).informe
    assert informe.creadas == 1, informe.lineas()
    ot = OTE.objects.get()
    assert (ot.orden_trabajo, ot.id_cliente_id, ot.id_pte_header_id) == ("OT-ORDEN-1", ClienteId.PEMEX, None)
