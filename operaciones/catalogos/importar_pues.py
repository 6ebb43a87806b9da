"""Import of the PUE catalogue (ANEXO_C_PUES.xlsx, reference §5.2): parse → validate → write → report.

Rules (issue 4, item 3):
- the sheet whose header row (found by name) holds PARTIDA EXT, CONCEPTO, UNIDAD and P.U. M.N.; one PUE
  (tipo 7, no sub-anexo) per PARTIDA EXT code, which must be unique in the file;
- ESTATUS blank = AUTORIZADO, otherwise EN ELABORACION / AUTORIZADO / CANCELADA in any case or accents;
  FECHA SANCION from date cells (text dates tolerated); units matched after normalising (`TON ` is `TON`),
  an unknown unit is an error unless `crear_faltantes`;
- a row that also has ANEXO and PARTIDA is a PUE already converted into an ordinary line: the PUE row stays as
  its history (AUTORIZADO, inactive) and an ordinary concept (tipo 6) of that sub-anexo of the contract's
  Anexo C carries the PUE's code and points at it (`concepto_origen`);
- a PUE is found again by its code among tipo-7 rows (the active one first), so a re-run updates only what
  differs and never duplicates; nothing is written when any row has an error.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django import forms
from django.db import IntegrityError

from core.actividad import actividad_registrar_lote
from core.importacion import (
    ArchivoInvalido,
    CampoCodigo,
    CampoDecimal,
    CampoFecha,
    CampoTexto,
    Columna,
    FilaValidada,
    InformeImportacion,
    TablaExcel,
    ejecutar_escritura,
    leer_tabla,
    normalizar_encabezado,
    validar_fila,
)
from core.models import Evento

from .constantes import CLAVE_ANEXO_C, DESCRIPCION_ANEXO_C, ClienteId, TipoId
from .models import AnexoContrato, Cliente, ConceptoMaestro, Contrato, EstatusPUE, SubAnexo, TipoAnexo, UnidadMedida
from .unidades import mapa_unidades, normalizar_unidad, unidad_nueva

COMENTARIO_POR_REVISAR = "Creado por importar_pues: revisar"
ENTIDAD_CONCEPTO = "Concepto del catálogo"
CADA = 200  # rows between two progress reports
# Below this a difference from rounding to the field's decimals is float noise from the cell, not a real digit.
RUIDO = Decimal("1e-9")

COLUMNAS = (
    Columna("anexo", ("ANEXO",)),
    Columna("partida", ("PARTIDA",)),
    Columna("concepto", ("CONCEPTO", "DESCRIPCION", "DESCRIPCION DE CONCEPTOS"), requerida=True),
    Columna("unidad", ("UNIDAD", "UNID.", "UNIDAD DE MEDIDA"), requerida=True),
    Columna("cantidad", ("CANTIDADES DE REFERENCIA", "CANTIDAD DE REFERENCIA", "CANTIDAD", "CANT.")),
    Columna("precio_mn", ("P.U. M.N.", "P.U. MN", "PRECIO UNITARIO M.N."), requerida=True),
    Columna("precio_usd", ("P.U. USD", "P.U. U.S.D.", "PRECIO UNITARIO USD")),
    Columna("id_padre", ("ID PADRE",)),
    Columna("id_madre", ("ID MADRE",)),
    Columna("id_hijo", ("ID HIJO",)),
    Columna("pte_creacion", ("PTE CREACION", "PTE DE CREACION")),
    Columna("ot_creacion", ("OT CREACION", "OT DE CREACION")),
    Columna("fecha_sancion", ("FECHA SANCION", "FECHA DE SANCION")),
    Columna("partida_ext", ("PARTIDA EXT", "PARTIDA EXT.", "PARTIDA EXTRAORDINARIA"), requerida=True),
    Columna("estatus", ("ESTATUS",)),
    Columna("comentario", ("COMENTARIO", "COMENTARIOS")),
    Columna("id_bme", ("ID BME",)),
)

# Form field → concept attribute, for the columns copied as they are (text blank → "").
TEXTOS = {
    "concepto": "descripcion",
    "id_padre": "categoria",
    "id_madre": "subcategoria",
    "id_hijo": "clasificacion",
    "pte_creacion": "pte_creacion",
    "ot_creacion": "ot_creacion",
    "comentario": "comentario",
    "id_bme": "codigo_interno",
}
# Form field → (attribute, decimals, max digits) of the amounts; a blank cell is 0.
NUMEROS = {
    "cantidad": ("cantidad", 6, 20),
    "precio_mn": ("precio_unitario_mn", 4, 18),
    "precio_usd": ("precio_unitario_usd", 4, 18),
}
# What the ordinary line of a converted PUE takes from it, as the conversion service does (its PUE status, PTE,
# OT and sanction date stay on the PUE row, which is the history).
COPIADOS_A_LA_ORDINARIA = {
    "codigo_interno",
    "cantidad",
    "precio_unitario_mn",
    "precio_unitario_usd",
    "categoria",
    "subcategoria",
    "clasificacion",
    "partida_extraordinaria",
    "comentario",
}
LARGO_PARTIDA = ConceptoMaestro._meta.get_field("partida_ordinaria").max_length
LARGO_CODIGO = ConceptoMaestro._meta.get_field("partida_extraordinaria").max_length
LARGO_ANEXO = SubAnexo._meta.get_field("clave_anexo").max_length
ESTATUS_ADMITIDOS = "vacío = AUTORIZADO, " + ", ".join(EstatusPUE.values)


def _colapsar(texto: str) -> str:
    """Runs of blanks (non-breaking spaces included) as one space: descriptions compared, heading levels kept."""
    return " ".join(texto.split())


class FilaPUEForm(forms.Form):
    """One row of the PUE workbook: types and ranges of each cell, its unit and its status."""

    anexo = CampoCodigo(max_length=LARGO_ANEXO)
    partida = CampoCodigo(max_length=LARGO_PARTIDA)
    concepto = CampoTexto(required=True)
    unidad = CampoTexto(required=True)
    cantidad = CampoDecimal(min_value=Decimal(0))
    precio_mn = CampoDecimal(min_value=Decimal(0))
    precio_usd = CampoDecimal(min_value=Decimal(0))
    id_padre = CampoTexto(max_length=500)
    id_madre = CampoTexto(max_length=500)
    id_hijo = CampoTexto(max_length=500)
    pte_creacion = CampoCodigo(max_length=100)
    ot_creacion = CampoCodigo(max_length=100)
    fecha_sancion = CampoFecha()
    partida_ext = CampoCodigo(max_length=LARGO_CODIGO, required=True)
    estatus = CampoTexto()
    comentario = CampoTexto()
    id_bme = CampoCodigo(max_length=50)

    def __init__(self, *args, unidades: dict, crear_faltantes: bool, **kwargs):
        self.unidades = unidades
        self.crear_faltantes = crear_faltantes
        super().__init__(*args, **kwargs)

    def clean_unidad(self):
        texto = self.cleaned_data["unidad"]
        if normalizar_unidad(texto) in self.unidades or self.crear_faltantes:
            return texto
        raise forms.ValidationError(f"unidad desconocida «{texto}»", code="desconocida")

    def clean_estatus(self):
        texto = self.cleaned_data["estatus"]
        if not texto:
            return EstatusPUE.AUTORIZADO.value
        valor = normalizar_encabezado(texto)  # case, accents and blanks do not matter
        if valor in EstatusPUE.values:
            return valor
        raise forms.ValidationError(f"estatus inválido «{texto}» (se admite: {ESTATUS_ADMITIDOS})", code="rango")

    def clean(self):
        datos = super().clean()
        anexo, partida = datos.get("anexo"), datos.get("partida")
        # Only when both cells were readable: a bad cell already has its own error.
        if "anexo" in datos and "partida" in datos and bool(anexo) != bool(partida):
            falta = "partida" if anexo else "anexo"
            self.add_error(falta, "una PUE ya convertida en partida ordinaria necesita ANEXO y PARTIDA")
        return datos


@dataclass
class PlanPUE:
    """A valid row turned into what to write: the PUE's values and, when converted, its ordinary line's."""

    fila: int
    codigo: str
    valores: dict
    unidad: str  # normalised unit text
    anexo: str = ""  # sub-anexo clave when the PUE is already converted
    partida: str = ""
    pue: ConceptoMaestro | None = None
    ordinaria: ConceptoMaestro | None = None
    convertida_en: ConceptoMaestro | None = None  # an active conversion the file does not mention
    creada: bool = False


@dataclass
class Existentes:
    """What the database already holds for the file's codes, loaded in a few queries."""

    pues: dict[str, ConceptoMaestro] = field(default_factory=dict)
    con_codigo: dict[str, list[ConceptoMaestro]] = field(default_factory=lambda: defaultdict(list))
    conversiones: dict[int, list[ConceptoMaestro]] = field(default_factory=lambda: defaultdict(list))
    identidad: dict[tuple, list[ConceptoMaestro]] = field(default_factory=lambda: defaultdict(list))


