/* Tab "Producción", the actions around the sheet: add a catalogue concept to the OT, recalculate excess, export the
 * month sheet to Excel and import it back (dry run first; nothing is written when any cell is wrong).
 * Each action reloads the sheet through SASCOP.produccion.hoja when it changed something.
 */
(function (window, document) {
  "use strict";

  var S = window.SASCOP;
  var P = S && S.produccion;
  if (!P || !P.hoja) { return; }
  var el = P.el;

  function actual() { return P.hoja.contexto(); }

  // --- Add a catalogue concept ------------------------------------------------------------------------------

  var botonAgregar = document.getElementById("hoja-agregar");
  var buscar = document.getElementById("concepto-buscar");
  var resultados = document.getElementById("concepto-resultados");
  var estadoBusqueda = document.getElementById("concepto-estado");
  var espera = null;
  var consulta = 0;

  function pintarResultados(lista) {
    resultados.replaceChildren();
    estadoBusqueda.textContent = lista.length ? lista.length + " conceptos encontrados." : "Ningún concepto coincide.";
    lista.forEach(function (c) {
      var item = el("div", "list-group-item d-flex align-items-start gap-3");
      var texto = el("div", "flex-grow-1 small");
      var titulo = el("div", "fw-semibold", c.codigo + (c.anexo ? " · " + c.anexo : "") + " · " + c.unidad);
      texto.appendChild(titulo);
      texto.appendChild(el("div", null, c.descripcion));
      texto.appendChild(el("div", "text-body-secondary", "P.U. " + P.dinero(c.precio_unitario_mn, "MXN") + " · " + P.dinero(c.precio_unitario_usd, "USD")));
      var boton = el("button", "btn btn-sm btn-outline-primary", "Agregar");
      boton.type = "button";
      boton.dataset.concepto = c.id;
      boton.setAttribute("aria-label", "Agregar " + c.codigo);
      item.appendChild(texto);
      item.appendChild(boton);
      resultados.appendChild(item);
    });
  }

  function buscarConceptos() {
    var q = buscar.value.trim();
    if (q.length < 2) {
      resultados.replaceChildren();
      estadoBusqueda.textContent = "Escriba al menos dos caracteres.";
      return;
    }
    var numero = ++consulta;
    estadoBusqueda.textContent = "Buscando…";
    S.getJSON(P.urls.conceptos_buscar, { q: q, limite: 20 }).then(function (json) {
      if (numero === consulta) { pintarResultados(json.resultados || []); }
    }, S.aviso);
  }

  if (botonAgregar) {
    botonAgregar.hidden = !P.urls.vincular;
    botonAgregar.addEventListener("click", function () {
      buscar.value = "";
      pintarResultados([]);
      estadoBusqueda.textContent = "Escriba al menos dos caracteres.";
      P.modal("modal-concepto").show();
    });
    document.getElementById("modal-concepto").addEventListener("shown.bs.modal", function () { buscar.focus(); });
    buscar.addEventListener("input", function () {
      window.clearTimeout(espera);
      espera = window.setTimeout(buscarConceptos, 300);
    });
    resultados.addEventListener("click", function (evento) {
      var boton = evento.target.closest("[data-concepto]");
      if (!boton || !actual()) { return; }
      if (!P.confirmarSalida()) { return; }
      boton.disabled = true;
      P.enviar(P.urls.vincular, { id_ot: actual().ctx.ot.id, id_producto: Number(boton.dataset.concepto) }).then(function (r) {
        S.aviso(r);
        if (!r.exito) { boton.disabled = false; return; }
        boton.textContent = "Agregado";
        P.hoja.recargar();
      });
    });
  }

  // --- Recalculate excess -----------------------------------------------------------------------------------

  var botonRecalcular = document.getElementById("hoja-recalcular");
  if (botonRecalcular) {
    botonRecalcular.hidden = !P.urls.recalcular;
    botonRecalcular.addEventListener("click", function () {
      if (!actual() || !P.confirmarSalida()) { return; }
      botonRecalcular.disabled = true;
      P.enviar(P.urls.recalcular, { id_ot: actual().ctx.ot.id }).then(function (r) {
        botonRecalcular.disabled = false;
        S.aviso(r);
        if (r.exito) {
          P.hoja.recargar();
          P.avisarHojaGuardada();
        }
      });
    });
  }

  // --- Excel ------------------------------------------------------------------------------------------------

  function parametros() {
    var a = actual();
    return { id_ot: a.ctx.ot.id, mes: a.ctx.mes, anio: a.ctx.anio, tipo_tiempo: a.tipo, id_sitio: a.ctx.sitio };
  }

  var exportar = document.getElementById("hoja-exportar");
  exportar.hidden = !P.urls.exportar;
  exportar.addEventListener("click", function (evento) {
    if (!actual()) { evento.preventDefault(); return; }
    // The address is built at click time so it always matches the sheet on screen (month, site, TE/CMA).
    exportar.href = P.urls.exportar + "?" + new URLSearchParams(parametros()).toString();
  });

  var botonImportar = document.getElementById("hoja-importar");
  var formImportar = document.getElementById("form-importar-hoja");
  if (botonImportar) {
    botonImportar.hidden = !P.urls.importar;
    botonImportar.addEventListener("click", function () {
      if (!P.confirmarSalida()) { return; }
      formImportar.reset();
      S.mostrarErrores(formImportar, {});
      document.getElementById("importar-hoja-informe").hidden = true;
      P.modal("modal-importar-hoja").show();
    });
  }

  /* The import's report: counts in `detalles`, then each problem with its Excel row and column. */
  function mostrarInforme(r) {
    var problemas = (Array.isArray(r.errores) ? r.errores : []).map(function (e) { return ["Error", e]; })
      .concat((r.advertencias || []).map(function (a) { return ["Advertencia", a]; }));
    var ok = !!r.exito;
    var titulo = document.getElementById("importar-hoja-estado");
    titulo.textContent = r.detalles || (ok ? "Importado." : "No se importó nada.");
    titulo.className = "fw-semibold mb-1 " + (ok ? "text-success" : "text-danger");
    var lineas = problemas.map(function (p) {
      var e = p[1];
      var lugar = [e.fila ? "fila " + e.fila : "", e.columna ? "columna " + e.columna + (e.encabezado ? " (" + e.encabezado + ")" : "") : ""];
      lugar = lugar.filter(Boolean).join(", ");
      return p[0] + (lugar ? " · " + lugar : "") + ": " + e.mensaje;
    });
    var caja = document.getElementById("importar-hoja-lineas");
    caja.textContent = lineas.join("\n");
    caja.hidden = !lineas.length;
    document.getElementById("importar-hoja-informe").hidden = false;
    return ok;
  }

  if (formImportar) {
    formImportar.addEventListener("submit", function (evento) {
      evento.preventDefault();
      if (!actual()) { return; }
      var datos = new FormData(formImportar);
      var simulacro = document.getElementById("importar-hoja-simulacro").checked;
      datos.set("dry_run", simulacro ? "true" : "");
      var p = parametros();
      Object.keys(p).forEach(function (k) { datos.set(k, p[k]); });
      var enviar = formImportar.querySelector("[type=submit]");
      enviar.disabled = true;
      S.mostrarErrores(formImportar, {});
      P.enviar(P.urls.importar, datos).then(function (r) {
        enviar.disabled = false;
        if (r.errores && !Array.isArray(r.errores)) {
          // A malformed request (no file, wrong parameters): the form's own errors.
          S.mostrarErrores(formImportar, r.errores);
          S.aviso({ exito: false, tipo_aviso: "error", detalles: r.detalles });
          return;
        }
        var ok = mostrarInforme(r);
        if (ok && !simulacro) {
          S.aviso(r);
          P.hoja.recargar();
          P.avisarHojaGuardada();
        }
      });
    });
  }
})(window, document);
