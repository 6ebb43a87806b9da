"""`manage.py importar_anexo_ot OT_ID ARCHIVO`: an OT's annex workbook (see docs/management_commands.md)."""

import argparse
from decimal import Decimal, InvalidOperation

from core.importacion import InformeImportacion
from core.importacion.comando import ComandoImportacion
from core.money import formato_moneda
from operaciones.ot.importar_anexo import ModoImportacionAnexo, anexo_ot_importar, anexo_totales
from operaciones.ot.models import OTE


def tipo_cambio(texto: str) -> Decimal:
    try:
        valor = Decimal(texto)
    except InvalidOperation as exc:
        raise argparse.ArgumentTypeError(f"tipo de cambio inválido «{texto}»") from exc
    if not valor.is_finite() or valor <= 0 or valor != valor.quantize(Decimal("0.0001")):
        raise argparse.ArgumentTypeError(f"tipo de cambio inválido «{texto}»: mayor que 0, a lo sumo 4 decimales")
    return valor


class Command(ComandoImportacion):
    help = (
        "Carga el anexo (Anexo C y volúmenes programados) de una OT contra el catálogo activo. Todo o nada; por "
        "omisión crea una versión nueva y conserva las anteriores; --actualizar modifica la versión activa."
    )

    def add_arguments(self, parser):
        parser.add_argument("ot_id", type=int, help="id de la OT")
        parser.add_argument("archivo", help="ruta del libro .xlsx / .xlsm")
        parser.add_argument(
            "--actualizar",
            action="store_true",
            help="actualiza volúmenes y precios de la versión activa y agrega las partidas nuevas",
        )
        parser.add_argument(
            "--tipo-cambio", type=tipo_cambio, default=None, help="pesos por dólar para el total homologado"
        )
        parser.add_argument("--dry-run", action="store_true", help="valida y reporta sin escribir nada")

    def handle(self, *args, **options):
        ot = OTE.objects.filter(pk=options["ot_id"]).first()
        if ot is None:
            informe = InformeImportacion(simulacro=options["dry_run"])
            informe.error(f"No existe la OT con id {options['ot_id']}.")
            return self.informar(informe)
        modo = ModoImportacionAnexo.ACTUALIZACION if options["actualizar"] else ModoImportacionAnexo.COMPLETA
        resultado = anexo_ot_importar(
            ot=ot,
            archivo=options["archivo"],
            modo=modo,
            tipo_cambio=options["tipo_cambio"],
            simulacro=options["dry_run"],
        )
        extra = []
        if resultado.importacion is not None:
            totales = anexo_totales(resultado.importacion, options["tipo_cambio"])
            linea = (
                f"Versión {resultado.importacion.pk} de la OT {ot}: {totales['lineas']} partidas, "
                f"{formato_moneda(totales['mn'], 'MXN')} + {formato_moneda(totales['usd'], 'USD')}"
            )
            if totales["homologado"] is not None:
                linea += f"; homologado {formato_moneda(totales['homologado'], 'MXN')} (TC {totales['tipo_cambio']})"
            extra.append(linea)
        return self.informar(resultado.informe, extra)