@dataclass
class _Lote:
    """Concepts to insert and to update (with the fields that changed), written in bulk statements."""

    nuevas: list[ConceptoMaestro] = field(default_factory=list)
    cambiadas: list[ConceptoMaestro] = field(default_factory=list)
    campos: set[str] = field(default_factory=set)

    def nuevo(self, concepto: ConceptoMaestro) -> ConceptoMaestro:
        self.nuevas.append(concepto)
        return concepto

    def guardar(self) -> None:
        """Updates before inserts, so a code released by an update is free for an insert."""
        if self.cambiadas:
            ConceptoMaestro.objects.bulk_update(self.cambiadas, sorted(self.campos), batch_size=500)
        ConceptoMaestro.objects.bulk_create(self.nuevas, batch_size=500)


Reportar = Callable[[int, int], None]


def importar_pues(
    archivo,
    *,
    contrato: str | None = None,
    simulacro: bool = False,
    crear_faltantes: bool = False,
    reportar: Reportar | None = None,
    usuario=None,
    nombre_archivo: str = "",
) -> InformeImportacion:
    """Import a PUE catalogue workbook (a path or an open file): everything or nothing, with its report."""
    informe = InformeImportacion(simulacro=simulacro)
    reportar = reportar or (lambda *_: None)
    try:
        tabla = leer_tabla(archivo, COLUMNAS)
    except ArchivoInvalido as exc:
        informe.error(str(exc))
        return informe
    importador = _ImportadorPUEs(tabla, informe, (contrato or "").strip(), crear_faltantes, reportar)
    importador.validar()
    if isinstance(archivo, str | Path):
        nombre_archivo = nombre_archivo or Path(archivo).name
    origen = nombre_archivo or Path(str(getattr(archivo, "name", "") or "archivo")).name
    try:
        ejecutar_escritura(informe, lambda: importador.escribir(usuario, origen), simulacro=simulacro)
    except IntegrityError:
        informe.error("La base de datos rechazó los datos (registro duplicado o inconsistente); no se escribió nada.")
        informe.creadas = informe.actualizadas = informe.sin_cambios = 0
        informe.otros_creados.clear()
    reportar(len(tabla.filas), len(tabla.filas))
    return informe


