/* Catalogue screens: one script for every catalogue. The page hands its configuration as JSON
 * (#configuracion-catalogo: columns, editable fields, the user's permissions) and its URLs as data-* attributes.
 * Row values are rendered as escaped text by SASCOP.tabla; the action buttons carry only the numeric id. */
(function () {
  "use strict";

  function urlConId(plantilla, id) {
    return plantilla.replace(/\/0\/$/, "/" + encodeURIComponent(id) + "/");
  }

  function valoresFiltro(formulario) {
    const datos = {};
    new FormData(formulario).forEach(function (valor, clave) {
      if (String(valor).trim() !== "") {
        datos[clave] = valor;
      }
    });
    return datos;
  }

  function botonesAcciones(fila, puede) {
    const id = Number(fila.id);
    if (!Number.isInteger(id)) {
      return "";
    }
    const botones = [];
    if (puede.change && fila.activo) {
      botones.push('<button type="button" class="btn btn-sm btn-outline-primary" data-accion="editar" data-id="' + id +
        '" title="Editar"><i class="bi bi-pencil" aria-hidden="true"></i><span class="visually-hidden">Editar</span></button>');
    }
    if (puede.delete && fila.activo) {
      botones.push('<button type="button" class="btn btn-sm btn-outline-danger" data-accion="eliminar" data-id="' + id +
        '" title="Desactivar"><i class="bi bi-trash" aria-hidden="true"></i><span class="visually-hidden">Desactivar</span></button>');
    }
    if (puede.delete && !fila.activo) {
      botones.push('<button type="button" class="btn btn-sm btn-outline-success" data-accion="reactivar" data-id="' + id +
        '" title="Reactivar"><i class="bi bi-arrow-counterclockwise" aria-hidden="true"></i><span class="visually-hidden">Reactivar</span></button>');
    }
    return '<div class="btn-group">' + botones.join("") + "</div>";
  }

  function limpiarErrores(formulario) {
    formulario.querySelectorAll(".is-invalid").forEach(function (el) { el.classList.remove("is-invalid"); });
    formulario.querySelectorAll("[data-errores]").forEach(function (el) { el.textContent = ""; });
    const generales = formulario.querySelector("#errores-generales");
    generales.textContent = "";
    generales.classList.add("d-none");
  }

  function mostrarErrores(formulario, errores) {
    Object.keys(errores || {}).forEach(function (campo) {
      const mensajes = (errores[campo] || []).join(" ");
      const control = formulario.elements.namedItem(campo);
      const destino = formulario.querySelector('[data-errores="' + CSS.escape(campo) + '"]');
      if (control && destino) {
        control.classList.add("is-invalid");
        destino.textContent = mensajes;
      } else {
        const generales = formulario.querySelector("#errores-generales");
        generales.textContent = (generales.textContent + " " + mensajes).trim();
        generales.classList.remove("d-none");
      }
    });
  }

  function llenarFormulario(formulario, campos, registro) {
    campos.forEach(function (campo) {
      const control = formulario.elements.namedItem(campo);
      if (!control) {
        return;
      }
      const valor = registro ? registro[campo] : null;
      if (control.type === "checkbox") {
        control.checked = Boolean(valor);
      } else {
        control.value = valor === null || valor === undefined ? "" : String(valor);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const tablaHtml = document.getElementById("tabla-catalogo");
    const nodoConfiguracion = document.getElementById("configuracion-catalogo");
    if (!tablaHtml || !nodoConfiguracion || !window.SASCOP) {
      return;
    }
    const S = window.SASCOP;
    const config = JSON.parse(nodoConfiguracion.textContent);
    const urls = tablaHtml.dataset;
    const filtros = document.getElementById("filtros-catalogo");
    const formulario = document.getElementById("form-catalogo");
    const modalHtml = document.getElementById("modal-catalogo");
    const modal = window.bootstrap ? window.bootstrap.Modal.getOrCreateInstance(modalHtml) : null;
    const titulo = document.getElementById("modal-catalogo-titulo");
    let idEditando = null;

    const columnas = config.columnas.slice();
    if (config.puede.change || config.puede.delete) {
      columnas.push({
        data: "id",
        titulo: "Acciones",
        orden: false,
        render: function (_valor, tipo, fila) {
          return tipo === "display" ? botonesAcciones(fila, config.puede) : "";
        },
      });
    }
    const tabla = S.tabla("#tabla-catalogo", {
      url: urls.url,
      columnas: columnas,
      filtros: function () { return valoresFiltro(filtros); },
    });
    filtros.addEventListener("change", function () { tabla.ajax.reload(); });

    function abrir(registro) {
      limpiarErrores(formulario);
      formulario.reset();
      idEditando = registro ? registro.id : null;
      llenarFormulario(formulario, config.campos, registro);
      titulo.textContent = (registro ? "Editar " : "Nuevo registro: ") + config.titulo_singular;
      if (modal) {
        modal.show();
      }
    }

    function tras(envelope, alTerminar) {
      S.aviso(envelope);
      if (envelope && envelope.exito) {
        if (alTerminar) {
          alTerminar();
        }
        tabla.ajax.reload(null, false);
      }
    }

    const botonNuevo = document.getElementById("boton-nuevo");
    if (botonNuevo) {
      botonNuevo.addEventListener("click", function () { abrir(null); });
    }

    formulario.addEventListener("submit", function (evento) {
      evento.preventDefault();
      limpiarErrores(formulario);
      const url = idEditando === null ? urls.urlCrear : urlConId(urls.urlEditar, idEditando);
      const alFallar = function (envelope) {
        mostrarErrores(formulario, envelope && envelope.errores);
        S.aviso(envelope);
      };
      S.post(url, new FormData(formulario)).then(function (envelope) {
        if (envelope && envelope.exito) {
          tras(envelope, function () { if (modal) { modal.hide(); } });
        } else {
          alFallar(envelope);
        }
      }, alFallar);
    });

    tablaHtml.addEventListener("click", function (evento) {
      const boton = evento.target.closest("button[data-accion]");
      if (!boton) {
        return;
      }
      const id = boton.dataset.id;
      const accion = boton.dataset.accion;
      if (accion === "editar") {
        S.getJSON(urlConId(urls.urlObtener, id), {}).then(function (envelope) {
          abrir(envelope.registro);
        }, S.aviso);
        return;
      }
      const pregunta = accion === "eliminar"
        ? "¿Desactivar este registro? Dejará de aparecer en las listas, pero conserva su historial."
        : "¿Reactivar este registro?";
      if (!window.confirm(pregunta)) {
        return;
      }
      const url = accion === "eliminar" ? urls.urlEliminar : urls.urlReactivar;
      S.post(url, { id: id }).then(function (envelope) { tras(envelope); }, S.aviso);
    });
  });
})();
