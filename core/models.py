"""Cross-cutting models: the activity log, login attempts, background jobs and the module list."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Evento(models.TextChoices):
    CREAR = "CREAR", "Crear"
    ACTUALIZAR = "ACTUALIZAR", "Actualizar"
    ELIMINAR = "ELIMINAR", "Eliminar"
    REACTIVAR = "REACTIVAR", "Reactivar"
    CAMBIO_ESTATUS = "CAMBIO_ESTATUS", "Cambio de estatus"
    IMPORTAR = "IMPORTAR", "Importar"


class RegistroActividad(models.Model):
    """Audit trail, written only by services on the server: who changed which field of what, before/after."""

    registro_id = models.BigIntegerField("id del registro", null=True, blank=True)
    evento = models.CharField(max_length=20, choices=Evento.choices)
    campo = models.CharField(max_length=100, blank=True, default="")
    valor_anterior = models.TextField(blank=True, default="")
    valor_actual = models.TextField(blank=True, default="")
    afectacion = models.CharField("entidad", max_length=100)
    fecha = models.DateTimeField(auto_now_add=True)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_column="usuario_id_id",
        related_name="actividades",
    )
    tabla_log = models.PositiveSmallIntegerField(null=True, blank=True)
    detalle = models.TextField(blank=True, default="")

    class Meta:
        db_table = "registro_actividad"
        verbose_name = "registro de actividad"
        verbose_name_plural = "registro de actividad"
        ordering = ["-fecha", "-id"]
        indexes = [
            models.Index(fields=["-fecha"], name="actividad_fecha_idx"),
            models.Index(fields=["afectacion", "registro_id"], name="actividad_entidad_idx"),
            models.Index(fields=["usuario", "-fecha"], name="actividad_usuario_idx"),
            models.Index(fields=["evento", "-fecha"], name="actividad_evento_idx"),
        ]
        constraints = [models.CheckConstraint(condition=Q(evento__in=Evento.values), name="actividad_evento_valido")]

    def __str__(self):
        return f"{self.fecha:%Y-%m-%d %H:%M} {self.evento} {self.afectacion} {self.registro_id}"


class IntentoAcceso(models.Model):
    """A failed login, kept for the lockout rule (failures per user name and address in a window)."""

    usuario = models.CharField("usuario o correo", max_length=254)
    ip = models.GenericIPAddressField(null=True, blank=True)
    fecha = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "core_intento_acceso"
        verbose_name = "intento de acceso fallido"
        verbose_name_plural = "intentos de acceso fallidos"
        ordering = ["-fecha"]
        indexes = [models.Index(fields=["usuario", "ip", "fecha"], name="intento_usuario_ip_idx")]

    def __str__(self):
        return f"{self.usuario} desde {self.ip} ({self.fecha:%Y-%m-%d %H:%M})"


class EstadoTrabajo(models.TextChoices):
    PENDIENTE = "PENDIENTE", "Pendiente"
    EN_PROCESO = "EN_PROCESO", "En proceso"
    TERMINADO = "TERMINADO", "Terminado"
    ERROR = "ERROR", "Con errores"


class TrabajoSegundoPlano(models.Model):
    """A long import or export run in the background; the browser polls it to draw a progress bar."""

    tipo = models.CharField(max_length=60)
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trabajos")
    estado = models.CharField(max_length=12, choices=EstadoTrabajo.choices, default=EstadoTrabajo.PENDIENTE)
    avance = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    parametros = models.JSONField(default=dict, blank=True)
    resultado = models.JSONField(default=dict, blank=True)
    archivo = models.FileField(upload_to="trabajos/%Y/%m/", blank=True)
    mensaje = models.TextField(blank=True, default="")
    fecha_creacion = models.DateTimeField(auto_now_add=True)
    fecha_fin = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "core_trabajo"
        verbose_name = "trabajo en segundo plano"
        verbose_name_plural = "trabajos en segundo plano"
        ordering = ["-fecha_creacion"]
        indexes = [models.Index(fields=["usuario", "-fecha_creacion"], name="trabajo_usuario_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(estado__in=EstadoTrabajo.values), name="trabajo_estado_valido")
        ]

    def __str__(self):
        return f"{self.tipo} ({self.get_estado_display()})"


class Modulo(models.Model):
    app_name = models.CharField(max_length=50, unique=True)
    nombre = models.CharField(max_length=100)
    descripcion = models.TextField(blank=True, default="")
    activo = models.BooleanField(default=True)
    orden = models.PositiveSmallIntegerField(default=0)
    icono = models.CharField(max_length=50, blank=True, default="")

    class Meta:
        db_table = "core_modulo"
        permissions = [("ver_reportes", "Puede usar el centro de reportes")]
        verbose_name = "módulo"
        verbose_name_plural = "módulos"
        ordering = ["orden"]

    def __str__(self):
        return self.nombre
