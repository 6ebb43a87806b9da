"""`manage.py enviar_reporte_semanal`: the week's summary by e-mail with its PDF (see docs/management_commands.md)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from reportes.semanal.correo import correo_semanal, destinatarios_configurados
from reportes.semanal.datos import resumen_semanal, semana_anterior

DIAS_MAXIMOS = 366


def _fecha(texto: str, nombre: str) -> date:
    try:
        return date.fromisoformat(texto)
    except ValueError:
        raise CommandError(f"La fecha {nombre} «{texto}» no es válida; use el formato AAAA-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Envía por correo el resumen semanal (actividad, entregables, producción y estimaciones en MXN y USD) con "
        "sus gráficas en PDF. Por omisión, la semana anterior de lunes a domingo en hora de la Ciudad de México. "
        "No envía nada si la semana no tuvo movimientos."
    )

    def add_arguments(self, parser):
        parser.add_argument("--desde", help="primer día del periodo (AAAA-MM-DD)")
        parser.add_argument("--hasta", help="último día del periodo (AAAA-MM-DD)")
        parser.add_argument(
            "--destinatarios",
            help="correos separados por coma; si se omite, los de SASCOP_REPORTE_SEMANAL_DESTINATARIOS o del grupo",
        )

    def handle(self, *args, **options):
        desde, hasta = self._periodo(options["desde"], options["hasta"])
        destinatarios = self._destinatarios(options["destinatarios"])
        resumen = resumen_semanal(desde, hasta)
        periodo = f"del {desde:%d/%m/%Y} al {hasta:%d/%m/%Y}"
        if resumen.vacio:
            self.stdout.write(f"Sin actividad, producción ni estimaciones {periodo}: no se envió ningún correo.")
            return
        enviados = correo_semanal(resumen, destinatarios).send()
        if not enviados:
            raise CommandError("El servidor de correo no aceptó el mensaje.")
        self.stdout.write(self.style.SUCCESS(f"Resumen {periodo} enviado a {', '.join(destinatarios)}."))

    def _periodo(self, texto_desde: str | None, texto_hasta: str | None) -> tuple[date, date]:
        if bool(texto_desde) != bool(texto_hasta):
            raise CommandError("Indique --desde y --hasta juntos, o ninguno para la semana anterior.")
        if not texto_desde:
            return semana_anterior()
        desde, hasta = _fecha(texto_desde, "--desde"), _fecha(texto_hasta, "--hasta")
        if hasta < desde:
            raise CommandError("La fecha --hasta no puede ser anterior a --desde.")
        if (hasta - desde).days >= DIAS_MAXIMOS:
            raise CommandError(f"El periodo no puede pasar de {DIAS_MAXIMOS} días.")
        return desde, hasta

    def _destinatarios(self, texto: str | None) -> list[str]:
        if texto is not None:
            correos = [c.strip() for c in texto.split(",") if c.strip()]
            for correo in correos:
                try:
                    validate_email(correo)
                except ValidationError:
                    raise CommandError(f"«{correo}» no es un correo válido.") from None
        else:
            correos = destinatarios_configurados()
        if not correos:
            raise CommandError(
                "No hay destinatarios: use --destinatarios, configure SASCOP_REPORTE_SEMANAL_DESTINATARIOS o agregue "
                "usuarios activos con correo al grupo SASCOP_REPORTE_SEMANAL_GRUPO."
            )
        return correos
