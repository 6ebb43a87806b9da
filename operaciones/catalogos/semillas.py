"""Seed rows of the catalogues whose ids the original fixed (reference §2.6) plus the step templates.

Each table is a tuple of `Semilla(pk, campos, iniciales)`: `campos` are owned by the seed (written on creation
and corrected on every run when they differ); `iniciales` are written only when the row is created, so an admin
may change them afterwards (e.g. a vessel's capacity). Ids are explicit and stable: historical files and the
step-copy mapping refer to them.
"""

from dataclasses import dataclass, field
from typing import Any

from .constantes import (
    ClienteId,
    EstatusId,
    FrenteId,
    NivelEstatus,
    NivelFrente,
    NivelTipo,
    TipoId,
)
from .models import TipoPaso


@dataclass(frozen=True)
class Semilla:
    pk: int
    campos: dict[str, Any]
    iniciales: dict[str, Any] = field(default_factory=dict)


# --- Tipo -----------------------------------------------------------------------------------------------------

_NIVEL_TIPO = {
    TipoId.PTE: NivelTipo.PTE,
    TipoId.LICITACION: NivelTipo.PTE,
    TipoId.COSTEO_CLASE_V: NivelTipo.PTE,
    TipoId.COSTEO_CLASE_IV: NivelTipo.PTE,
    TipoId.COSTEO_CLASE_III: NivelTipo.PTE,
    TipoId.OBRA: NivelTipo.PTE,
    TipoId.UDC: NivelTipo.PTE,
    TipoId.MERCADEOS: NivelTipo.PTE,
    TipoId.SERVICIO_MTTO: NivelTipo.PTE,
    TipoId.SERVICIOS: NivelTipo.PTE,
    TipoId.MANTENIMIENTO: NivelTipo.PTE,
    TipoId.OT_INICIAL: NivelTipo.OT,
    TipoId.OT_REPROGRAMACION: NivelTipo.OT,
    TipoId.PLANTILLA_INTERCOM: NivelTipo.OT,
    TipoId.PARTIDA_ORDINARIA: NivelTipo.PARTIDA,
    TipoId.PARTIDA_EXTRAORDINARIA: NivelTipo.PARTIDA,
    TipoId.CLIENTE_CONTRATO: NivelTipo.CLIENTE,
    TipoId.CLIENTE_INTERCOM: NivelTipo.CLIENTE,
}

TIPOS = tuple(
    Semilla(tipo.value, {"descripcion": tipo.label, "nivel_afectacion": _NIVEL_TIPO[tipo]}) for tipo in TipoId
)

# --- Estatus --------------------------------------------------------------------------------------------------

_NIVEL_ESTATUS = {
    EstatusId.PENDIENTE: NivelEstatus.PASO,
    EstatusId.PROCESO: NivelEstatus.PASO,
    EstatusId.COMPLETADO: NivelEstatus.PASO,
    EstatusId.CANCELADO: NivelEstatus.PASO,
    EstatusId.ASIGNADA: NivelEstatus.OT,
    EstatusId.CANCELADA: NivelEstatus.OT,
    EstatusId.DIFERIDA: NivelEstatus.OT,
    EstatusId.EN_EJECUCION: NivelEstatus.OT,
    EstatusId.SUSPENDIDA: NivelEstatus.OT,
    EstatusId.TERMINADA: NivelEstatus.OT,
    EstatusId.POR_CANCELAR: NivelEstatus.OT,
    EstatusId.COBRO_PENDIENTE: NivelEstatus.COBRO,
    EstatusId.COBRO_ESTIMADO: NivelEstatus.COBRO,
    EstatusId.NO_APLICA: NivelEstatus.PASO,
    EstatusId.PASO_SUSPENDIDO: NivelEstatus.PASO,
    EstatusId.DIFERIDA_SIN_INICIAR: NivelEstatus.OT,
    EstatusId.FIRMADO: NivelEstatus.REPORTE_DIARIO,
    EstatusId.FALTA_FIRMA_PEMEX: NivelEstatus.REPORTE_DIARIO,
    EstatusId.GPU_PENDIENTE: NivelEstatus.REPORTE_DIARIO,
    EstatusId.GPU_PROCESO: NivelEstatus.REPORTE_DIARIO,
}

