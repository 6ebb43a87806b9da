"""Persons on board (POB) of a vessel's day, by company and category (issue 9 §3).

Rules kept here, in one place:
- The day's rows are saved together (the list replaces the previous one): company and category are trimmed and
  required, the head count is a whole number from 0 to CANTIDAD_MAXIMA; the same company and category twice
  (compared without case or repeated spaces) is refused naming both rows.
- The total may not exceed the vessel's capacity (Sitio.capacidad_pob) when it has one. This is a refusal, not a
  warning: the capacity is what the lifeboats, rafts and accommodation are certified for, and a daily report that
  records more people than that is either wrong or documents an unsafe day that must be dealt with, not filed.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.actividad import actividad_registrar
from core.models import Evento

from . import reglas
from .models import PersonalABordo

ENTIDAD_POB = "Personal a bordo"
# A sane upper bound for one company × category row and for the number of rows of a day.
CANTIDAD_MAXIMA = 999
RENGLONES_MAXIMOS = 200
LARGO_COMPANIA = PersonalABordo._meta.get_field("compania").max_length
LARGO_CATEGORIA = PersonalABordo._meta.get_field("categoria").max_length


def _clave(texto: str) -> str:
    return " ".join(texto.split()).casefold()


def _texto(fila: dict, campo: str, etiqueta: str, largo: int, numero: int) -> str:
    valor = fila.get(campo)
    if valor is None:
        valor = ""
    if not isinstance(valor, str):
        raise ValidationError({"filas": f"Renglón {numero}: la {etiqueta} debe ser texto."})
    valor = " ".join(valor.split())
    if not valor:
        raise ValidationError({"filas": f"Renglón {numero}: indique la {etiqueta}."})
    if len(valor) > largo:
        raise ValidationError({"filas": f"Renglón {numero}: la {etiqueta} admite a lo más {largo} caracteres."})
    return valor


def _cantidad(valor, numero: int) -> int:
    mensaje = f"Renglón {numero}: la cantidad debe ser un número entero de 0 a {CANTIDAD_MAXIMA}."
    if isinstance(valor, bool):
        raise ValidationError({"filas": mensaje})
    if isinstance(valor, float) and valor.is_integer():
        valor = int(valor)
    if isinstance(valor, str) and valor.strip().isdigit():
        valor = int(valor.strip())
    if not isinstance(valor, int) or not 0 <= valor <= CANTIDAD_MAXIMA:
        raise ValidationError({"filas": mensaje})
    return valor


def pob_validar(filas) -> list[dict]:
    """The rows cleaned (trimmed texts, integer counts) or ValidationError under `filas` naming the row."""
    if not isinstance(filas, list):
        raise ValidationError({"filas": "El personal a bordo debe ser una lista de renglones."})
    if len(filas) > RENGLONES_MAXIMOS:
        raise ValidationError({"filas": f"El personal a bordo admite a lo más {RENGLONES_MAXIMOS} renglones."})
    limpias, vistas = [], {}
    for numero, fila in enumerate(filas, start=1):
        if not isinstance(fila, dict):
            raise ValidationError({"filas": f"Renglón {numero}: debe traer compañía, categoría y cantidad."})
        compania = _texto(fila, "compania", "compañía", LARGO_COMPANIA, numero)
        categoria = _texto(fila, "categoria", "categoría", LARGO_CATEGORIA, numero)
        cantidad = _cantidad(fila.get("cantidad"), numero)
        clave = (_clave(compania), _clave(categoria))
        if clave in vistas:
            raise ValidationError(
                {
                    "filas": (
                        f"Los renglones {vistas[clave]} y {numero} repiten la compañía «{compania}» con la categoría "
                        f"«{categoria}»: sume su personal en un solo renglón."
                    )
                }
            )
        vistas[clave] = numero
        limpias.append({"compania": compania, "categoria": categoria, "cantidad": cantidad})
    return limpias


def mensaje_capacidad(total: int, capacidad: int) -> str:
    return f"El personal a bordo ({total}) excede la capacidad de la embarcación ({capacidad})."


def pob_guardar(*, reporte_id: int, filas, usuario) -> list[PersonalABordo]:
    """Replace the day's POB with `filas` ({compania, categoria, cantidad}); total within the vessel's capacity."""
    limpias = pob_validar(filas)
    total = sum(f["cantidad"] for f in limpias)
    with transaction.atomic():
        reporte = reglas.reporte_para_editar(reporte_id)
        capacidad = reporte.embarcacion.capacidad_pob
        if capacidad is not None and total > capacidad:
            raise ValidationError({"filas": mensaje_capacidad(total, capacidad)})
        previas = list(reporte.pob.order_by("compania", "categoria"))
        antes = {(p.compania, p.categoria): p.cantidad for p in previas}
        despues = {(f["compania"], f["categoria"]): f["cantidad"] for f in limpias}
        if antes == despues:
            return previas
        reporte.pob.all().delete()
        nuevas = PersonalABordo.objects.bulk_create([PersonalABordo(reporte=reporte, **f) for f in limpias])
        cambios = {}
        for clave in sorted(antes.keys() | despues.keys()):
            if antes.get(clave) != despues.get(clave):
                cambios[f"{clave[0]} · {clave[1]}"[:100]] = (antes.get(clave, ""), despues.get(clave, ""))
        actividad_registrar(
            usuario=usuario,
            entidad=ENTIDAD_POB,
            registro_id=reporte.pk,
            evento=Evento.ACTUALIZAR,
            cambios=cambios,
            detalle=f"Reporte {reglas.descripcion_reporte(reporte)}: total {sum(antes.values())} → {total}",
        )
    return nuevas
