"""Named constants for the catalogue ids the original system fixed and historical files still use.

Code never writes a bare catalogue id: it names one of these. `manage.py seed_catalogos` creates the rows with
exactly these primary keys (reference §2.6).
"""

from django.db import models


class NivelTipo(models.IntegerChoices):
    PTE = 1, "PTE"
    OT = 2, "OT"
    PARTIDA = 3, "Partida"
    PRODUCCION = 4, "Producción"
    CLIENTE = 5, "Cliente"


class TipoId(models.IntegerChoices):
    PTE = 1, "PTE"
    LICITACION = 2, "LICITACION"
    COSTEO_CLASE_V = 3, "COSTEO CLASE V"
    OT_INICIAL = 4, "INICIAL"
    OT_REPROGRAMACION = 5, "REPROGRAMACION"
    PARTIDA_ORDINARIA = 6, "ORDINARIA"
    PARTIDA_EXTRAORDINARIA = 7, "EXTRAORDINARIA"
    COSTEO_CLASE_IV = 10, "COSTEO CLASE IV"
    COSTEO_CLASE_III = 11, "COSTEO CLASE III"
    OBRA = 12, "OBRA"
    UDC = 13, "UDC"
    MERCADEOS = 14, "MERCADEOS"
    CLIENTE_CONTRATO = 15, "CONTRATO"
    CLIENTE_INTERCOM = 16, "INTERCOM"
    SERVICIO_MTTO = 17, "SERVICIO DE MTTO"
    PLANTILLA_INTERCOM = 18, "INTERCOM"
    SERVICIOS = 19, "SERVICIOS"
    MANTENIMIENTO = 20, "MANTENIMIENTO"


class NivelEstatus(models.IntegerChoices):
    PTE = 1, "PTE"
    OT = 2, "OT"
    COBRO = 3, "Cobro"
    PASO = 4, "Pasos"
    REPORTE_MENSUAL = 5, "Reporte mensual"
    REPORTE_DIARIO = 6, "Reporte diario / GPU"


class EstatusId(models.IntegerChoices):
    PENDIENTE = 1, "PENDIENTE"
    PROCESO = 2, "PROCESO"
    COMPLETADO = 3, "COMPLETADO"
    CANCELADO = 4, "CANCELADO"
    ASIGNADA = 5, "ASIGNADA"
    CANCELADA = 6, "CANCELADA"
    DIFERIDA = 7, "DIFERIDA"
    EN_EJECUCION = 8, "EN EJECUCION"
    SUSPENDIDA = 9, "SUSPENDIDA"
    TERMINADA = 10, "TERMINADA"
    POR_CANCELAR = 11, "POR CANCELAR"
    COBRO_PENDIENTE = 12, "POR ESTIMAR"
    COBRO_ESTIMADO = 13, "ESTIMADO"
    NO_APLICA = 14, "NO APLICA"
    PASO_SUSPENDIDO = 15, "SUSPENDIDA"
    DIFERIDA_SIN_INICIAR = 16, "DIFERIDA (SIN INICIAR)"
    FIRMADO = 17, "FIRMADO"
    FALTA_FIRMA_PEMEX = 18, "FALTA FIRMA PEMEX"
    GPU_PENDIENTE = 19, "PENDIENTE"
    GPU_PROCESO = 20, "PROCESO"


# DESIGN §6: a step is done when COMPLETADO or NO APLICA; CANCELADO also closes it for gates only.
ESTATUS_PASO_HECHO = (EstatusId.COMPLETADO, EstatusId.NO_APLICA)
ESTATUS_PASO_CERRADO = (EstatusId.COMPLETADO, EstatusId.NO_APLICA, EstatusId.CANCELADO)


class NivelFrente(models.IntegerChoices):
    SITIOS = 1, "Categoría de sitio"
    OTS = 2, "Frente de OT"


class FrenteId(models.IntegerChoices):
    TIERRA = 1, "TIERRA"
    BARCO = 2, "BARCO"
    PATIO = 3, "PATIO"
    CP_PS = 4, "CP/PS"
    INTERCOM = 5, "INTERCOM"
    EMBARCACION = 6, "EMBARCACION"
    PLATAFORMA = 7, "PLATAFORMA"


class ClienteId(models.IntegerChoices):
    PEMEX = 1, "PEMEX"


class EstatusRegistro(models.IntegerChoices):
    """Row life on PTE/OT headers: soft delete keeps history."""

    POR_DEFINIR = -1, "Por definir"
    ELIMINADO = 0, "Eliminado"
    ACTIVO = 1, "Activo"


# A contract's price catalogue lives in one AnexoContrato with this clave (tipo FINANCIERO); its sub-anexos are the
# ANEXO values of the workbooks (C-2, C-4-1, C-7…).
CLAVE_ANEXO_C = "C"
DESCRIPCION_ANEXO_C = "Anexo C: catálogo de conceptos y precios unitarios"