ESTATUS = tuple(
    Semilla(estatus.value, {"descripcion": estatus.label, "nivel_afectacion": _NIVEL_ESTATUS[estatus]})
    for estatus in EstatusId
)

# --- Frente ---------------------------------------------------------------------------------------------------

_NIVEL_FRENTE = {
    FrenteId.TIERRA: NivelFrente.OTS,
    FrenteId.BARCO: NivelFrente.OTS,
    FrenteId.CP_PS: NivelFrente.OTS,
    FrenteId.PATIO: NivelFrente.SITIOS,
    FrenteId.INTERCOM: NivelFrente.SITIOS,
    FrenteId.EMBARCACION: NivelFrente.SITIOS,
    FrenteId.PLATAFORMA: NivelFrente.SITIOS,
}

FRENTES = tuple(
    Semilla(frente.value, {"descripcion": frente.label, "nivel_afectacion": _NIVEL_FRENTE[frente]})
    for frente in FrenteId
)

# --- Cliente --------------------------------------------------------------------------------------------------

CLIENTES = (
    Semilla(ClienteId.PEMEX.value, {"descripcion": "PEMEX", "id_tipo_id": TipoId.CLIENTE_CONTRATO.value}),
    # The original treated clients 2, 3 and 4 as intercom clients (work subcontracted between contractors).
    Semilla(2, {"descripcion": "COTEMAR", "id_tipo_id": TipoId.CLIENTE_INTERCOM.value}),
    Semilla(3, {"descripcion": "OCEANOGRAFIA", "id_tipo_id": TipoId.CLIENTE_INTERCOM.value}),
    Semilla(4, {"descripcion": "DIAVAZ", "id_tipo_id": TipoId.CLIENTE_INTERCOM.value}),
)

# --- UnidadMedida ---------------------------------------------------------------------------------------------
# Ids 1 and 4–17 are the original's (inferred from its product file); 2, 3 and 18+ cover the other units the
# contract and PUE workbooks write. `clave` is what the import files write, upper-cased.

_UNIDADES = (
    (1, "PIEZA"),
    (2, "ML"),
    (3, "LOTE"),
    (4, "COMIDA"),
    (5, "DÍA"),
    (6, "EVENTO"),
    (7, "H-H"),
    (8, "HOM/DÍA"),
    (9, "HORA"),
    (10, "JORNADA"),
    (11, "M"),
    (12, "M2"),
    (13, "M3"),
    (14, "SERVICIO"),
    (15, "TON"),
    (16, "JUNTA"),
    (17, "M2/DÍA"),
    (18, "KG"),
    (19, "SERV/DIA"),
)

UNIDADES = tuple(Semilla(pk, {"clave": nombre, "descripcion": nombre}) for pk, nombre in _UNIDADES)

# --- Sitio ----------------------------------------------------------------------------------------------------
# Vessels 1 and 2 are the two the original's "Tiempos de barco" screen showed; 3 is the third vessel of the
# historical OT file; the yard keeps id 6 and the platforms start at 9, as in that file.

SITIOS = (
    Semilla(1, {"descripcion": "B/T BME SUBTEC I", "id_frente_id": FrenteId.EMBARCACION.value}, {"capacidad_pob": 60}),
    Semilla(2, {"descripcion": "B/T BME SUBTEC II", "id_frente_id": FrenteId.EMBARCACION.value}, {"capacidad_pob": 80}),
    Semilla(3, {"descripcion": "DSV ATLÁNTICO", "id_frente_id": FrenteId.EMBARCACION.value}, {"capacidad_pob": 100}),
    Semilla(4, {"descripcion": "SITIO INTERCOM", "id_frente_id": FrenteId.INTERCOM.value}),
    Semilla(6, {"descripcion": "PATIO CD. DEL CARMEN", "id_frente_id": FrenteId.PATIO.value}),
    Semilla(9, {"descripcion": "AKAL-C", "id_frente_id": FrenteId.PLATAFORMA.value}),
    Semilla(10, {"descripcion": "KU-A", "id_frente_id": FrenteId.PLATAFORMA.value}),
    Semilla(11, {"descripcion": "ABKATUN-A", "id_frente_id": FrenteId.PLATAFORMA.value}),
    Semilla(12, {"descripcion": "POL-A", "id_frente_id": FrenteId.PLATAFORMA.value}),
    Semilla(13, {"descripcion": "AKAL-J", "id_frente_id": FrenteId.PLATAFORMA.value}),
    Semilla(14, {"descripcion": "NOHOCH-A", "id_frente_id": FrenteId.PLATAFORMA.value}),
    Semilla(15, {"descripcion": "ZAAP-C", "id_frente_id": FrenteId.PLATAFORMA.value}),
    Semilla(16, {"descripcion": "MALOOB-A", "id_frente_id": FrenteId.PLATAFORMA.value}),
)

