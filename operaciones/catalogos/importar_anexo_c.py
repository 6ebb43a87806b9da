"""Import of the contract's price catalogue (ANEXO_C_CONTRATO.xlsx, reference §5.1): parse → validate → write → report.

Rules (issue 4, item 2):
- the contract is created when missing (client PEMEX, or `cliente` by name), with one AnexoContrato "C"
  (FINANCIERO) and one SubAnexo per ANEXO value as written, upper-cased (`C-2`, `C-4-1`);
- every sheet whose header row (found by name in its first rows) has ANEXO and PARTIDA is a detail sheet; the
  summary sheet has neither and is skipped; the anexo title row (PARTIDA without UNIDAD nor amounts) and the
  heading rows (no PARTIDA nor UNIDAD) are skipped, and reading stops at the TOTAL row;
- partida codes stay text as written (`4.10.`; a numeric cell 4.4 is `4.4`); the identity of a concept is
  (sub-anexo, partida, descripción with its whitespace collapsed), because codes repeat inside a sheet;
- units are matched after normalising them (`unidades.py`); quantities and prices are Decimal;
- each sheet's TOTAL row is compared per currency with the sum of its lines: a difference over one cent is a
  warning naming the sheet (the sample has two), never an error;
- all or nothing; a re-run updates only what differs and logs each change; `simulacro` rolls everything back.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django import forms
from django.db import DataError, IntegrityError

from core.actividad import actividad_registrar_lote
from core.importacion import (
    FILAS_BUSQUEDA_ENCABEZADO,
    ArchivoInvalido,
    CampoCodigo,
    CampoDecimal,
    CampoTexto,
    Columna,
    FilaExcel,
    InformeImportacion,
    Problema,
    TablaExcel,
    Ubicacion,
    ValorInvalido,
    abrir_libro,
    ejecutar_escritura,
    es_vacio,
    leer_codigo,
    normalizar_encabezado,
    tabla_de_filas,
    ubicar_columnas,
    validar_fila,
)
from core.models import Evento
from core.money import formato_moneda, redondear_centavos

from .constantes import CLAVE_ANEXO_C, DESCRIPCION_ANEXO_C, ClienteId, TipoId
from .models import AnexoContrato, Cliente, ConceptoMaestro, Contrato, SubAnexo, TipoAnexo, UnidadMedida
from .unidades import mapa_unidades, normalizar_unidad, unidad_nueva

COMENTARIO_POR_REVISAR = "Creado por importar_anexo_c: revisar"
ENTIDAD_CONCEPTO = "Concepto del catálogo"
TOLERANCIA_TOTAL = Decimal("0.01")
# Quantities and prices must fit their columns (max_digits - decimal_places integer digits).
MAXIMO_CANTIDAD = Decimal(10) ** 14
CADA = 100  # progress is reported every this many rows

COLUMNAS = (
    Columna("anexo", ("ANEXO",), requerida=True),
    Columna("partida", ("PARTIDA",), requerida=True),
    Columna("concepto", ("CONCEPTO", "DESCRIPCION", "DESCRIPCION DEL CONCEPTO"), requerida=True),
    Columna("unidad", ("UNIDAD", "UNIDAD DE MEDIDA"), requerida=True),
    Columna(
        "cantidad", ("CANTIDADES DE REFERENCIA", "CANTIDAD DE REFERENCIA", "CANTIDAD", "CANTIDADES"), requerida=True
    ),
    Columna("precio_unitario_mn", ("P.U. MN", "P.U. M.N.", "P.U. MXN", "PU MN", "PRECIO UNITARIO MN"), requerida=True),
    Columna("precio_unitario_usd", ("P.U. USD", "P.U. U.S.D.", "PU USD", "PRECIO UNITARIO USD"), requerida=True),
    Columna("importe_mn", ("M.N.", "MN", "IMPORTE M.N.", "IMPORTE MN")),
    Columna("importe_usd", ("U.S.D.", "USD", "IMPORTE USD", "IMPORTE U.S.D.")),
    Columna("categoria", ("ID PADRE",)),
    Columna("subcategoria", ("ID MADRE",)),
    Columna("clasificacion", ("ID HIJO",)),
)
COLUMNAS_DETALLE = ("anexo", "partida")  # a sheet whose header has these is a detail sheet
MONTOS = ("cantidad", "precio_unitario_mn", "precio_unitario_usd", "importe_mn", "importe_usd")
# Line amount column, the unit price it comes from, and its currency.
IMPORTES = (("importe_mn", "precio_unitario_mn", "MXN"), ("importe_usd", "precio_unitario_usd", "USD"))
NIVELES = ("categoria", "subcategoria", "clasificacion")
PRECIOS = ("precio_unitario_mn", "precio_unitario_usd")
# Fields of a concept the file decides; a re-run writes only those that differ.
CAMPOS_ACTUALIZABLES = ("descripcion", "unidad_medida", "cantidad", *PRECIOS, *NIVELES)

Reportar = Callable[[int, int], None]


def colapsar(texto) -> str:
    """Text with every run of blanks (non-breaking spaces and line breaks too) as one space, trimmed."""
    return " ".join(str(texto or "").split())


class CampoCantidad(CampoDecimal):
    """A quantity or unit price: not negative, fits its column (14 integer digits); blank is 0."""

    def __init__(self, *, decimales: int):
        super().__init__(min_value=Decimal(0), decimales=decimales)

    def validate(self, value):
        super().validate(value)
        if value is not None and value >= MAXIMO_CANTIDAD:
            raise forms.ValidationError(f"valor fuera de rango «{value}» (máximo 14 dígitos enteros)", code="rango")

    def clean(self, value):
        limpio = super().clean(value)
        return Decimal(0) if limpio is None else limpio


class FilaConceptoForm(forms.Form):
    """One item row of a detail sheet: code as text, amounts as non-negative Decimal, heading levels."""

    anexo = CampoCodigo(max_length=SubAnexo._meta.get_field("clave_anexo").max_length, required=True)
    partida = CampoCodigo(max_length=ConceptoMaestro._meta.get_field("partida_ordinaria").max_length, required=True)
    concepto = CampoTexto(required=True)
    unidad = CampoTexto(max_length=50, required=True)
    cantidad = CampoCantidad(decimales=6)
    precio_unitario_mn = CampoCantidad(decimales=4)
    precio_unitario_usd = CampoCantidad(decimales=4)
    importe_mn = CampoDecimal(min_value=Decimal(0))
    importe_usd = CampoDecimal(min_value=Decimal(0))
    categoria = CampoTexto(max_length=500)
    subcategoria = CampoTexto(max_length=500)
    clasificacion = CampoTexto(max_length=500)


@dataclass
class Linea:
    """A valid item row, as it will be written."""

    hoja: str
    fila: int
    anexo: str
    identidad: tuple[str, str, str]
    valores: dict
    clave_unidad: str

    def importe(self, precio: str) -> Decimal:
        return redondear_centavos(self.valores["cantidad"] * self.valores[precio])


@dataclass
class Destino:
    """Where the catalogue goes: the contract (existing or to create) and, for a new one, its client."""

    numero: str
    contrato: Contrato | None = None
    cliente: Cliente | None = None
    cliente_nuevo: str = ""


def importar_anexo_c(
    archivo,
    *,
    contrato: str,
    cliente: str | None = None,
    simulacro: bool = False,
    crear_faltantes: bool = False,
    reportar: Reportar | None = None,
    usuario=None,
    nombre_archivo: str = "",
) -> InformeImportacion:
    """Import the contract workbook (a path or an open file) into contract `contrato`: all or nothing."""
    informe = InformeImportacion(simulacro=simulacro)
    try:
        hojas = leer_hojas_detalle(archivo, informe)
    except ArchivoInvalido as exc:
        informe.error(str(exc))
        return informe
    importador = _ImportadorAnexoC(informe, crear_faltantes, reportar or (lambda *_: None), hojas)
    importador.resolver_destino(contrato, cliente)
    importador.validar()
    origen = nombre_archivo or getattr(archivo, "name", "") or (archivo if isinstance(archivo, str | Path) else "")
    origen = Path(str(origen)).name or "archivo subido"
    try:
        ejecutar_escritura(informe, lambda: importador.escribir(usuario, origen), simulacro=simulacro)
    except (IntegrityError, DataError):
        informe.error("La base de datos rechazó los datos (registro duplicado o fuera de rango); no se escribió nada.")
        informe.creadas = informe.actualizadas = informe.sin_cambios = 0
        informe.otros_creados.clear()
    return informe


# --- Reading the workbook ---------------------------------------------------------------------------------------


def _encabezado(filas: list[tuple]) -> tuple[int, dict[str, Ubicacion]] | None:
    """The first row naming ANEXO and PARTIDA, with every known column found in it; None for other sheets."""
    for i, fila in enumerate(filas):
        ubicaciones = ubicar_columnas(fila, COLUMNAS)
        if all(c in ubicaciones for c in COLUMNAS_DETALLE):
            return i, ubicaciones
    return None


def leer_hojas_detalle(archivo, informe: InformeImportacion) -> list[TablaExcel]:
    """Every detail sheet of the workbook as a table; a detail sheet missing a required column is an error."""
    libro = abrir_libro(archivo)
    tablas = []
    try:
        for hoja in libro.worksheets:
            filas = [tuple(f) for f in hoja.iter_rows(values_only=True)]
            encontrado = _encabezado(filas[:FILAS_BUSQUEDA_ENCABEZADO])
            if encontrado is None:
                continue  # the summary sheet (Anexo C-CR) and any sheet that is not a catalogue
            indice, ubicaciones = encontrado
            faltan = [c.nombres[0] for c in COLUMNAS if c.requerida and c.campo not in ubicaciones]
            if faltan:
                informe.error(
                    f"La hoja «{hoja.title}» no tiene las columnas requeridas: {', '.join(faltan)}.", fila=indice + 1
                )
                continue
            tablas.append(tabla_de_filas(hoja.title, filas, indice, ubicaciones))
    finally:
        libro.close()
    if not tablas and not informe.hay_errores:
        raise ArchivoInvalido(
            "El libro no tiene hojas de detalle del Anexo C (encabezados ANEXO, PARTIDA, CONCEPTO, UNIDAD, "
            "CANTIDADES DE REFERENCIA, P.U. MN y P.U. USD en sus primeras filas)."
        )
    return tablas


def _es_total(celdas: tuple) -> bool:
    # Only short texts can say TOTAL: normalising every long description would double the reading time.
    return any(isinstance(v, str) and len(v) < 20 and normalizar_encabezado(v).rstrip(":") == "TOTAL" for v in celdas)


# --- Validation and writing -------------------------------------------------------------------------------------


class _ImportadorAnexoC:
    def __init__(self, informe: InformeImportacion, crear_faltantes: bool, reportar: Reportar, tablas):
        self.informe = informe
        self.crear_faltantes = crear_faltantes
        self.reportar = reportar
        self.tablas = tablas
        self.total = 2 * sum(len(t.filas) for t in tablas)
        self.hechos = 0
        self.lineas: dict[tuple, Linea] = {}
        self.titulos: dict[str, str] = {}
        self.importes: dict[str, Counter] = {}  # sub-anexo → Σ round(cantidad × P.U., 2) per amount field
        self.unidades_nuevas: dict[str, UnidadMedida] = {}

    def _avanzar(self) -> None:
        self.hechos += 1
        if self.hechos % CADA == 0:
            self.reportar(self.hechos, self.total)

    # --- destination ------------------------------------------------------------------------------------------

    def resolver_destino(self, numero: str, cliente: str | None) -> None:
        numero = colapsar(numero)
        self.destino = Destino(numero)
        largo = Contrato._meta.get_field("numero_contrato").max_length
        if not numero or len(numero) > largo:
            self.informe.error(f"Indique el número de contrato (--contrato, hasta {largo} caracteres).")
            return
        self.destino.contrato = Contrato.objects.select_related("cliente").filter(numero_contrato=numero).first()
        nombre = colapsar(cliente)
        existente = self.destino.contrato
        if existente is not None:
            if nombre and existente.cliente.descripcion.casefold() != nombre.casefold():
                self.informe.advertencia(
                    f"El contrato «{numero}» ya existe con el cliente «{existente.cliente}»; se conserva."
                )
            return
        if not nombre:
            self.destino.cliente = Cliente.objects.filter(pk=ClienteId.PEMEX).first()
            if self.destino.cliente is None:
                self.informe.error("No existe el cliente PEMEX: ejecute seed_catalogos o indique --cliente.")
            return
        clientes = [
            c for c in Cliente.objects.order_by("-activo", "pk") if c.descripcion.casefold() == nombre.casefold()
        ]
        if clientes:
            self.destino.cliente = clientes[0]
        elif self.crear_faltantes:
            self.destino.cliente_nuevo = nombre
        else:
            self.informe.error(f"Cliente desconocido «{nombre}»: créelo antes o use --crear-faltantes.")

    # --- validation -------------------------------------------------------------------------------------------

    def validar(self) -> None:
        self.unidades = mapa_unidades(incluir_inactivas=True)
        for tabla in self.tablas:
            # Problema has no sheet: collect the sheet's problems apart and name the sheet in each message.
            informe = InformeImportacion()
            self._validar_hoja(tabla, informe)
            for origen, destino in ((informe.errores, self.informe.errores),
                                    (informe.advertencias, self.informe.advertencias)):  # fmt: skip
                destino.extend(
                    Problema(f"{p.mensaje} (hoja «{tabla.hoja}»)", p.fila, p.columna, p.encabezado) for p in origen
                )

    def _validar_hoja(self, tabla: TablaExcel, informe: InformeImportacion) -> None:
        sumas = Counter()  # the sheet's lines, as the file states their amounts, for its TOTAL row
        total = None
        for fila in tabla.filas:
            self._avanzar()
            valores = tabla.valores(fila)
            # An item described as "Total" is not the TOTAL row: that one has neither PARTIDA nor UNIDAD.
            if es_vacio(valores.get("partida")) and es_vacio(valores.get("unidad")) and _es_total(fila.celdas):
                total = fila
                break
            if es_vacio(valores.get("unidad")) and all(es_vacio(valores.get(c)) for c in MONTOS):
                # Heading rows carry no PARTIDA; the anexo title row has PARTIDA (2, "C-4-1") but no unit/amounts.
                if not es_vacio(valores.get("partida")):
                    self._titulo(valores)
                continue
            validada = validar_fila(FilaConceptoForm(data=valores), tabla, fila, informe)
            if validada is None:
                continue
            datos = validada.datos
            for campo, precio, _ in IMPORTES:
                declarado = datos[campo]
                sumas[campo] += (
                    redondear_centavos(datos["cantidad"] * datos[precio]) if declarado is None else declarado
                )
            linea = self._linea(tabla, fila, datos, informe)
            if linea is not None and self._registrar(linea, informe):
                importes = self.importes.setdefault(linea.anexo, Counter())
                for campo, precio, _ in IMPORTES:
                    importes[campo] += linea.importe(precio)
        if total is not None:
            self._comparar_total(tabla, total, sumas, informe)

    def _titulo(self, valores: dict) -> None:
        """The anexo title row names its sub-anexo (description of a new one)."""
        try:
            anexo = leer_codigo(valores.get("anexo"))
        except ValorInvalido:
            return
        if anexo:
            self.titulos.setdefault(colapsar(anexo).upper(), colapsar(valores.get("concepto")))

    def _linea(self, tabla, fila, datos: dict, informe: InformeImportacion) -> Linea | None:
        clave = normalizar_unidad(datos["unidad"])
        unidad = self.unidades.get(clave)
        if unidad is None and not self.crear_faltantes:
            informe.error(
                f"unidad desconocida «{datos['unidad']}»: créela en el catálogo o use --crear-faltantes",
                **tabla.lugar(fila.numero, "unidad"),
            )
            return None
        if unidad is not None and not unidad.activo:
            informe.error(f"la unidad «{unidad}» está inactiva: reactívela", **tabla.lugar(fila.numero, "unidad"))
            return None
        if unidad is None:
            self.unidades_nuevas.setdefault(clave, unidad_nueva(datos["unidad"]))
        anexo = colapsar(datos["anexo"]).upper()
        descripcion = datos["concepto"]
        valores = {
            "partida_ordinaria": datos["partida"],
            "descripcion": descripcion,
            "cantidad": datos["cantidad"],
            "precio_unitario_mn": datos["precio_unitario_mn"],
            "precio_unitario_usd": datos["precio_unitario_usd"],
            **{nivel: colapsar(datos[nivel]) for nivel in NIVELES},
        }
        linea = Linea(tabla.hoja, fila.numero, anexo, (anexo, datos["partida"], colapsar(descripcion)), valores, clave)
        for campo, precio, _ in IMPORTES:
            declarado, calculado = datos[campo], linea.importe(precio)
            if declarado is not None and abs(declarado - calculado) > TOLERANCIA_TOTAL:
                informe.advertencia(
                    f"el importe {declarado} no es cantidad × P.U. redondeado ({calculado})",
                    **tabla.lugar(fila.numero, campo),
                )
        return linea

    def _registrar(self, linea: Linea, informe: InformeImportacion) -> bool:
        """Keep the line unless its identity is already in the file: same data is a warning, other data an error."""
        previa = self.lineas.get(linea.identidad)
        if previa is None:
            self.lineas[linea.identidad] = linea
            return True
        donde = f"fila {previa.fila} de la hoja «{previa.hoja}»"
        mismos = previa.valores == linea.valores and previa.clave_unidad == linea.clave_unidad
        if mismos:
            informe.advertencia(f"repite la partida «{linea.identidad[1]}» de la {donde}; se ignora", fila=linea.fila)
        else:
            informe.error(
                f"la partida «{linea.identidad[1]}» con la misma descripción ya está en la {donde} con otros datos",
                fila=linea.fila,
            )
        return False

    def _comparar_total(self, tabla: TablaExcel, total: FilaExcel, sumas: dict, informe) -> None:
        for campo, _, moneda in IMPORTES:
            ubicacion = tabla.ubicacion(campo)
            if ubicacion is None:
                continue
            celda = total.celdas[ubicacion.indice] if ubicacion.indice < len(total.celdas) else None
            try:
                declarado = FilaConceptoForm.base_fields[campo].to_python(celda) or Decimal(0)
            except forms.ValidationError as exc:
                informe.advertencia(f"TOTAL ilegible: {exc.messages[0]}", **tabla.lugar(total.numero, campo))
                continue
            if abs(declarado - sumas[campo]) > TOLERANCIA_TOTAL:
                informe.advertencia(
                    f"el TOTAL {moneda} ({formato_moneda(declarado, moneda)}) no coincide con la suma de las líneas "
                    f"de la hoja ({formato_moneda(sumas[campo], moneda)}); se importan las líneas",
                    **tabla.lugar(total.numero, campo),
                )

    # --- writing ----------------------------------------------------------------------------------------------

    def escribir(self, usuario, origen: str) -> None:
        actividad: list[tuple[str, Evento, list]] = []
        anexo = self._anexo(actividad)
        subanexos = self._subanexos(anexo, actividad)
        unidades = self._unidades(actividad)
        existentes = self._existentes(subanexos.values())
        nuevos, cambiados, campos, registros = [], [], set(), []
        for linea in self.lineas.values():
            self._avanzar()
            valores = {**linea.valores, "unidad_medida": unidades[linea.clave_unidad]}
            actual = existentes.get(linea.identidad)
            detalle = f"Importado de «{origen}», hoja «{linea.hoja}», fila {linea.fila}"
            if actual is None:
                concepto = ConceptoMaestro(
                    sub_anexo=subanexos[linea.anexo], id_tipo_partida_id=TipoId.PARTIDA_ORDINARIA, **valores
                )
                nuevos.append(concepto)
                registros.append((concepto, None, detalle))
                continue
            cambios = {
                c: (getattr(actual, c), valores[c]) for c in CAMPOS_ACTUALIZABLES if getattr(actual, c) != valores[c]
            }
            if not cambios:
                self.informe.sin_cambios += 1
                continue
            for campo, (_, valor) in cambios.items():
                setattr(actual, campo, valor)
            cambiados.append(actual)
            campos.update(cambios)
            registros.append((actual, cambios, detalle))
        ConceptoMaestro.objects.bulk_create(nuevos, batch_size=500)
        if cambiados:
            ConceptoMaestro.objects.bulk_update(cambiados, sorted(campos), batch_size=500)
        self.informe.creadas, self.informe.actualizadas = len(nuevos), len(cambiados)
        self._importes(subanexos, actividad)
        actividad.append((ENTIDAD_CONCEPTO, Evento.IMPORTAR, registros))
        for entidad, evento, filas in actividad:
            actividad_registrar_lote(
                usuario=usuario,
                entidad=entidad,
                evento=evento,
                registros=[(obj.pk, cambios, detalle) for obj, cambios, detalle in filas],
            )
        self.reportar(self.total, self.total)

    def _contrato(self, actividad: list) -> Contrato:
        destino = self.destino
        if destino.contrato is not None:
            return destino.contrato
        cliente = destino.cliente
        if cliente is None:
            cliente = Cliente.objects.create(
                descripcion=destino.cliente_nuevo, id_tipo_id=TipoId.CLIENTE_CONTRATO, comentario=COMENTARIO_POR_REVISAR
            )
            self.informe.otros_creados["Clientes creados por revisar"] += 1
            actividad.append(("Cliente", Evento.CREAR, [(cliente, None, COMENTARIO_POR_REVISAR)]))
        contrato = Contrato.objects.create(numero_contrato=destino.numero, cliente=cliente)
        self.informe.otros_creados["Contratos creados"] += 1
        actividad.append(("Contrato", Evento.CREAR, [(contrato, None, "Creado por importar_anexo_c")]))
        return contrato

    def _anexo(self, actividad: list) -> AnexoContrato:
        contrato = self._contrato(actividad)
        anexo, creado = AnexoContrato.objects.get_or_create(
            contrato=contrato,
            clave=CLAVE_ANEXO_C,
            defaults={"tipo": TipoAnexo.FINANCIERO, "descripcion": DESCRIPCION_ANEXO_C},
        )
        if creado:
            self.informe.otros_creados["Anexos C creados"] += 1
            actividad.append(("Anexo de contrato", Evento.CREAR, [(anexo, None, "Creado por importar_anexo_c")]))
        return anexo

    def _subanexos(self, anexo: AnexoContrato, actividad: list) -> dict[str, SubAnexo]:
        por_clave = {s.clave_anexo.strip().upper(): s for s in SubAnexo.objects.filter(anexo_maestro=anexo)}
        claves = sorted({linea.anexo for linea in self.lineas.values()})
        nuevos = [
            SubAnexo(anexo_maestro=anexo, clave_anexo=clave, descripcion=self.titulos.get(clave, ""))
            for clave in claves
            if clave not in por_clave
        ]
        SubAnexo.objects.bulk_create(nuevos)
        if nuevos:
            self.informe.otros_creados["Sub-anexos creados"] = len(nuevos)
            actividad.append(("Sub-anexo", Evento.CREAR, [(s, None, "Creado por importar_anexo_c") for s in nuevos]))
        por_clave.update({s.clave_anexo: s for s in nuevos})
        return por_clave

    def _unidades(self, actividad: list) -> dict[str, UnidadMedida]:
        nuevas = list(self.unidades_nuevas.values())
        UnidadMedida.objects.bulk_create(nuevas)
        if nuevas:
            self.informe.otros_creados["Unidades de medida creadas por revisar"] = len(nuevas)
            actividad.append(("Unidad de medida", Evento.CREAR, [(u, None, COMENTARIO_POR_REVISAR) for u in nuevas]))
        return {**self.unidades, **self.unidades_nuevas}

    def _existentes(self, subanexos) -> dict[tuple, ConceptoMaestro]:
        """Ordinary concepts of these sub-anexos by identity; of duplicates, the active one with the lowest id."""
        por_identidad: dict[tuple, ConceptoMaestro] = {}
        conceptos = (
            ConceptoMaestro.objects.filter(sub_anexo__in=list(subanexos), id_tipo_partida=TipoId.PARTIDA_ORDINARIA)
            .select_related("sub_anexo", "unidad_medida")
            .order_by("-activo", "pk")
        )
        sobrantes = Counter()
        for concepto in conceptos:
            clave = concepto.sub_anexo.clave_anexo.strip().upper()
            identidad = (clave, concepto.partida_ordinaria, colapsar(concepto.descripcion))
            por_identidad.setdefault(identidad, concepto)
            if concepto.activo and identidad not in self.lineas:
                sobrantes[clave] += 1
        for clave, cantidad in sorted(sobrantes.items()):
            self.informe.advertencia(
                f"El sub-anexo {clave} tiene {cantidad} concepto(s) activo(s) que no están en el archivo; se conservan."
            )
        return por_identidad

    def _importes(self, subanexos: dict[str, SubAnexo], actividad: list) -> None:
        """Each sub-anexo's amounts = Σ round(quantity × unit price, 2) of its lines in the file, per currency."""
        cambiados, registros = [], []
        for clave, importes in self.importes.items():
            subanexo = subanexos[clave]
            cambios = {
                campo: (getattr(subanexo, campo), importes[campo])
                for campo, _, _ in IMPORTES
                if getattr(subanexo, campo) != importes[campo]
            }
            if not subanexo.descripcion and self.titulos.get(clave):
                cambios["descripcion"] = ("", self.titulos[clave])
            if cambios:
                for campo, (_, valor) in cambios.items():
                    setattr(subanexo, campo, valor)
                cambiados.append(subanexo)
                registros.append((subanexo, cambios, "Importes recalculados por importar_anexo_c"))
        SubAnexo.objects.bulk_update(cambiados, ["importe_mn", "importe_usd", "descripcion"])
        if registros:
            actividad.append(("Sub-anexo", Evento.IMPORTAR, registros))
