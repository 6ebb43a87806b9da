"""The rules every write of a vessel's daily report obeys, in one place so no service forgets one."""

from django.core.exceptions import ValidationError

from .models import EstadoReporte, ReporteDiarioEmbarcacion

ENTIDAD_REPORTE = "Reporte diario de embarcación"


def descripcion_reporte(reporte: ReporteDiarioEmbarcacion) -> str:
    return f"{reporte.embarcacion.descripcion} del {reporte.fecha:%d/%m/%Y}"


def exigir_editable(reporte: ReporteDiarioEmbarcacion) -> None:
    """A closed report is a signed record: nothing in it or under it changes until an administrator reopens it."""
    if reporte.estado == EstadoReporte.CERRADO:
        raise ValidationError(
            {
                "reporte": (
                    f"El reporte diario de {descripcion_reporte(reporte)} está cerrado y no admite cambios; "
                    "solo un administrador puede reabrirlo."
                )
            }
        )


def reporte_para_editar(reporte_id: int) -> ReporteDiarioEmbarcacion:
    """The report locked for this transaction (call inside `transaction.atomic`), refused when it is closed.

    Every write service starts here: the row lock orders concurrent writes of the same day, and the state is read
    under the lock, so a report closed a moment ago is not written to.
    """
    reporte = ReporteDiarioEmbarcacion.objects.select_for_update().get(pk=reporte_id)
    reporte.embarcacion  # noqa: B018  (loaded after the lock: PostgreSQL refuses FOR UPDATE over a nullable join)
    exigir_editable(reporte)
    return reporte
