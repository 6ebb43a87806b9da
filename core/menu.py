"""The sidebar: every module with the permission that shows it. One list, used by the layout and by tests."""

from dataclasses import dataclass


@dataclass(frozen=True)
class EntradaMenu:
    clave: str
    titulo: str
    url_name: str
    icono: str
    permiso: str | None  # None = any logged-in user; "staff" = Django admin access


MENU = (
    EntradaMenu("inicio", "Inicio", "core:inicio", "bi-house", None),
    EntradaMenu("pte", "PTE", "pte:inicio", "bi-file-earmark-text", "pte.view_pteheader"),
    EntradaMenu("ot", "Órdenes de trabajo", "ot:inicio", "bi-clipboard-check", "ot.view_ote"),
    EntradaMenu("produccion", "Producción", "produccion:inicio", "bi-bar-chart-steps", "produccion.view_produccion"),
    EntradaMenu(
        "estimaciones", "Estimaciones", "estimaciones:inicio", "bi-receipt", "estimaciones.view_estimacionheader"
    ),
    EntradaMenu(
        "cronograma", "Cronogramas", "cronograma:inicio", "bi-calendar-range", "cronograma.view_cronogramaversion"
    ),
    EntradaMenu("consulta", "Centro de consulta", "consulta:inicio", "bi-graph-up", "pte.view_centro_consulta"),
    EntradaMenu(
        "costa_fuera",
        "Costa fuera",
        "costa_fuera:inicio",
        "bi-water",
        "costa_fuera.view_reportediarioembarcacion",
    ),
    EntradaMenu("reportes", "Reportes", "reportes:inicio", "bi-file-earmark-spreadsheet", "core.ver_reportes"),
    EntradaMenu("catalogos", "Catálogos", "catalogos:inicio", "bi-journal-bookmark", "catalogos.view_tipo"),
    EntradaMenu(
        "actividad", "Registro de actividad", "core:actividad", "bi-clock-history", "core.view_registroactividad"
    ),
    EntradaMenu("admin", "Administración", "admin:index", "bi-gear", "staff"),
)


def puede_ver(user, entrada: EntradaMenu) -> bool:
    if not user.is_authenticated:
        return False
    if entrada.permiso is None:
        return True
    if entrada.permiso == "staff":
        return user.is_active and user.is_staff
    return user.has_perm(entrada.permiso)


def menu_para(user) -> list[EntradaMenu]:
    return [e for e in MENU if puede_ver(user, e)]
