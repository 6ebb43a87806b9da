/* "Producción propuesta" tab of the vessel's day page (templates/costa_fuera/dia/_propuesta.html).
 *
 * Loads the proposal JSON, renders one table per OT (hours TE / CMA / no cobrables, each day-rate concept with a
 * checkbox and its current → proposed volume per time type), and confirms the checked items after a dialog listing
 * exactly what will be written. The server recomputes the proposal and refuses any value it did not propose.
 * Every text goes in through textContent.
 */
(function (window, document) {
  "use strict";

  var S = window.SASCOP;
  var raiz = document.getElementById("propuesta-produccion");
  if (!raiz || !S) { return; }

  var urlPropuesta = raiz.getAttribute("data-url");
  var urlConfirmar = raiz.getAttribute("data-url-confirmar");
  var puedeConfirmar = raiz.getAttribute("data-puede-confirmar") === "1";
  var contenedor = document.getElementById("propuesta-ots");
  var cargando = document.getElementById("propuesta-cargando");
  var botonConfirmar = document.getElementById("propuesta-confirmar");
  var botonRecargar = document.getElementById("propuesta-recargar");
  var modal = document.getElementById("modal-propuesta");
  var botonAceptar = document.getElementById("propuesta-modal-aceptar");
  var datos = null;
  var pendiente = [];
  // The dialog lives in a tab pane; hung from <body> it is never clipped or hidden with its pane.
  if (modal && modal.parentNode !== document.body) { document.body.appendChild(modal); }

  function el(etiqueta, clase, texto) {
    var e = document.createElement(etiqueta);
    if (clase) { e.className = clase; }
    if (texto !== undefined && texto !== null) { e.textContent = String(texto); }
    return e;
  }

  function celda(fila, texto, clase) {
    var td = el("td", clase, texto === null || texto === undefined || texto === "" ? "—" : texto);
    fila.appendChild(td);
    return td;
  }

  function numero(valor) {
    if (valor === null || valor === undefined || valor === "") { return "—"; }
    var n = Number(valor);
    return isFinite(n) ? n.toLocaleString("es-MX", { maximumFractionDigits: 6 }) : String(valor);
  }

  function resumenHoras(ot) {
    var dl = el("dl", "row small mb-2");
    [["Horas TE", ot.horas_te], ["Horas CMA", ot.horas_cma], ["Horas no cobrables", ot.horas_no_cobrables]].forEach(function (par) {
      dl.appendChild(el("dt", "col-6 col-md-2 fw-normal text-body-secondary", par[0]));
      dl.appendChild(el("dd", "col-6 col-md-2 mb-0 fw-semibold", numero(par[1])));
    });
    return dl;
  }

  function tablaOt(ot, habilitado) {
    var tarjeta = el("div", "card mb-3");
    tarjeta.setAttribute("data-ot", String(ot.ot));
    var cabeza = el("div", "card-header d-flex flex-wrap gap-2 align-items-center");
    cabeza.appendChild(el("strong", null, "OT " + ot.folio));
    if (ot.ots_registradas.length > 1 || (ot.ots_registradas.length === 1 && ot.ots_registradas[0] !== ot.folio)) {
      cabeza.appendChild(el("span", "small text-body-secondary", "Registrada en la bitácora como: " + ot.ots_registradas.join(", ")));
    }
    if (ot.bloqueo) { cabeza.appendChild(el("span", "badge text-bg-secondary", "Día bloqueado: " + ot.bloqueo)); }
    tarjeta.appendChild(cabeza);
    var cuerpo = el("div", "card-body");
    cuerpo.appendChild(resumenHoras(ot));
    if (!ot.conceptos.length) {
      cuerpo.appendChild(el("p", "small text-body-secondary mb-0", "El anexo activo de la OT no tiene conceptos cobrados por día, jornada u hora."));
      tarjeta.appendChild(cuerpo);
      return tarjeta;
    }
    var envoltura = el("div", "table-responsive");
    var tabla = el("table", "table table-sm align-middle mb-0");
    var thead = el("thead");
    var encabezado = el("tr");
    ["", "Concepto", "Descripción", "Unidad", "Tipo", "Actual", "Propuesto"].forEach(function (t, i) {
      var th = el("th", i >= 5 ? "text-end" : null, t);
      th.setAttribute("scope", "col");
      if (i === 0) { th.appendChild(el("span", "visually-hidden", "Elegir")); }
      encabezado.appendChild(th);
    });
    thead.appendChild(encabezado);
    tabla.appendChild(thead);
    var tbody = el("tbody");
    ot.conceptos.forEach(function (concepto) {
      if (!concepto.propuestas.length) {
        var vacia = el("tr");
        celda(vacia, "");
        celda(vacia, concepto.codigo, "text-nowrap");
        celda(vacia, concepto.descripcion, "small");
        celda(vacia, concepto.unidad);
        var td = celda(vacia, "Sin horas cobrables", "small text-body-secondary");
        td.colSpan = 3;
        tbody.appendChild(vacia);
        return;
      }
      concepto.propuestas.forEach(function (p) {
        var fila = el("tr", p.sin_cambio ? "text-body-secondary" : null);
        var tdCaja = el("td");
        var caja = el("input", "form-check-input propuesta-elegir");
        caja.type = "checkbox";
        caja.checked = habilitado && !p.sin_cambio;
        caja.disabled = !habilitado;
        caja.setAttribute("aria-label", "Elegir " + concepto.codigo + " " + p.tipo_tiempo);
        caja.dataset.ot = String(ot.ot);
        caja.dataset.folio = ot.folio;
        caja.dataset.concepto = String(concepto.id_partida_imp);
        caja.dataset.codigo = concepto.codigo;
        caja.dataset.tipo = p.tipo_tiempo;
        caja.dataset.volumen = p.propuesto;
        caja.dataset.actual = p.actual || "";
        tdCaja.appendChild(caja);
        fila.appendChild(tdCaja);
        celda(fila, concepto.codigo, "text-nowrap");
        celda(fila, concepto.descripcion, "small");
        celda(fila, concepto.unidad);
        celda(fila, p.tipo_tiempo).title = p.tipo_tiempo_texto;
        celda(fila, numero(p.actual), "text-end");
        celda(fila, numero(p.propuesto) + (p.sin_cambio ? " (sin cambio)" : ""), "text-end fw-semibold");
        tbody.appendChild(fila);
      });
    });
    tabla.appendChild(tbody);
    envoltura.appendChild(tabla);
    cuerpo.appendChild(envoltura);
    tarjeta.appendChild(cuerpo);
    return tarjeta;
  }

  function elegidos() {
    return Array.prototype.map.call(contenedor.querySelectorAll(".propuesta-elegir:checked"), function (caja) {
      return {
        ot: Number(caja.dataset.ot), concepto: Number(caja.dataset.concepto), tipo_tiempo: caja.dataset.tipo,
        volumen: caja.dataset.volumen, folio: caja.dataset.folio, codigo: caja.dataset.codigo, actual: caja.dataset.actual
      };
    });
  }

  function actualizarBoton() {
    if (botonConfirmar) { botonConfirmar.disabled = !(datos && datos.confirmable && elegidos().length); }
  }

  function pintar(respuesta) {
    datos = respuesta;
    cargando.hidden = true;
    contenedor.replaceChildren();
    var habilitado = puedeConfirmar && respuesta.confirmable;
    var sinOt = document.getElementById("propuesta-sin-ot");
    sinOt.hidden = !Number(respuesta.minutos_sin_ot);
    sinOt.textContent = sinOt.hidden ? "" : "Horas registradas sin OT (no se proponen): " + numero(respuesta.horas_sin_ot) + ".";
    document.getElementById("propuesta-vacia").hidden = respuesta.ots.length > 0;
    respuesta.ots.forEach(function (ot) { contenedor.appendChild(tablaOt(ot, habilitado && !ot.bloqueo)); });
    actualizarBoton();
  }

  function cargar() {
    cargando.hidden = false;
    cargando.textContent = "Cargando la propuesta…";
    return S.getJSON(urlPropuesta).then(pintar, function (envelope) {
      cargando.textContent = (envelope && envelope.detalles) || "No fue posible obtener la propuesta.";
      S.aviso(envelope);
    });
  }

  function abrirConfirmacion() {
    pendiente = elegidos();
    if (!pendiente.length) { return; }
    document.getElementById("propuesta-modal-sitio").textContent = datos.reporte.embarcacion;
    document.getElementById("propuesta-modal-fecha").textContent = datos.reporte.fecha_texto;
    var tbody = modal.querySelector("#propuesta-modal-tabla tbody");
    tbody.replaceChildren();
    pendiente.forEach(function (item) {
      var fila = el("tr");
      celda(fila, item.folio, "text-nowrap");
      celda(fila, item.codigo, "text-nowrap");
      celda(fila, item.tipo_tiempo);
      celda(fila, numero(item.actual), "text-end");
      celda(fila, numero(item.volumen), "text-end fw-semibold");
      tbody.appendChild(fila);
    });
    window.bootstrap.Modal.getOrCreateInstance(modal).show();
  }

  function confirmar() {
    var seleccion = pendiente.map(function (i) {
      return { ot: i.ot, concepto: i.concepto, tipo_tiempo: i.tipo_tiempo, volumen: i.volumen };
    });
    botonAceptar.disabled = true;
    S.post(urlConfirmar, { seleccion: JSON.stringify(seleccion) }).then(function (envelope) {
      S.aviso(envelope);
      if (envelope.exito) {
        window.bootstrap.Modal.getOrCreateInstance(modal).hide();
        cargar();
      }
    }).finally(function () { botonAceptar.disabled = false; });
  }

  contenedor.addEventListener("change", function (evento) {
    if (evento.target.classList.contains("propuesta-elegir")) { actualizarBoton(); }
  });
  if (botonConfirmar) { botonConfirmar.addEventListener("click", abrirConfirmacion); }
  if (botonAceptar) { botonAceptar.addEventListener("click", confirmar); }
  botonRecargar.addEventListener("click", cargar);
  cargar();
})(window, document);