# --- Paso (PTE step templates) --------------------------------------------------------------------------------

PASO_VOLUMETRIA = 4
"""The parent step whose sub-steps are the volumetry deliverables (reference §2.6: Paso id 4)."""

PASO_PROGRAMA_EJECUCION = 7
PASO_INTERCOM_VOLUMETRIA = 21
PASO_INTERCOM_PROGRAMA = 23


def _paso(pk, orden, descripcion, cliente, tipo=TipoPaso.PRINCIPAL, padre=None):
    return Semilla(
        pk,
        {
            "descripcion": descripcion,
            "orden": orden,
            "tipo": tipo,
            "paso_padre_id": padre,
            "id_tipo_cliente_id": cliente.value,
        },
    )


_CONTRATO = TipoId.CLIENTE_CONTRATO
_INTERCOM = TipoId.CLIENTE_INTERCOM
_SUB = TipoPaso.SUBPASO

PASOS = (
    # Contract client (PEMEX): the full technical-economic proposal.
    _paso(1, "1", "Recepción de solicitud de PEMEX", _CONTRATO),
    _paso(2, "2", "Visita técnica / levantamiento en sitio", _CONTRATO),
    _paso(3, "3", "Alcance técnico", _CONTRATO),
    _paso(PASO_VOLUMETRIA, "4", "Volumetría", _CONTRATO),
    _paso(5, "5", "Cotización de materiales y servicios", _CONTRATO),
    _paso(6, "6", "Análisis de precios unitarios", _CONTRATO),
    _paso(PASO_PROGRAMA_EJECUCION, "7", "Programa de ejecución", _CONTRATO),
    _paso(8, "8", "Plantilla de personal y equipo", _CONTRATO),
    _paso(9, "9", "Integración de la propuesta económica", _CONTRATO),
    _paso(10, "10", "Revisión interna", _CONTRATO),
    _paso(11, "11", "Entrega a PEMEX", _CONTRATO),
    _paso(12, "12", "Aclaraciones y sanción de PEMEX", _CONTRATO),
    # Deliverables of "Volumetría" (sub-steps).
    _paso(13, "4.1", "Generadores de volumetría", _CONTRATO, _SUB, PASO_VOLUMETRIA),
    _paso(14, "4.2", "Planos", _CONTRATO, _SUB, PASO_VOLUMETRIA),
    _paso(15, "4.3", "Especificaciones técnicas", _CONTRATO, _SUB, PASO_VOLUMETRIA),
    _paso(16, "4.4", "Memoria de cálculo", _CONTRATO, _SUB, PASO_VOLUMETRIA),
    _paso(17, "4.5", "Procedimientos constructivos", _CONTRATO, _SUB, PASO_VOLUMETRIA),
    _paso(18, "4.6", "Catálogo de conceptos (Anexo C)", _CONTRATO, _SUB, PASO_VOLUMETRIA),
    # Intercom client: a shorter proposal.
    _paso(19, "1", "Recepción de solicitud del cliente", _INTERCOM),
    _paso(20, "2", "Alcance técnico", _INTERCOM),
    _paso(PASO_INTERCOM_VOLUMETRIA, "3", "Volumetría", _INTERCOM),
    _paso(22, "4", "Cotización", _INTERCOM),
    _paso(PASO_INTERCOM_PROGRAMA, "5", "Programa de ejecución", _INTERCOM),
    _paso(24, "6", "Revisión interna", _INTERCOM),
    _paso(25, "7", "Entrega al cliente", _INTERCOM),
)

# --- PasoOt (OT step templates) -------------------------------------------------------------------------------


def _paso_ot(pk, orden, descripcion, plantilla, cliente, origen=None):
    return Semilla(
        pk,
        {
            "descripcion": descripcion,
            "orden": orden,
            "tipo_id": plantilla.value,
            "id_tipo_cliente_id": cliente.value,
            "paso_pte_origen_id": origen,
        },
    )


