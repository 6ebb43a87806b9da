"""Validation step of the historical OT import (`importar_ot`): every row checked, turned into a plan and linked.

Nothing here writes: it reads the catalogues and existing OTs once and leaves `planes` and `faltantes` for the
writing step (importar_ot_escritura.py).
"""

from collections import defaultdict

from core.importacion import FilaValidada, leer_codigo, validar_fila
from core.money import redondear_centavos
from operaciones.catalogos.constantes import ClienteId, EstatusId, EstatusRegistro, FrenteId, TipoId

from .importar_ot_filas import (
    ATRIBUTO,
    CATEGORIA_SITIO,
    FECHAS,
    MONTOS,
    TEXTOS,
    CatalogosOT,
    Faltantes,
    FilaOTForm,
    PlanOT,
)
from .models import OTE


class _ValidadorOT:
    """Parsed rows → `planes` (valid, deduplicated, linked to their principal) and the references to create."""

    def __init__(self, tabla, informe, crear_faltantes, omitir_invalidos, avance):
        self.tabla = tabla
        self.informe = informe
        self.crear_faltantes = crear_faltantes
        self.omitir_invalidos = omitir_invalidos
        self.avance = avance
        self.faltantes = Faltantes()
        self.planes: list[PlanOT] = []
        self.total = len(tabla.filas) * 2

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