class _ImportadorPUEs:
    def __init__(self, tabla: TablaExcel, informe: InformeImportacion, contrato: str, crear_faltantes, reportar):
        self.tabla = tabla
        self.informe = informe
        self.numero_contrato = contrato
        self.crear_faltantes = crear_faltantes
        self.reportar = reportar
        self.planes: list[PlanPUE] = []
        self.unidades_faltantes: dict[str, str] = {}
        self.contrato: Contrato | None = None
        self.anexo_c: AnexoContrato | None = None
        self.subanexos: dict[str, SubAnexo] = {}
        self.filas_con_anexo = 0

    # --- validation -------------------------------------------------------------------------------------------

    def _error(self, fila: int, campo: str, mensaje: str) -> None:
        self.informe.error(mensaje, **self.tabla.lugar(fila, campo))

    def validar(self) -> None:
        self.unidades = mapa_unidades()
        codigos: dict[str, int] = {}
        identidades: dict[tuple, int] = {}
        total = len(self.tabla.filas)
        for i, fila in enumerate(self.tabla.filas, start=1):
            formulario = FilaPUEForm(
                data=self.tabla.valores(fila), unidades=self.unidades, crear_faltantes=self.crear_faltantes
            )
            validada = validar_fila(formulario, self.tabla, fila, self.informe)
            datos = formulario.cleaned_data
            if datos.get("anexo"):
                self.filas_con_anexo += 1
            codigo = datos.get("partida_ext")
            repetida = codigo in codigos
            if repetida:
                self._error(
                    fila.numero, "partida_ext", f"la PARTIDA EXT «{codigo}» ya está en la fila {codigos[codigo]}"
                )
            elif codigo:
                codigos[codigo] = fila.numero
            plan = self._plan(validada) if validada and not repetida else None
            if plan and plan.anexo:
                identidad = (plan.anexo, plan.partida, _colapsar(plan.valores["descripcion"]))
                if identidad in identidades:
                    self._error(
                        fila.numero,
                        "partida",
                        f"la partida «{plan.partida}» del anexo «{plan.anexo}» con la misma descripción ya está "
                        f"en la fila {identidades[identidad]}",
                    )
                    plan = None
                else:
                    identidades[identidad] = fila.numero
            if plan:
                self.planes.append(plan)
            if i % CADA == 0 and i < total:
                self.reportar(i, total)
        self._resolver_contrato()
        if self.planes:
            existentes = self._cargar_existentes()
            for plan in self.planes:
                self._emparejar(plan, existentes)

    def _numero(self, v: FilaValidada, campo: str) -> Decimal | None:
        _, decimales, digitos = NUMEROS[campo]
        valor = v.datos[campo] if v.datos[campo] is not None else Decimal(0)
        if valor.adjusted() >= digitos - decimales:
            self._error(v.fila.numero, campo, f"valor demasiado grande «{valor}»")
            return None
        redondeado = valor.quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)
        if abs(redondeado - valor) > RUIDO:
            self.informe.advertencia(
                f"«{valor}» tiene más de {decimales} decimales; se guardó {redondeado}",
                **self.tabla.lugar(v.fila.numero, campo),
            )
        return redondeado

    def _plan(self, v: FilaValidada) -> PlanPUE | None:
        d, numero = v.datos, v.fila.numero
        valores = {
            "id_tipo_partida_id": TipoId.PARTIDA_EXTRAORDINARIA.value,
            "sub_anexo_id": None,
            "partida_ordinaria": "",
            "partida_extraordinaria": d["partida_ext"],
        }
        for campo, atributo in TEXTOS.items():
            if campo not in v.omitidos:
                texto = d[campo] or ""
                valores[atributo] = _colapsar(texto) if campo.startswith("id_") else texto
        for campo, (atributo, _, _) in NUMEROS.items():
            if campo not in v.omitidos:
                valores[atributo] = self._numero(v, campo)
                if valores[atributo] is None:
                    return None
        if "fecha_sancion" not in v.omitidos:
            valores["fecha_autorizacion"] = d["fecha_sancion"]
        if "estatus" not in v.omitidos:
            valores["estatus"] = d["estatus"]
        unidad = normalizar_unidad(d["unidad"])
        if unidad not in self.unidades:
            self.unidades_faltantes.setdefault(unidad, d["unidad"])
        plan = PlanPUE(fila=numero, codigo=d["partida_ext"], valores=valores, unidad=unidad)
        if d.get("anexo"):
            plan.anexo, plan.partida = d["anexo"].strip().upper(), d["partida"]
            if valores.get("estatus", EstatusPUE.AUTORIZADO) != EstatusPUE.AUTORIZADO:
                self.informe.advertencia(
                    "una PUE ya convertida en partida ordinaria queda AUTORIZADO "
                    f"(el archivo dice «{valores['estatus']}»)",
                    **self.tabla.lugar(numero, "estatus"),
                )
            valores["estatus"] = EstatusPUE.AUTORIZADO.value
        return plan

    def _resolver_contrato(self) -> None:
        """The contract whose Anexo C receives the converted PUEs: the one named, or the only active one."""
        if self.numero_contrato:
            self.contrato = Contrato.objects.filter(numero_contrato=self.numero_contrato).first()
            if self.contrato is None and not self.crear_faltantes:
                self.informe.error(
                    f"El contrato «{self.numero_contrato}» no existe; use --crear-faltantes para crearlo "
                    "(cliente PEMEX)."
                )
            elif self.contrato is None and not Cliente.objects.filter(pk=ClienteId.PEMEX).exists():
                self.informe.error("No existe el cliente PEMEX para crear el contrato: ejecute seed_catalogos.")
        elif self.filas_con_anexo:
            activos = list(Contrato.objects.filter(activo=True).order_by("pk")[:2])
            if len(activos) == 1:
                self.contrato = activos[0]
            else:
                situacion = "no hay ningún contrato activo" if not activos else "hay varios contratos activos"
                self.informe.error(
                    f"{self.filas_con_anexo} filas traen ANEXO y PARTIDA (PUEs ya convertidas en partidas "
                    f"ordinarias del Anexo C de un contrato) y {situacion}: indique el contrato con --contrato NUMERO."
                )
        if self.contrato is not None:
            self.anexo_c = AnexoContrato.objects.filter(contrato=self.contrato, clave=CLAVE_ANEXO_C).first()
        if self.anexo_c is not None:
            for subanexo in SubAnexo.objects.filter(anexo_maestro=self.anexo_c).order_by("pk"):
                self.subanexos.setdefault(subanexo.clave_anexo.strip().upper(), subanexo)

    def _cargar_existentes(self) -> Existentes:
        e = Existentes()
        codigos = [p.codigo for p in self.planes]
        for concepto in (
            ConceptoMaestro.objects.filter(partida_extraordinaria__in=codigos)
            .select_related("sub_anexo")
            .order_by("-activo", "pk")
        ):
            e.con_codigo[concepto.partida_extraordinaria].append(concepto)
            if concepto.id_tipo_partida_id == TipoId.PARTIDA_EXTRAORDINARIA:
                e.pues.setdefault(concepto.partida_extraordinaria, concepto)  # the active one, else the oldest
        ids_pue = [pue.pk for pue in e.pues.values()]
        for concepto in ConceptoMaestro.objects.filter(concepto_origen__in=ids_pue).select_related("sub_anexo"):
            e.conversiones[concepto.concepto_origen_id].append(concepto)
        partidas = {p.partida for p in self.planes if p.anexo}
        if partidas and self.subanexos:
            for concepto in ConceptoMaestro.objects.filter(
                sub_anexo__in=list(self.subanexos.values()),
                id_tipo_partida=TipoId.PARTIDA_ORDINARIA,
                partida_ordinaria__in=partidas,
            ).order_by("-activo", "pk"):
                clave = (concepto.sub_anexo_id, concepto.partida_ordinaria, _colapsar(concepto.descripcion))
                e.identidad[clave].append(concepto)
        return e

    def _emparejar(self, plan: PlanPUE, e: Existentes) -> None:
        """Find the plan's PUE and ordinary line; reject codes or lines that belong to another PUE."""
        plan.pue = pue = e.pues.get(plan.codigo)
        conversiones = e.conversiones.get(pue.pk, []) if pue else []
        if plan.anexo:
            propia = next(
                (
                    c
                    for c in conversiones
                    if c.sub_anexo is not None
                    and c.sub_anexo.anexo_maestro_id == getattr(self.anexo_c, "pk", None)
                    and c.sub_anexo.clave_anexo.strip().upper() == plan.anexo
                    and c.partida_ordinaria == plan.partida
                ),
                None,
            )
            otra = next((c for c in conversiones if c.activo and c is not propia), None)
            if propia is None and otra is not None:
                self._error(
                    plan.fila,
                    "partida",
                    f"la PUE «{plan.codigo}» ya está convertida en la partida «{otra.partida_ordinaria}» del "
                    f"sub-anexo «{otra.sub_anexo or ''}»",
                )
                return
            subanexo = self.subanexos.get(plan.anexo)
            if propia is None and subanexo is not None:
                clave = (subanexo.pk, plan.partida, _colapsar(plan.valores["descripcion"]))
                candidatos = e.identidad.get(clave, [])
                propia = next((c for c in candidatos if c.concepto_origen_id in (None, getattr(pue, "pk", None))), None)
                if candidatos and propia is None:
                    self._error(
                        plan.fila,
                        "partida",
                        f"la partida «{plan.partida}» del sub-anexo «{plan.anexo}» con esta descripción proviene de "
                        "otra PUE",
                    )
                    return
            plan.ordinaria = propia
        else:
            plan.convertida_en = next((c for c in conversiones if c.activo), None)
            if plan.convertida_en is not None:
                self.informe.advertencia(
                    f"la PUE ya está convertida en la partida «{plan.convertida_en.partida_ordinaria}» del sub-anexo "
                    f"«{plan.convertida_en.sub_anexo or ''}»; se conserva inactiva",
                    **self.tabla.lugar(plan.fila, "partida_ext"),
                )
        for otro in e.con_codigo.get(plan.codigo, []):
            propios = {getattr(pue, "pk", None), getattr(plan.ordinaria, "pk", None)}
            propio = otro.pk in propios or (pue is not None and otro.concepto_origen_id == pue.pk)
            if otro.activo and not propio:
                donde = f"la partida «{otro.partida_ordinaria}» del sub-anexo «{otro.sub_anexo}»"
                if otro.id_tipo_partida_id == TipoId.PARTIDA_EXTRAORDINARIA or otro.sub_anexo is None:
                    donde = f"el concepto {otro.pk}"
                self._error(plan.fila, "partida_ext", f"el código «{plan.codigo}» ya lo usa {donde}, ajeno a esta PUE")

    # --- writing ----------------------------------------------------------------------------------------------

    def escribir(self, usuario, origen: str) -> None:
        unidades = self._crear_unidades(usuario)
        self._crear_contenedores(usuario)
        self.nombres = {
            "unidad_medida_id": {u.pk: u.clave for u in UnidadMedida.objects.all()},
            "sub_anexo_id": {s.pk: s.clave_anexo for s in self.subanexos.values()},
            "concepto_origen_id": {p.pue.pk: p.codigo for p in self.planes if p.pue is not None},
        }
        registros: list[tuple] = []
        filas_cambiadas: set[int] = set()
        pues = _Lote()
        for plan in self.planes:
            valores = {**plan.valores, "unidad_medida_id": unidades[plan.unidad].pk}
            if plan.pue is None:
                plan.pue = pues.nuevo(ConceptoMaestro(**valores, activo=not plan.anexo))
                plan.creada = True
                continue
            if plan.anexo or plan.convertida_en is not None:
                valores["activo"] = False
            if cambios := self._aplicar(plan.pue, valores, pues):
                filas_cambiadas.add(plan.fila)
                registros.append((plan.pue, cambios, f"Actualizada por importación de «{origen}», fila {plan.fila}"))
        # Deactivations first: a converted PUE must leave its code before its ordinary line takes it.
        pues.guardar()
        registros += [
            (p.pue, None, f"Creada por importación de «{origen}», fila {p.fila}") for p in self.planes if p.creada
        ]
        ordinarias = _Lote()
        for plan in (p for p in self.planes if p.anexo):
            self.nombres["concepto_origen_id"][plan.pue.pk] = plan.codigo
            valores = {
                **{a: v for a, v in plan.valores.items() if a in COPIADOS_A_LA_ORDINARIA},
                "descripcion": _colapsar(plan.valores["descripcion"]),
                "unidad_medida_id": unidades[plan.unidad].pk,
                "id_tipo_partida_id": TipoId.PARTIDA_ORDINARIA.value,
                "sub_anexo_id": self.subanexos[plan.anexo].pk,
                "partida_ordinaria": plan.partida,
                "concepto_origen_id": plan.pue.pk,
            }
            detalle = f"PUE «{plan.codigo}» ya convertida, importación de «{origen}», fila {plan.fila}"
            if plan.ordinaria is None:
                plan.ordinaria = ordinarias.nuevo(ConceptoMaestro(**valores, activo=True))
                filas_cambiadas.add(plan.fila)
                registros.append((plan.ordinaria, None, f"Partida ordinaria creada: {detalle}"))
            elif cambios := self._aplicar(plan.ordinaria, valores, ordinarias):
                filas_cambiadas.add(plan.fila)
                registros.append((plan.ordinaria, cambios, f"Partida ordinaria actualizada: {detalle}"))
        ordinarias.guardar()
        creadas = {p.fila for p in self.planes if p.creada}
        actualizadas = filas_cambiadas - creadas
        self.informe.creadas += len(creadas)
        self.informe.actualizadas += len(actualizadas)
        self.informe.sin_cambios += len(self.planes) - len(creadas) - len(actualizadas)
        if ordinarias.nuevas:
            self.informe.otros_creados["Partidas ordinarias creadas (PUEs ya convertidas)"] = len(ordinarias.nuevas)
        actividad_registrar_lote(
            usuario=usuario,
            entidad=ENTIDAD_CONCEPTO,
            evento=Evento.IMPORTAR,
            registros=[(c.pk, cambios, detalle) for c, cambios, detalle in registros],
        )

    def _aplicar(self, concepto: ConceptoMaestro, valores: dict, lote: "_Lote") -> dict:
        """Set the values that differ; the changes as readable before/after pairs for the activity log."""
        cambios = {}
        for atributo, valor in valores.items():
            anterior = getattr(concepto, atributo)
            if anterior != valor:
                setattr(concepto, atributo, valor)
                lote.campos.add(atributo)
                nombres = self.nombres.get(atributo)
                if nombres is not None:
                    anterior, valor = nombres.get(anterior, anterior), nombres.get(valor, valor)
                cambios[atributo.removesuffix("_id")] = (anterior, valor)
        if cambios:
            lote.cambiadas.append(concepto)
        return cambios

    def _crear_unidades(self, usuario) -> dict[str, UnidadMedida]:
        unidades = dict(self.unidades)
        nuevas = {clave: unidad_nueva(texto) for clave, texto in sorted(self.unidades_faltantes.items())}
        UnidadMedida.objects.bulk_create(list(nuevas.values()))
        unidades.update(nuevas)
        self._registrar(usuario, "Unidad de medida", list(nuevas.values()), "Unidades creadas por revisar")
        return unidades

    def _crear_contenedores(self, usuario) -> None:
        """The contract (with `crear_faltantes`), its Anexo C and the sub-anexos the converted PUEs go to."""
        if self.contrato is None and self.numero_contrato:
            self.contrato = Contrato.objects.create(
                numero_contrato=self.numero_contrato, cliente_id=ClienteId.PEMEX, descripcion=COMENTARIO_POR_REVISAR
            )
            self._registrar(usuario, "Contrato", [self.contrato], "Contratos creados por revisar")
        anexos = sorted({p.anexo for p in self.planes if p.anexo})
        if anexos and self.anexo_c is None:
            self.anexo_c = AnexoContrato.objects.create(
                contrato=self.contrato, clave=CLAVE_ANEXO_C, tipo=TipoAnexo.FINANCIERO, descripcion=DESCRIPCION_ANEXO_C
            )
            self._registrar(usuario, "Anexo de contrato", [self.anexo_c], "Anexos C creados")
        descripcion = "Generado por importación de PUEs ya convertidas"
        faltan = [SubAnexo(anexo_maestro=self.anexo_c, clave_anexo=a, descripcion=descripcion) for a in anexos]
        faltan = [s for s in faltan if s.clave_anexo not in self.subanexos]
        SubAnexo.objects.bulk_create(faltan)
        self.subanexos.update({s.clave_anexo: s for s in faltan})
        self._registrar(usuario, "Sub-anexo", faltan, "Sub-anexos creados")

    def _registrar(self, usuario, entidad: str, creados: list, conteo: str) -> None:
        """Count and log the rows created besides the concepts (units, contract, Anexo C, sub-anexos)."""
        if creados:
            self.informe.otros_creados[conteo] = len(creados)
            actividad_registrar_lote(
                usuario=usuario,
                entidad=entidad,
                evento=Evento.IMPORTAR,
                registros=[(o.pk, None, COMENTARIO_POR_REVISAR) for o in creados],
            )
