/* The day page's POB, consumables and incidents tabs (templates/costa_fuera/dia/_pob.html, _consumibles.html,
 * _incidencias.html). Every write goes through SASCOP.post and answers the JSON envelope; after a save the page is
 * reloaded on the same tab so every figure shown comes from the server (totals, balances, later days).
 * Texts from the user are only ever put in through textContent / value.
 */
(function (window, document) {
  "use strict";

  var SASCOP = window.SASCOP;
  var CLAVE_PESTANA = "costa_fuera.recursos.pestana";

  function recargar(elemento) {
    var panel = elemento && elemento.closest(".tab-pane");
    try {
      if (panel && panel.id) { window.sessionStorage.setItem(CLAVE_PESTANA, panel.id); }
    } catch (e) { /* storage disabled: the page reloads on its first tab */ }
    window.location.reload();
  }

  function volverAPestana() {
    var id;
    try {
      id = window.sessionStorage.getItem(CLAVE_PESTANA);
      window.sessionStorage.removeItem(CLAVE_PESTANA);
    } catch (e) { return; }
    if (!id || !window.bootstrap || !window.bootstrap.Tab) { return; }
    var boton = document.querySelector("[data-bs-target=\"#" + id + "\"], a[href=\"#" + id + "\"]");
    if (boton) { window.bootstrap.Tab.getOrCreateInstance(boton).show(); }
  }

  function tras(boton, promesa, alTerminar) {
    boton.disabled = true;
    return promesa.then(function (envelope) {
      SASCOP.aviso(envelope);
      if (envelope.exito && alTerminar) { alTerminar(envelope); }
      return envelope;
    }).finally(function () { boton.disabled = false; });
  }

  /* --- POB ------------------------------------------------------------------------------------------------------ */

  function iniciarPob() {
    var panel = document.getElementById("pob-panel");
    if (!panel || !panel.dataset.editable) { return; }
    var cuerpoTabla = document.getElementById("pob-filas");
    var plantilla = document.getElementById("pob-fila-plantilla");
    var capacidad = panel.dataset.capacidad ? Number(panel.dataset.capacidad) : null;

    function filas() {
      return Array.prototype.map.call(cuerpoTabla.querySelectorAll("tr.pob-fila"), function (tr) {
        return {
          compania: tr.querySelector("[name=compania]").value,
          categoria: tr.querySelector("[name=categoria]").value,
          cantidad: tr.querySelector("[name=cantidad]").value === "" ? null : Number(tr.querySelector("[name=cantidad]").value)
        };
      });
    }

    function actualizarTotal() {
      var total = filas().reduce(function (suma, f) { return suma + (isFinite(f.cantidad) && f.cantidad > 0 ? f.cantidad : 0); }, 0);
      document.getElementById("pob-total").textContent = String(total);
      document.getElementById("pob-total-tabla").textContent = String(total);
      if (capacidad !== null) {
        // Same rule as the server: a capacity of 0 means no one may board (0 % empty, 100 % with anyone).
        var porcentaje = capacidad > 0 ? Math.round(total * 1000 / capacidad) / 10 : (total > 0 ? 100 : 0);
        var barra = document.getElementById("pob-barra");
        barra.style.width = Math.min(porcentaje, 100) + "%";
        barra.classList.remove("bg-danger", "bg-warning", "bg-success");
        barra.classList.add(total > capacidad ? "bg-danger" : porcentaje >= 90 ? "bg-warning" : "bg-success");
        document.getElementById("pob-porcentaje").textContent = String(porcentaje);
        document.getElementById("pob-excede").hidden = total <= capacidad;
      }
    }

    function agregar() {
      var fila = plantilla.content.firstElementChild.cloneNode(true);
      cuerpoTabla.appendChild(fila);
      fila.querySelector("[name=compania]").focus();
    }

    document.getElementById("pob-agregar").addEventListener("click", agregar);
    cuerpoTabla.addEventListener("input", actualizarTotal);
    cuerpoTabla.addEventListener("click", function (evento) {
      var boton = evento.target.closest(".pob-quitar");
      if (!boton) { return; }
      boton.closest("tr").remove();
      actualizarTotal();
    });
    document.getElementById("pob-guardar").addEventListener("click", function (evento) {
      var boton = evento.currentTarget;
      tras(boton, SASCOP.post(panel.dataset.url, { filas: JSON.stringify(filas()) }), function () { recargar(panel); });
    });
    if (!cuerpoTabla.querySelector("tr.pob-fila")) { agregar(); }
  }

  /* --- Consumables ---------------------------------------------------------------------------------------------- */

  function numero(form, nombre) {
    var valor = form.querySelector("[name=" + nombre + "]").value;
    return valor === "" ? 0 : Number(valor);
  }

  function iniciarConsumibles() {
    var panel = document.getElementById("consumibles-panel");
    if (!panel || !panel.dataset.editable) { return; }
    var formato = new Intl.NumberFormat("es-MX", { minimumFractionDigits: 3, maximumFractionDigits: 3 });
    panel.querySelectorAll("form.consumible-form").forEach(function (form) {
      // A preview only: the server computes the balance again and is the one that counts.
      form.addEventListener("input", function () {
        var actual = numero(form, "existencia_anterior") + numero(form, "suministro") - numero(form, "consumo") - numero(form, "trasiego");
        var salida = form.querySelector(".consumible-actual");
        salida.textContent = isFinite(actual) ? formato.format(actual) : "";
        salida.classList.toggle("text-danger", actual < 0);
      });
      form.addEventListener("submit", function (evento) {
        evento.preventDefault();
        var datos = SASCOP.valoresFormulario(form);
        var anterior = form.querySelector("[name=existencia_anterior]");
        if (anterior && anterior.readOnly) { delete datos.existencia_anterior; }
        tras(form.querySelector("[type=submit]"), SASCOP.post(panel.dataset.url, datos).then(function (envelope) {
          SASCOP.mostrarErrores(form, envelope.exito ? {} : envelope.errores);
          return envelope;
        }), function () { recargar(panel); });
      });
    });
  }

  /* --- Incidents ------------------------------------------------------------------------------------------------ */

  function iniciarIncidencias() {
    var panel = document.getElementById("incidencias-panel");
    if (!panel) { return; }
    var form = document.getElementById("incidencia-form");
    var urlGuardar = panel.dataset.urlCrear;
    var creaOculto = form ? form.hidden : true;

    function modoCrear() {
      if (!form) { return; }
      form.reset();
      urlGuardar = panel.dataset.urlCrear;
      document.getElementById("incidencia-form-titulo").textContent = "Registrar incidencia";
      document.getElementById("incidencia-cancelar").hidden = true;
      form.hidden = creaOculto;
      SASCOP.mostrarErrores(form, {});
    }

    if (form) {
      form.addEventListener("submit", function (evento) {
        evento.preventDefault();
        var datos = {
          tipo: form.elements.tipo.value,
          severidad: form.elements.severidad.value,
          descripcion: form.elements.descripcion.value,
          visible_cliente: form.elements.visible_cliente.checked
        };
        tras(form.querySelector("[type=submit]"), SASCOP.post(urlGuardar, datos).then(function (envelope) {
          SASCOP.mostrarErrores(form, envelope.exito ? {} : envelope.errores);
          return envelope;
        }), function () { recargar(panel); });
      });
      document.getElementById("incidencia-cancelar").addEventListener("click", modoCrear);
    }

    panel.addEventListener("click", function (evento) {
      var editar = evento.target.closest(".incidencia-editar");
      if (editar && form) {
        form.hidden = false;
        form.elements.tipo.value = editar.dataset.tipo;
        form.elements.severidad.value = editar.dataset.severidad;
        form.elements.descripcion.value = editar.dataset.descripcion;
        form.elements.visible_cliente.checked = editar.dataset.visible === "1";
        urlGuardar = editar.dataset.url;
        document.getElementById("incidencia-form-titulo").textContent = "Editar incidencia";
        document.getElementById("incidencia-cancelar").hidden = false;
        form.scrollIntoView({ behavior: "smooth", block: "start" });
        return;
      }
      var borrar = evento.target.closest(".incidencia-borrar");
      if (borrar) {
        if (!window.confirm("¿Eliminar la incidencia y sus fotos? Esta acción no se puede deshacer.")) { return; }
        tras(borrar, SASCOP.post(borrar.dataset.url, {}), function () { recargar(panel); });
        return;
      }
      var quitarFoto = evento.target.closest(".foto-borrar");
      if (quitarFoto) {
        if (!window.confirm("¿Quitar esta foto de la incidencia?")) { return; }
        tras(quitarFoto, SASCOP.post(quitarFoto.dataset.url, {}), function () { recargar(panel); });
      }
    });

    panel.addEventListener("submit", function (evento) {
      var fotoForm = evento.target.closest(".foto-form");
      if (!fotoForm) { return; }
      evento.preventDefault();
      var archivo = fotoForm.querySelector("[name=foto]");
      if (!archivo.files.length) {
        SASCOP.aviso({ exito: false, tipo_aviso: "error", detalles: "Elija la foto que desea subir." });
        return;
      }
      var datos = new FormData();
      datos.append("foto", archivo.files[0]);
      tras(fotoForm.querySelector("[type=submit]"), SASCOP.post(fotoForm.dataset.url, datos), function () { recargar(panel); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    iniciarPob();
    iniciarConsumibles();
    iniciarIncidencias();
    volverAPestana();
  });
})(window, document);