_INICIAL = TipoId.OT_INICIAL
_REPROG = TipoId.OT_REPROGRAMACION
_PLANTILLA_INTERCOM = TipoId.PLANTILLA_INTERCOM

PASOS_OT = (
    # Initial OT (template 4).
    _paso_ot(1, "1", "Oficio de asignación de la OT", _INICIAL, _CONTRATO),
    _paso_ot(2, "2", "Reunión de arranque (kick-off)", _INICIAL, _CONTRATO),
    _paso_ot(3, "3", "Programa de ejecución (MS Project)", _INICIAL, _CONTRATO, PASO_PROGRAMA_EJECUCION),
    _paso_ot(4, "4", "Volumetría / generadores autorizados", _INICIAL, _CONTRATO, PASO_VOLUMETRIA),
    _paso_ot(5, "5", "Anexo C de la OT (recursos programados)", _INICIAL, _CONTRATO),
    _paso_ot(6, "6", "Procura de materiales", _INICIAL, _CONTRATO),
    _paso_ot(7, "7", "Permisos de trabajo y análisis de seguridad", _INICIAL, _CONTRATO),
    _paso_ot(8, "8", "Movilización de personal y equipo", _INICIAL, _CONTRATO),
    _paso_ot(9, "9", "Ejecución de los trabajos", _INICIAL, _CONTRATO),
    _paso_ot(10, "10", "Reportes diarios de obra", _INICIAL, _CONTRATO),
    _paso_ot(11, "11", "Generadores de obra ejecutada", _INICIAL, _CONTRATO),
    _paso_ot(12, "12", "Reporte fotográfico", _INICIAL, _CONTRATO),
    _paso_ot(13, "13", "Acta de entrega-recepción", _INICIAL, _CONTRATO),
    _paso_ot(14, "14", "Finiquito", _INICIAL, _CONTRATO),
    # Reprogramming (template 5).
    _paso_ot(15, "1", "Oficio de reprogramación", _REPROG, _CONTRATO),
    _paso_ot(16, "2", "Justificación técnica de la reprogramación", _REPROG, _CONTRATO),
    _paso_ot(17, "3", "Programa de ejecución reprogramado (MS Project)", _REPROG, _CONTRATO, PASO_PROGRAMA_EJECUCION),
    _paso_ot(18, "4", "Volumetría / generadores autorizados", _REPROG, _CONTRATO, PASO_VOLUMETRIA),
    _paso_ot(19, "5", "Anexo C reprogramado", _REPROG, _CONTRATO),
    _paso_ot(20, "6", "Reportes diarios de obra", _REPROG, _CONTRATO),
    _paso_ot(21, "7", "Generadores de obra ejecutada", _REPROG, _CONTRATO),
    _paso_ot(22, "8", "Acta de entrega-recepción", _REPROG, _CONTRATO),
    _paso_ot(23, "9", "Finiquito", _REPROG, _CONTRATO),
    # Intercom OT (template 18).
    _paso_ot(24, "1", "Orden de servicio del cliente", _PLANTILLA_INTERCOM, _INTERCOM),
    _paso_ot(25, "2", "Reunión de arranque", _PLANTILLA_INTERCOM, _INTERCOM),
    _paso_ot(26, "3", "Programa de ejecución", _PLANTILLA_INTERCOM, _INTERCOM, PASO_INTERCOM_PROGRAMA),
    _paso_ot(27, "4", "Volumetría autorizada", _PLANTILLA_INTERCOM, _INTERCOM, PASO_INTERCOM_VOLUMETRIA),
    _paso_ot(28, "5", "Movilización", _PLANTILLA_INTERCOM, _INTERCOM),
    _paso_ot(29, "6", "Ejecución de los trabajos", _PLANTILLA_INTERCOM, _INTERCOM),
    _paso_ot(30, "7", "Reportes diarios de obra", _PLANTILLA_INTERCOM, _INTERCOM),
    _paso_ot(31, "8", "Acta de entrega-recepción", _PLANTILLA_INTERCOM, _INTERCOM),
    _paso_ot(32, "9", "Cierre y facturación", _PLANTILLA_INTERCOM, _INTERCOM),
)
