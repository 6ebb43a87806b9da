"""Import of historical work orders (OT_IMPORTAR.xlsx, reference §5.3): parse → validate → write → report.

Rules (issue 3):
- the workbook's columns are the original's database columns, found by name; `id_pte_header_id` holds the PTE
  folio and `ot_principal` the initial OT's folio, both as text;
- initial OTs (tipo 4) are written first, then reprogrammings (tipo 5), each linked to the initial OT whose
  `orden_trabajo` is its `ot_principal` (in the file or already in the database); a reprogramming without PTE,
  responsable or client inherits them from its principal;
- natural key (orden_trabajo, tipo, num_reprogramacion): an existing OT is updated only where the file differs,
  so re-running a file changes nothing;
- strict by default (any problem → nothing written); `crear_faltantes` creates unknown PTE folios, project
  leaders, sites and clients as placeholders marked for review; `omitir_invalidos` leaves an invalid optional
  cell empty with a warning;
- new OTs get their step checklist, the steps' status following the OT's status and their dates the real ones.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django import forms
from django.db import IntegrityError
from django.utils import timezone

from core.actividad import actividad_registrar_lote
from core.importacion import (
    ArchivoInvalido,
    CampoCodigo,
    CampoDecimal,
    CampoEntero,
    CampoFecha,
    CampoTexto,
    Columna,
    FilaValidada,
    InformeImportacion,
    TablaExcel,
    ejecutar_escritura,
    importacion_registrar,
    leer_codigo,
    leer_tabla,
    reiniciar_secuencias,
    validar_fila,
)
from core.models import Evento, TrabajoSegundoPlano
from core.money import redondear_centavos
from operaciones.catalogos.constantes import (
    ClienteId,
    EstatusId,
    EstatusRegistro,
    FrenteId,
    NivelEstatus,
    NivelFrente,
    TipoId,
)
from operaciones.catalogos.models import Cliente, Estatus, Frente, ResponsableProyecto, Sitio
from operaciones.pte.models import EstatusPTE, PTEHeader
from operaciones.pte.services import pte_generar_pasos

from .models import OTE
from .services import ot_generar_pasos

COMENTARIO_POR_REVISAR = "Creado por importar_ot: revisar"
ENTIDAD_OT = "OT"
ENTIDAD_PTE = "PTE Header"
TIPO_PTE_POR_REVISAR = TipoId.PTE  # not offered in the PTE form, so whoever reviews it must choose the real type

# Status of the new OT's steps by the OT's status (reference §3.16); anything else starts PENDIENTE.
ESTATUS_PASO_POR_ESTATUS_OT = {
    EstatusId.ASIGNADA: EstatusId.PROCESO,
    EstatusId.DIFERIDA: EstatusId.PROCESO,
    EstatusId.EN_EJECUCION: EstatusId.PROCESO,
    EstatusId.POR_CANCELAR: EstatusId.PROCESO,
    EstatusId.CANCELADA: EstatusId.CANCELADO,
    EstatusId.TERMINADA: EstatusId.COMPLETADO,
    EstatusId.DIFERIDA_SIN_INICIAR: EstatusId.PENDIENTE,
}

# Site columns → the site category (Frente nivel 1) their ids must have, and its name in messages.
CATEGORIA_SITIO = {
    "id_embarcacion": (FrenteId.EMBARCACION, "EMBARCACION"),
    "id_plataforma": (FrenteId.PLATAFORMA, "PLATAFORMA"),
    "id_patio": (FrenteId.PATIO, "PATIO"),
    "id_intercom": (FrenteId.INTERCOM, "INTERCOM"),
}

COLUMNAS = (
    Columna("orden_trabajo", ("orden_trabajo", "folio ot", "orden de trabajo"), requerida=True),
    Columna("descripcion_trabajo", ("descripcion_trabajo", "descripcion")),
    Columna("responsable_cliente"),
    Columna("oficio_ot"),
    Columna("fecha_inicio_programado"),
    Columna("fecha_termino_programado"),
    Columna("estatus"),
    Columna("comentario"),
    Columna("id_estatus_ot_id", ("id_estatus_ot_id", "id_estatus_ot"), requerida=True),
    Columna("id_pte_header_id", ("id_pte_header_id", "id_pte_header", "folio pte")),
    Columna("id_responsable_proyecto_id", ("id_responsable_proyecto_id", "id_responsable_proyecto"), requerida=True),
    Columna("id_tipo_id", ("id_tipo_id", "id_tipo"), requerida=True),
    Columna("num_reprogramacion", requerida=True),
    Columna("ot_principal", requerida=True),
    Columna("fecha_inicio_real"),
    Columna("fecha_termino_real"),
    Columna("monto_mxn"),
    Columna("monto_usd"),
    Columna("id_frente", ("id_frente", "id_frente_id")),
    Columna("id_intercom", ("id_intercom", "id_intercom_id")),
    Columna("id_patio", ("id_patio", "id_patio_id")),
    Columna("id_plataforma", ("id_plataforma", "id_plataforma_id")),
    Columna("id_embarcacion", ("id_embarcacion", "id_embarcacion_id")),
    Columna("plazo_dias"),
    Columna("id_cliente_id", ("id_cliente_id", "id_cliente")),
)

# Form field → model attribute written with it (the rest have the same name).
ATRIBUTO = {
    "id_frente": "id_frente_id",
    "id_intercom": "id_intercom_id",
    "id_patio": "id_patio_id",
    "id_plataforma": "id_plataforma_id",
    "id_embarcacion": "id_embarcacion_id",
}
TEXTOS = ("orden_trabajo", "descripcion_trabajo", "responsable_cliente", "oficio_ot", "comentario")
FECHAS = ("fecha_inicio_programado", "fecha_termino_programado", "fecha_inicio_real", "fecha_termino_real")
MONTOS = ("monto_mxn", "monto_usd")


@dataclass
class CatalogosOT:
    """What the rows are checked against, loaded once: ids of catalogues and the PTE folios of the file."""

    responsables: set[int]
    sitios: dict[int, tuple[int | None, str]]
    clientes: dict[int, Cliente]
    estatus_ot: set[int]
    frentes_ot: set[int]
    ptes: dict[str, int]

    @classmethod
    def cargar(cls, folios_pte: set[str]) -> "CatalogosOT":
        ptes = (
            PTEHeader.objects.filter(oficio_pte__in=folios_pte, estatus__gt=EstatusPTE.ELIMINADA)
            .order_by("id")
            .values_list("oficio_pte", "id")
        )
        return cls(
            responsables=set(ResponsableProyecto.objects.values_list("id", flat=True)),
            sitios={
                pk: (frente, desc) for pk, frente, desc in Sitio.objects.values_list("id", "id_frente", "descripcion")
            },
            clientes={c.pk: c for c in Cliente.objects.all()},
            estatus_ot=set(Estatus.objects.filter(nivel_afectacion=NivelEstatus.OT).values_list("id", flat=True)),
            frentes_ot=set(Frente.objects.filter(nivel_afectacion=NivelFrente.OTS).values_list("id", flat=True)),
            ptes=dict(ptes),
        )


class FilaOTForm(forms.Form):
    """One row of OT_IMPORTAR.xlsx: types, ranges and catalogue references of each cell."""

    orden_trabajo = CampoCodigo(max_length=150, required=True)
    descripcion_trabajo = CampoTexto()
    responsable_cliente = CampoTexto(max_length=200)
    oficio_ot = CampoCodigo(max_length=200)
    fecha_inicio_programado = CampoFecha()
    fecha_termino_programado = CampoFecha()
    estatus = CampoEntero(opciones=EstatusRegistro.values, al_omitir="se usó 1 (activo)")
    comentario = CampoTexto()
    id_estatus_ot_id = CampoEntero(al_omitir="se usó ASIGNADA")
    id_pte_header_id = CampoCodigo(max_length=100)
    id_responsable_proyecto_id = CampoEntero(min_value=1)
    id_tipo_id = CampoEntero(opciones=(TipoId.OT_INICIAL, TipoId.OT_REPROGRAMACION), required=True)
    num_reprogramacion = CampoEntero(min_value=1, max_value=999)
    ot_principal = CampoCodigo(max_length=150)
    fecha_inicio_real = CampoFecha()
    fecha_termino_real = CampoFecha()
    monto_mxn = CampoDecimal(min_value=Decimal(0))
    monto_usd = CampoDecimal(min_value=Decimal(0))
    id_frente = CampoEntero()
    id_intercom = CampoEntero()
    id_patio = CampoEntero()
    id_plataforma = CampoEntero()
    id_embarcacion = CampoEntero()
    plazo_dias = CampoEntero(min_value=0, max_value=100_000)
    id_cliente_id = CampoEntero(min_value=1)

    def __init__(self, *args, catalogos: CatalogosOT, crear_faltantes: bool, **kwargs):
        self.catalogos = catalogos
        self.crear_faltantes = crear_faltantes
        super().__init__(*args, **kwargs)

    def _conocido(self, valor, existentes, nombre: str):
        if valor is None or valor in existentes or self.crear_faltantes:
            return valor
        raise forms.ValidationError(f"{nombre} desconocido «{valor}»", code="desconocido")

    def clean_id_estatus_ot_id(self):
        valor = self.cleaned_data["id_estatus_ot_id"]
        if valor is not None and valor not in self.catalogos.estatus_ot:
            raise forms.ValidationError(f"valor fuera de rango «{valor}»: no es un estatus de OT", code="rango")
        return valor

    def clean_id_frente(self):
        valor = self.cleaned_data["id_frente"]
        if valor is not None and valor not in self.catalogos.frentes_ot:
            raise forms.ValidationError(f"valor fuera de rango «{valor}»: no es un frente de OT", code="rango")
        return valor

    def clean_id_pte_header_id(self):
        folio = self.cleaned_data["id_pte_header_id"]
        if folio is None or folio in self.catalogos.ptes or self.crear_faltantes:
            return folio
        raise forms.ValidationError(f"PTE desconocida «{folio}»", code="desconocido")

    def clean_id_responsable_proyecto_id(self):
        return self._conocido(
            self.cleaned_data["id_responsable_proyecto_id"], self.catalogos.responsables, "responsable"
        )

    def clean_id_cliente_id(self):
        return self._conocido(self.cleaned_data["id_cliente_id"], self.catalogos.clientes, "cliente")

    def _sitio(self, campo: str):
        valor = self.cleaned_data[campo]
        if valor is None:
            return None
        categoria, nombre = CATEGORIA_SITIO[campo]
        if valor not in self.catalogos.sitios:
            return self._conocido(valor, (), "sitio")
        categoria_actual, descripcion = self.catalogos.sitios[valor]
        if categoria_actual != categoria:
            raise forms.ValidationError(
                f"el sitio {valor} ({descripcion}) no es de la categoría {nombre}", code="categoria"
            )
        return valor

    def clean_id_embarcacion(self):
        return self._sitio("id_embarcacion")

    def clean_id_plataforma(self):
        return self._sitio("id_plataforma")

    def clean_id_patio(self):
        return self._sitio("id_patio")

    def clean_id_intercom(self):
        return self._sitio("id_intercom")


@dataclass
class PlanOT:
    """A valid row turned into what to write: model values (only the fields the file decides) and links."""

    fila: int
    tipo: int
    clave: tuple
    valores: dict
    folio_pte: str | None = None
    folio_principal: str | None = None
    principal: "PlanOT | None" = None
    ot_principal_db: OTE | None = None
    ot: OTE | None = None
    creada: bool = False


@dataclass
class Faltantes:
    """Unknown references the run creates as placeholders (only with `crear_faltantes`)."""

    responsables: set[int] = field(default_factory=set)
    sitios: dict[int, int] = field(default_factory=dict)
    clientes: set[int] = field(default_factory=set)
    ptes: dict[str, PlanOT] = field(default_factory=dict)


@dataclass
class ResultadoImportacion:
    informe: InformeImportacion
    tabla: TablaExcel | None = None


Avance = Callable[[int, int], None]


def importar_ot(
    archivo,
    *,
    simulacro: bool = False,
    crear_faltantes: bool = False,
    omitir_invalidos: bool = False,
    usuario=None,
    nombre_archivo: str = "",
    avance: Avance | None = None,
) -> ResultadoImportacion:
    """Import OT_IMPORTAR.xlsx (a path or an open file): everything or nothing, with the report of what happened."""
    informe = InformeImportacion(simulacro=simulacro)
    try:
        tabla = leer_tabla(archivo, COLUMNAS)
    except ArchivoInvalido as exc:
        informe.error(str(exc))
        return ResultadoImportacion(informe)
    importador = _ImportadorOT(tabla, informe, crear_faltantes, omitir_invalidos, avance or (lambda *_: None))
    importador.validar()
    origen = Path(str(nombre_archivo or getattr(archivo, "name", "") or archivo)).name
    try:
        ejecutar_escritura(informe, lambda: importador.escribir(usuario, origen), simulacro=simulacro)
    except IntegrityError:
        informe.error("La base de datos rechazó los datos (registro duplicado o inconsistente); no se escribió nada.")
        informe.creadas = informe.actualizadas = informe.sin_cambios = 0
        informe.otros_creados.clear()
    return ResultadoImportacion(informe, tabla)


TIPO_TRABAJO_WEB = "importar_ot"


def importar_ot_desde_web(
    *, archivo, usuario, simulacro: bool, crear_faltantes: bool, omitir_invalidos: bool
) -> tuple[InformeImportacion, TrabajoSegundoPlano]:
    """Run the import for an upload and keep its report, and its error workbook if any, on a job row of the user."""
    opciones = {"simulacro": simulacro, "crear_faltantes": crear_faltantes, "omitir_invalidos": omitir_invalidos}
    nombre = getattr(archivo, "name", "")
    resultado = importar_ot(archivo, usuario=usuario, nombre_archivo=nombre, **opciones)
    trabajo = importacion_registrar(
        tipo=TIPO_TRABAJO_WEB,
        usuario=usuario,
        parametros={"archivo": nombre[:200], **opciones},
        informe=resultado.informe,
        tabla=resultado.tabla,
    )
    return resultado.informe, trabajo


class _ImportadorOT:
    def __init__(self, tabla, informe, crear_faltantes, omitir_invalidos, avance):
        self.tabla = tabla
        self.informe = informe
        self.crear_faltantes = crear_faltantes
        self.omitir_invalidos = omitir_invalidos
        self.avance = avance
        self.faltantes = Faltantes()
        self.planes: list[PlanOT] = []
        self.total = len(tabla.filas) * 2

    # --- validation -------------------------------------------------------------------------------------------

    def _error(self, fila: int, campo: str, mensaje: str) -> None:
        self.informe.error(mensaje, **self.tabla.lugar(fila, campo))

    def validar(self) -> None:
        folios = set()
        for fila in self.tabla.filas:
            try:
                folio = leer_codigo(self.tabla.valores(fila).get("id_pte_header_id"))
            except ValueError:
                folio = None
            if folio:
                folios.add(folio)
        self.catalogos = CatalogosOT.cargar(folios)
        validas = []
        for i, fila in enumerate(self.tabla.filas, start=1):
            formulario = FilaOTForm(
                data=self.tabla.valores(fila), catalogos=self.catalogos, crear_faltantes=self.crear_faltantes
            )
            validada = validar_fila(formulario, self.tabla, fila, self.informe, omitir_invalidos=self.omitir_invalidos)
            if validada:
                validas.append(validada)
            self.avance(i, self.total)
        planes = [p for p in (self._plan(v) for v in validas) if p]
        self._quitar_duplicados(planes)
        self._enlazar_principales()
        self._completar_y_anotar_faltantes()

    def _plan(self, v: FilaValidada) -> PlanOT | None:
        d, fila = v.datos, v.fila.numero
        tipo = d["id_tipo_id"]
        ok = True
        if d["id_estatus_ot_id"] is None and "id_estatus_ot_id" not in v.omitidos:
            if self.omitir_invalidos:
                self.informe.advertencia(
                    "dato requerido vacío; se usó ASIGNADA", **self.tabla.lugar(fila, "id_estatus_ot_id")
                )
                d["id_estatus_ot_id"] = EstatusId.ASIGNADA
            else:
                self._error(fila, "id_estatus_ot_id", "dato requerido vacío")
                ok = False
        if tipo == TipoId.OT_REPROGRAMACION:
            for campo in ("ot_principal", "num_reprogramacion"):
                if d[campo] is None:
                    self._error(fila, campo, "dato requerido vacío en una reprogramación")
                    ok = False
        else:
            if d["ot_principal"]:
                self.informe.advertencia(
                    "una OT inicial no lleva ot_principal; se ignoró", **self.tabla.lugar(fila, "ot_principal")
                )
            if d["id_responsable_proyecto_id"] is None:
                self._error(fila, "id_responsable_proyecto_id", "dato requerido vacío")
                ok = False
        if not ok:
            return None
        valores = {}
        for campo in TEXTOS + FECHAS + ("num_reprogramacion", "plazo_dias"):
            if campo not in v.omitidos:
                valores[campo] = d[campo] if campo not in TEXTOS else (d[campo] or "")
        for campo in MONTOS:
            if campo not in v.omitidos:
                valores[campo] = redondear_centavos(d[campo])
        for campo in ("id_frente", *CATEGORIA_SITIO):
            if campo not in v.omitidos:
                valores[ATRIBUTO[campo]] = d[campo]
        if "estatus" not in v.omitidos:
            valores["estatus"] = EstatusRegistro.ACTIVO if d["estatus"] is None else d["estatus"]
        for campo in ("id_estatus_ot_id", "id_responsable_proyecto_id", "id_cliente_id"):
            if d[campo] is not None:
                valores[campo] = d[campo]
        valores["id_tipo_id"] = tipo
        if tipo == TipoId.OT_INICIAL:
            valores["ot_principal_id"] = None
            if d["id_cliente_id"] is None and "id_cliente_id" not in v.omitidos:
                valores["id_cliente_id"] = ClienteId.PEMEX
        if "id_patio_id" in valores and "id_frente_id" in valores:
            valores["requiere_patio"] = bool(valores["id_patio_id"]) and valores["id_frente_id"] != FrenteId.TIERRA
        return PlanOT(
            fila=fila,
            tipo=tipo,
            clave=(d["orden_trabajo"], tipo, d["num_reprogramacion"]),
            valores=valores,
            folio_pte=d["id_pte_header_id"],
            folio_principal=d["ot_principal"] if tipo == TipoId.OT_REPROGRAMACION else None,
        )

    def _quitar_duplicados(self, planes: list[PlanOT]) -> None:
        vistos: dict[tuple, int] = {}
        for plan in planes:
            if plan.clave in vistos:
                self._error(
                    plan.fila,
                    "orden_trabajo",
                    f"la OT «{plan.clave[0]}» (tipo {plan.tipo}, reprogramación {plan.clave[2] or '-'}) "
                    f"ya está en la fila {vistos[plan.clave]}",
                )
                continue
            vistos[plan.clave] = plan.fila
            self.planes.append(plan)

    def _enlazar_principales(self) -> None:
        iniciales = {p.clave[0]: p for p in self.planes if p.tipo == TipoId.OT_INICIAL}
        folios = {p.folio_principal for p in self.planes if p.tipo == TipoId.OT_REPROGRAMACION}
        en_base = defaultdict(list)
        for ot in OTE.objects.filter(orden_trabajo__in=folios, id_tipo_id=TipoId.OT_INICIAL).exclude(
            estatus=EstatusRegistro.ELIMINADO
        ):
            en_base[ot.orden_trabajo].append(ot)
        filas_fallidas = {p.fila for p in self.informe.errores}
        validos = []
        for plan in self.planes:
            if plan.tipo == TipoId.OT_REPROGRAMACION:
                folio = plan.folio_principal
                if folio in iniciales:
                    plan.principal = iniciales[folio]
                elif len(en_base[folio]) == 1:
                    plan.ot_principal_db = en_base[folio][0]
                elif en_base[folio]:
                    self._error(plan.fila, "ot_principal", f"hay {len(en_base[folio])} OTs iniciales «{folio}»")
                    continue
                else:
                    self._error(plan.fila, "ot_principal", self._principal_faltante(folio, filas_fallidas))
                    continue
            validos.append(plan)
        self.planes = validos

    def _principal_faltante(self, folio: str, filas_fallidas: set[int]) -> str:
        for fila in self.tabla.filas:
            if fila.numero in filas_fallidas and leer_codigo(self.tabla.valores(fila).get("orden_trabajo")) == folio:
                return f"la OT principal «{folio}» (fila {fila.numero}) tiene errores"
        return f"OT principal desconocida «{folio}»"

    def _heredado(self, plan: PlanOT, atributo: str):
        if plan.principal is not None:
            return plan.principal.valores.get(atributo)
        return getattr(plan.ot_principal_db, atributo)

    def _completar_y_anotar_faltantes(self) -> None:
        """Inherit PTE, responsable and client from the principal; note which references must be created."""
        for plan in self.planes:
            v = plan.valores
            if plan.tipo == TipoId.OT_REPROGRAMACION:
                for atributo in ("id_responsable_proyecto_id", "id_cliente_id"):
                    if v.get(atributo) is None:
                        v[atributo] = self._heredado(plan, atributo)
                if plan.folio_pte is None and plan.principal is not None:
                    plan.folio_pte = plan.principal.folio_pte
            if not self.crear_faltantes:
                continue
            if v["id_responsable_proyecto_id"] not in self.catalogos.responsables:
                self.faltantes.responsables.add(v["id_responsable_proyecto_id"])
            if v.get("id_cliente_id") and v["id_cliente_id"] not in self.catalogos.clientes:
                self.faltantes.clientes.add(v["id_cliente_id"])
            for campo, (categoria, _) in CATEGORIA_SITIO.items():
                sitio = v.get(ATRIBUTO[campo])
                if sitio is None or sitio in self.catalogos.sitios:
                    continue
                previa = self.faltantes.sitios.setdefault(sitio, categoria)
                if previa != categoria:
                    self._error(plan.fila, campo, f"el sitio {sitio} se usa con dos categorías distintas")
            if plan.folio_pte and plan.folio_pte not in self.catalogos.ptes:
                self.faltantes.ptes.setdefault(plan.folio_pte, plan)

    # --- writing ----------------------------------------------------------------------------------------------

    def escribir(self, usuario, origen: str) -> None:
        self._crear_faltantes(usuario)
        existentes = self._existentes()
        actividad_ot = []
        hechos = len(self.tabla.filas)
        for tipo in (TipoId.OT_INICIAL, TipoId.OT_REPROGRAMACION):
            nuevas, cambiadas, campos_cambiados = [], [], set()
            for plan in (p for p in self.planes if p.tipo == tipo):
                self._resolver_enlaces(plan)
                actual = existentes.get(plan.clave)
                if actual is None:
                    plan.ot, plan.creada = OTE(**{"id_cliente_id": ClienteId.PEMEX, **plan.valores}), True
                    nuevas.append(plan.ot)
                    actividad_ot.append((plan, None))
                    continue
                plan.ot = actual
                cambios = {
                    a: (getattr(actual, a), valor) for a, valor in plan.valores.items() if getattr(actual, a) != valor
                }
                if not cambios:
                    self.informe.sin_cambios += 1
                    continue
                for atributo, (_, valor) in cambios.items():
                    setattr(actual, atributo, valor)
                actual.fecha_actualizacion = timezone.now()  # bulk_update does not apply auto_now
                cambiadas.append(actual)
                campos_cambiados.update(cambios)
                actividad_ot.append((plan, cambios))
            OTE.objects.bulk_create(nuevas, batch_size=500)
            if cambiadas:
                campos = sorted(campos_cambiados | {"fecha_actualizacion"})
                OTE.objects.bulk_update(cambiadas, campos, batch_size=500)
            self.informe.creadas += len(nuevas)
            self.informe.actualizadas += len(cambiadas)
        for plan in self.planes:
            if plan.creada:
                self._crear_pasos(plan.ot)
            hechos += 1
            self.avance(hechos, self.total)
        actividad_registrar_lote(
            usuario=usuario,
            entidad=ENTIDAD_OT,
            evento=Evento.IMPORTAR,
            registros=[
                (
                    plan.ot.pk,
                    cambios,
                    f"{'Actualizada' if cambios else 'Creada'} por importación de «{origen}», fila {plan.fila}",
                )
                for plan, cambios in actividad_ot
            ],
        )

    def _existentes(self) -> dict[tuple, OTE]:
        folios = {p.clave[0] for p in self.planes}
        por_clave = defaultdict(list)
        for ot in OTE.objects.filter(orden_trabajo__in=folios):
            por_clave[(ot.orden_trabajo, ot.id_tipo_id, ot.num_reprogramacion)].append(ot)
        elegidas = {}
        for clave, ots in por_clave.items():
            vigentes = [o for o in ots if o.estatus != EstatusRegistro.ELIMINADO] or ots
            elegidas[clave] = min(vigentes, key=lambda o: o.pk)
        return elegidas

    def _resolver_enlaces(self, plan: PlanOT) -> None:
        v = plan.valores
        if plan.folio_pte:
            v["id_pte_header_id"] = self.catalogos.ptes[plan.folio_pte]
        elif plan.ot_principal_db is not None:
            v["id_pte_header_id"] = plan.ot_principal_db.id_pte_header_id
        else:
            v["id_pte_header_id"] = None
        if plan.tipo == TipoId.OT_REPROGRAMACION:
            principal = plan.principal.ot if plan.principal is not None else plan.ot_principal_db
            v["ot_principal_id"] = principal.pk

    def _crear_pasos(self, ot: OTE) -> None:
        if ot.id_cliente_id:
            ot.id_cliente = self.catalogos.clientes[ot.id_cliente_id]  # cached: no query per OT
        terminada = ot.id_estatus_ot_id == EstatusId.TERMINADA
        ot_generar_pasos(
            ot=ot,
            estatus_paso=ESTATUS_PASO_POR_ESTATUS_OT.get(ot.id_estatus_ot_id, EstatusId.PENDIENTE),
            fecha_inicio=ot.fecha_inicio_real,
            fecha_termino=ot.fecha_termino_real,
            fecha_entrega=ot.fecha_termino_real if terminada else None,
        )

    def _crear_faltantes(self, usuario) -> None:
        f, conteo = self.faltantes, self.informe.otros_creados
        responsables = [
            ResponsableProyecto(pk=pk, descripcion=f"RESPONSABLE {pk} (POR REVISAR)", comentario=COMENTARIO_POR_REVISAR)
            for pk in sorted(f.responsables)
        ]
        clientes = [
            Cliente(
                pk=pk,
                descripcion=f"CLIENTE {pk} (POR REVISAR)",
                id_tipo_id=TipoId.CLIENTE_CONTRATO,
                comentario=COMENTARIO_POR_REVISAR,
            )
            for pk in sorted(f.clientes)
        ]
        nombres = dict(CATEGORIA_SITIO.values())
        sitios = [
            Sitio(
                pk=pk,
                descripcion=f"{nombres[categoria]} {pk} (POR REVISAR)",
                id_frente_id=categoria,
                comentario=COMENTARIO_POR_REVISAR,
            )
            for pk, categoria in sorted(f.sitios.items())
        ]
        actividad = []
        for modelo, filas, nombre, entidad in (
            (ResponsableProyecto, responsables, "Responsables creados por revisar", "Responsable de proyecto"),
            (Cliente, clientes, "Clientes creados por revisar", "Cliente"),
            (Sitio, sitios, "Sitios creados por revisar", "Sitio"),
        ):
            if not filas:
                continue
            modelo.objects.bulk_create(filas)
            reiniciar_secuencias([modelo])
            conteo[nombre] = len(filas)
            actividad.append((entidad, filas))
        self.catalogos.clientes.update({c.pk: c for c in clientes})
        ptes = self._crear_ptes()
        if ptes:
            actividad.append((ENTIDAD_PTE, ptes))
        for entidad, filas in actividad:
            actividad_registrar_lote(
                usuario=usuario,
                entidad=entidad,
                evento=Evento.IMPORTAR,
                registros=[(fila.pk, None, COMENTARIO_POR_REVISAR) for fila in filas],
            )

    def _crear_ptes(self) -> list[PTEHeader]:
        ptes = []
        for folio, plan in sorted(self.faltantes.ptes.items()):
            descripcion = plan.valores.get("descripcion_trabajo") or "POR DEFINIR"
            ptes.append(
                PTEHeader(
                    oficio_pte=folio,
                    id_tipo_id=TIPO_PTE_POR_REVISAR,
                    descripcion_trabajo=descripcion,
                    id_responsable_proyecto_id=plan.valores["id_responsable_proyecto_id"],
                    id_cliente=self.catalogos.clientes[ClienteId.PEMEX],
                    estatus=EstatusPTE.PENDIENTE,
                    comentario=COMENTARIO_POR_REVISAR,
                )
            )
        PTEHeader.objects.bulk_create(ptes)
        for pte in ptes:
            pte_generar_pasos(pte=pte)
            self.catalogos.ptes[pte.oficio_pte] = pte.pk
        if ptes:
            self.informe.otros_creados["PTEs creadas por revisar"] = len(ptes)
        return ptes
