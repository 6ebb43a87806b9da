/* Tab "Producción": the month sheet of the chosen OT family at the chosen site (concepts × days), TE or CMA.
 *
 * Under each input, in grey, the programmed volume. Days the server reports as blocked (signed daily report, outside
 * the validity window) are read-only with their reason as a tooltip; excess cells are red. "Guardar" sends ONE
 * guardar_produccion_masiva request with the rows that changed; a 400 answer's errors
 * ("partidas[i].valores[d]") are put back on their cells. Amounts come from the server as strings; the homologado
 * at the typed exchange rate is computed here with exact decimal arithmetic (BigInt), rounded half up to cents.
 */
(function (window, document) {
  "use strict";

  var S = window.SASCOP;
  var P = S && S.produccion;
  if (!P) { return; }
  var el = P.el;

  var contenido = document.getElementById("hoja-contenido");
  var sinOt = document.getElementById("hoja-sin-ot");
  var tabla = document.getElementById("tabla-hoja");
  var estadoTexto = document.getElementById("hoja-estado");
  var botonGuardar = document.getElementById("hoja-guardar");
  var panelErrores = document.getElementById("hoja-errores");
  var inTc = document.getElementById("hoja-tipo-cambio");
  var puedeCapturar = !!(P.permisos.capturar && P.urls.guardar_hoja);
  var VALOR_VALIDO = /^\d{1,9}(\.\d{1,6})?$/;
  var CLAVE_TC = "sascop.produccion.tipo_cambio";

  var estado = { ctx: null, tipo: "TE", datos: null, matriz: [], pedido: 0, guardando: false, vigente: false };

  // --- Values -----------------------------------------------------------------------------------------------

  /* What the user typed, as the server should read it: blanks → "", "1,234.5" (thousands) → "1234.5". */
  function limpiar(texto) {
    var t = String(texto === null || texto === undefined ? "" : texto).trim();
    if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) { t = t.replace(/,/g, ""); }
    return t;
  }

  function mismoValor(a, b) {
    var x = limpiar(a);
    var y = limpiar(b);
    if (x === y) { return true; }
    if (VALOR_VALIDO.test(x) && VALOR_VALIDO.test(y)) { return P.normalizado(P.dec(x)) === P.normalizado(P.dec(y)); }
    return false;
  }

  function celdaDe(input) { return estado.datos.partidas[Number(input.dataset.f)].dias[Number(input.dataset.d) - 1]; }

  function original(input) {
    var celda = celdaDe(input);
    return celda && celda.valor !== null && celda.valor !== undefined ? String(celda.valor) : "";
  }

  function hayCambios() { return !!(estado.datos && tabla.querySelector("td.hoja-sucia")); }

  function actualizarBoton() {
    if (botonGuardar) { botonGuardar.disabled = estado.guardando || !hayCambios(); }
  }

  // --- Rendering --------------------------------------------------------------------------------------------

  function motivos() {
    var mapa = {};
    (estado.datos.dias_bloqueados || []).forEach(function (b) { mapa[b.dia] = b.motivo; });
    return mapa;
  }

  function cabecera(ctx, diasMes, bloqueos) {
    var tr = el("tr");
    [["Partida", "prod-fija text-start"], ["Descripción", "prod-fija-2 text-start"], ["Unidad"], ["Vol. autorizado"],
      ["Acum. anterior"]].forEach(function (c) {
      var th = el("th", c[1] || null, c[0]);
      th.scope = "col";
      tr.appendChild(th);
    });
    for (var d = 1; d <= diasMes; d++) {
      var th = el("th", "prod-dia" + (bloqueos[d] ? " prod-dia-bloqueado" : "") + (P.esHoy(ctx.anio, ctx.mes, d) ? " prod-dia-hoy" : ""));
      th.scope = "col";
      th.dataset.dia = d;
      th.appendChild(document.createTextNode(String(d)));
      if (bloqueos[d]) {
        th.title = "Día " + d + ": " + bloqueos[d];
        th.appendChild(el("i", "bi bi-lock-fill ms-1"));
      }
      th.appendChild(el("small", null, P.letraDia(ctx.anio, ctx.mes, d)));
      tr.appendChild(th);
    }
    ["Total mes", "Importe M.N.", "Importe USD", "GPU"].forEach(function (t) {
      var th = el("th", null, t);
      th.scope = "col";
      tr.appendChild(th);
    });
    return tr;
  }

  function filaSubtotal(p, diasMes) {
    var tr = el("tr", "hoja-subtotal");
    var td = el("td", "prod-fija", p.anexo || "S/A");
    tr.appendChild(td);
    tr.appendChild(el("td", "prod-fija-2", p.descripcion));
    tr.appendChild(el("td"));
    tr.appendChild(el("td"));
    tr.appendChild(el("td"));
    var clave = estado.tipo === "CMA" ? "cma" : "te";
    for (var d = 1; d <= diasMes; d++) {
      var dia = p.dias[d - 1] || {};
      var celda = el("td", "prod-num", P.esCero(P.dec(dia[clave] || "0")) ? "" : P.cantidad(dia[clave]));
      if (dia.programado && !P.esCero(P.dec(dia.programado))) { celda.appendChild(el("span", "hoja-prog", P.cantidad(dia.programado))); }
      tr.appendChild(celda);
    }
    tr.appendChild(el("td", "prod-num", P.cantidad(p.acumulado_mes)));
    tr.appendChild(el("td", "prod-num", P.dinero(p.monto_mn, "MXN")));
    tr.appendChild(el("td", "prod-num", P.dinero(p.monto_usd, "USD")));
    tr.appendChild(el("td"));
    return tr;
  }

  function insigniaGpu(texto) {
    var clase = texto === "BLOQUEADO" ? "text-bg-danger" : texto === "AUTORIZADO" ? "text-bg-success" : "text-bg-light border";
    return el("span", "badge " + clase, texto || "");
  }

  function filaPartida(p, f, diasMes, bloqueos) {
    var tr = el("tr");
    tr.dataset.f = f;
    var codigo = el("td", "prod-fija fw-semibold text-nowrap", p.codigo);
    codigo.title = "Anexo " + (p.anexo || "S/A");
    tr.appendChild(codigo);
    var desc = el("td", "prod-fija-2");
    var texto = el("span", "hoja-descripcion", p.descripcion);
    texto.title = p.descripcion;
    desc.appendChild(texto);
    tr.appendChild(desc);
    tr.appendChild(el("td", "small text-nowrap", p.unidad));
    tr.appendChild(el("td", "prod-num", P.cantidad(p.volumen_autorizado)));
    tr.appendChild(el("td", "prod-num", P.cantidad(p.acumulado_previo)));
    var fila = [];
    for (var d = 1; d <= diasMes; d++) {
      var dia = p.dias[d - 1];
      var td = el("td", "hoja-dia");
      if (dia) {
        var bloqueado = !!dia.bloqueado;
        if (bloqueado) {
          td.classList.add("hoja-bloqueada");
          td.title = bloqueos[d] || "Día bloqueado";
        }
        if (dia.es_excedente) {
          td.classList.add("hoja-excedente");
          td.title = (td.title ? td.title + " · " : "") + "Producción excedente: supera el volumen autorizado";
        }
        var input = el("input", "hoja-valor");
        input.type = "text";
        input.inputMode = "decimal";
        input.autocomplete = "off";
        input.value = dia.valor === null || dia.valor === undefined ? "" : String(dia.valor);
        input.dataset.f = f;
        input.dataset.d = d;
        input.readOnly = bloqueado || !puedeCapturar;
        input.setAttribute("aria-label", p.codigo + " día " + d);
        td.appendChild(input);
        td.appendChild(el("span", "hoja-prog", dia.programado && !P.esCero(P.dec(dia.programado)) ? P.cantidad(dia.programado) : ""));
        fila[d] = input;
      }
      tr.appendChild(td);
    }
    estado.matriz.push(fila);
    tr.appendChild(el("td", "prod-num fw-semibold hoja-total", P.cantidad(p.acumulado_mes)));
    tr.appendChild(el("td", "prod-num hoja-monto", P.dinero(p.monto_mn, "MXN")));
    tr.appendChild(el("td", "prod-num hoja-monto", P.dinero(p.monto_usd, "USD")));
    var gpu = el("td");
    gpu.appendChild(insigniaGpu(p.estatus_gpu));
    tr.appendChild(gpu);
    return tr;
  }

  function pintarKpis() {
    var t = estado.datos.totales || {};
    ["aut", "ejec", "acum", "resta"].forEach(function (k) {
      document.getElementById("kpi-" + k + "-mn").textContent = P.dinero(t[k + "_mn"], "MXN");
      document.getElementById("kpi-" + k + "-usd").textContent = P.dinero(t[k + "_usd"], "USD");
    });
    pintarHomologado();
  }

  /* MN + USD × TC, exact, rounded half up to cents; null when a piece is missing. */
  function homologado(mn, usd, tc) {
    var a = P.dec(mn);
    var b = P.dec(usd);
    if (a === null || b === null || tc === null) { return null; }
    return P.texto(P.redondear(P.sumar(a, P.multiplicar(b, tc)), 2));
  }

  function tipoCambio() {
    var texto = limpiar(inTc.value);
    if (!texto) { inTc.classList.remove("is-invalid"); return null; }
    var valido = /^\d{1,4}(\.\d{1,6})?$/.test(texto) && !P.esCero(P.dec(texto));
    inTc.classList.toggle("is-invalid", !valido);
    return valido ? P.dec(texto) : null;
  }

  function pintarHomologado() {
    if (!estado.datos) { return; }
    var t = estado.datos.totales || {};
    var tc = tipoCambio();
    ["aut", "ejec", "acum", "resta"].forEach(function (k) {
      var h = homologado(t[k + "_mn"], t[k + "_usd"], tc);
      document.getElementById("kpi-" + k + "-hom").textContent = h === null ? "" : "Homologado: " + P.dinero(h, "MXN");
    });
    var mes = homologado(t.ejec_mn, t.ejec_usd, tc);
    document.getElementById("kpi-homologado").textContent = mes === null ? "—" : P.dinero(mes, "MXN");
  }

  inTc.value = window.localStorage ? (window.localStorage.getItem(CLAVE_TC) || "") : "";
  inTc.addEventListener("input", function () {
    pintarHomologado();
    if (window.localStorage && !inTc.classList.contains("is-invalid")) { window.localStorage.setItem(CLAVE_TC, limpiar(inTc.value)); }
  });

  function pintar(ctx) {
    var datos = estado.datos;
    var diasMes = datos.dias_mes;
    var bloqueos = motivos();
    estado.matriz = [];
    tabla.tHead.replaceChildren(cabecera(ctx, diasMes, bloqueos));
    var cuerpo = document.createDocumentFragment();
    datos.partidas.forEach(function (p, f) {
      cuerpo.appendChild(p.es_subtitulo ? filaSubtotal(p, diasMes) : filaPartida(p, f, diasMes, bloqueos));
    });
    if (!datos.partidas.length) {
      var vacia = el("tr");
      var td = el("td", "sascop-vacio", "La OT no tiene conceptos en su anexo activo. Cargue su anexo C o agregue un concepto del catálogo.");
      td.colSpan = diasMes + 9;
      vacia.appendChild(td);
      cuerpo.appendChild(vacia);
    }
    tabla.tBodies[0].replaceChildren(cuerpo);
    contenido.classList.toggle("prod-hoja-cma", estado.tipo === "CMA");
    var conceptos = datos.partidas.filter(function (p) { return !p.es_subtitulo; }).length;
    estadoTexto.textContent = "OT " + ctx.ot.folio + " · " + ctx.sitioTexto + " · " + P.MESES[ctx.mes - 1] + " de " + ctx.anio +
      " · " + conceptos + (conceptos === 1 ? " concepto" : " conceptos") + " · " + (estado.tipo === "CMA" ? "Costo mínimo aplicado" : "Tiempo efectivo");
    pintarKpis();
    ocultarErrores();
    actualizarBoton();
  }

  // --- Loading ----------------------------------------------------------------------------------------------

  function listo(ctx) { return !!(ctx && ctx.ot && ctx.sitio); }

  function cargar(ctx) {
    estado.ctx = ctx;
    sinOt.hidden = listo(ctx);
    contenido.hidden = !listo(ctx);
    if (!listo(ctx)) { estado.datos = null; return Promise.resolve(); }
    var pedido = ++estado.pedido;
    estadoTexto.textContent = "Cargando la hoja…";
    var parametros = { id_ot: ctx.ot.id, mes: ctx.mes, anio: ctx.anio, tipo_tiempo: estado.tipo, id_sitio: ctx.sitio };
    return S.getJSON(P.urls.hoja, parametros).then(function (json) {
      if (pedido !== estado.pedido) { return; }
      estado.datos = json;
      estado.vigente = true;
      pintar(ctx);
    }, function (error) {
      if (pedido !== estado.pedido) { return; }
      estado.datos = null;
      tabla.tHead.replaceChildren();
      tabla.tBodies[0].replaceChildren();
      estadoTexto.textContent = "No se pudo cargar la hoja.";
      S.aviso(error);
    });
  }

  /* Loads now when the tab is visible; otherwise when it is shown. */
  function alCambiar(ctx) {
    estado.ctx = ctx;
    estado.vigente = false;
    sinOt.hidden = listo(ctx);
    contenido.hidden = !listo(ctx);
    if (P.pestanaActiva("pestana-hoja")) { cargar(ctx); }
  }

  document.querySelectorAll("input[name=tipo_tiempo]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (!radio.checked) { return; }
      if (!P.confirmarSalida()) {
        document.getElementById(estado.tipo === "CMA" ? "hoja-cma" : "hoja-te").checked = true;
        return;
      }
      estado.tipo = radio.value;
      cargar(estado.ctx);
    });
  });

  // --- Editing ----------------------------------------------------------------------------------------------

  function recalcularTotal(f) {
    var p = estado.datos.partidas[f];
    var total = P.dec(p.acumulado_mes || "0");
    var sucia = false;
    var valido = true;
    (estado.matriz[filaDeMatriz(f)] || []).forEach(function (input) {
      if (!input) { return; }
      var antes = original(input);
      var ahora = limpiar(input.value);
      if (mismoValor(antes, ahora)) { return; }
      sucia = true;
      if (ahora && !VALOR_VALIDO.test(ahora)) { valido = false; return; }
      if (antes) { total = P.restar(total, P.dec(limpiar(antes))); }
      if (ahora) { total = P.sumar(total, P.dec(ahora)); }
    });
    var tr = tabla.querySelector('tr[data-f="' + f + '"]');
    tr.querySelector(".hoja-total").textContent = valido ? P.cantidad(P.normalizado(total)) : "—";
    tr.querySelectorAll(".hoja-monto").forEach(function (m) {
      m.classList.toggle("hoja-desactualizado", sucia);
      m.title = sucia ? "Se actualiza al guardar" : "";
    });
  }

  function filaDeMatriz(f) {
    var r = 0;
    for (var i = 0; i < f; i++) { if (!estado.datos.partidas[i].es_subtitulo) { r++; } }
    return r;
  }

  function alEditar(input) {
    var ahora = limpiar(input.value);
    var td = input.closest("td");
    td.classList.toggle("hoja-sucia", !mismoValor(original(input), ahora));
    input.classList.toggle("is-invalid", !!ahora && !VALOR_VALIDO.test(ahora));
    input.title = input.classList.contains("is-invalid") ? "Escriba un número no negativo (hasta 6 decimales)." : "";
    td.classList.remove("hoja-error");
    recalcularTotal(Number(input.dataset.f));
    actualizarBoton();
  }

  tabla.addEventListener("input", function (evento) {
    if (evento.target.matches("input.hoja-valor")) { alEditar(evento.target); }
  });
  tabla.addEventListener("focusin", function (evento) {
    if (evento.target.matches("input.hoja-valor")) { evento.target.select(); }
  });

  // Arrows move between cells (left/right only at the edge of the text), Enter goes down, Shift+Enter up.
  function posicion(input) {
    var r = filaDeMatriz(Number(input.dataset.f));
    return { r: r, d: Number(input.dataset.d) };
  }

  function mover(input, dr, dd) {
    var p = posicion(input);
    var r = p.r + dr;
    var d = p.d + dd;
    while (r >= 0 && r < estado.matriz.length && d >= 1 && d <= 31) {
      var destino = estado.matriz[r][d];
      if (destino) { destino.focus(); return true; }
      r += dr;
      d += dd;
    }
    return false;
  }

  tabla.addEventListener("keydown", function (evento) {
    var input = evento.target;
    if (!input.matches || !input.matches("input.hoja-valor")) { return; }
    var inicio = input.selectionStart === 0 && input.selectionEnd === 0;
    var todo = input.selectionStart === 0 && input.selectionEnd === input.value.length;
    var fin = input.selectionStart === input.value.length;
    var movido = false;
    if (evento.key === "ArrowDown" || (evento.key === "Enter" && !evento.shiftKey)) { movido = mover(input, 1, 0); }
    else if (evento.key === "ArrowUp" || (evento.key === "Enter" && evento.shiftKey)) { movido = mover(input, -1, 0); }
    else if (evento.key === "ArrowLeft" && (inicio || todo)) { movido = mover(input, 0, -1); }
    else if (evento.key === "ArrowRight" && (fin || todo)) { movido = mover(input, 0, 1); }
    if (movido || evento.key === "Enter") { evento.preventDefault(); }
  });

  // A block copied from Excel (tabs between days, new lines between concepts) fills from the cell pasted into.
  tabla.addEventListener("paste", function (evento) {
    var input = evento.target;
    if (!input.matches || !input.matches("input.hoja-valor") || input.readOnly) { return; }
    var texto = (evento.clipboardData || window.clipboardData).getData("text") || "";
    if (!/[\t\n]/.test(texto.replace(/\r?\n$/, ""))) { return; }
    evento.preventDefault();
    var p = posicion(input);
    var bloqueadas = 0;
    texto.replace(/\r/g, "").replace(/\n$/, "").split("\n").forEach(function (linea, dr) {
      var fila = estado.matriz[p.r + dr];
      if (!fila) { return; }
      linea.split("\t").forEach(function (valor, dd) {
        var destino = fila[p.d + dd];
        if (!destino) { return; }
        if (destino.readOnly) { bloqueadas += 1; return; }
        destino.value = limpiar(valor);
        alEditar(destino);
      });
    });
    if (bloqueadas) {
      S.aviso({ tipo_aviso: "advertencia", detalles: bloqueadas + " celdas de días bloqueados no se modificaron." });
    }
  });

  // --- Saving -----------------------------------------------------------------------------------------------

  function ocultarErrores() {
    panelErrores.hidden = true;
    document.getElementById("hoja-errores-lista").replaceChildren();
  }

  function mostrarErrores(r, mapa) {
    var lista = document.getElementById("hoja-errores-lista");
    lista.replaceChildren();
    document.getElementById("hoja-errores-titulo").textContent = r.detalles || "No se guardó la hoja.";
    Object.keys(r.errores || {}).forEach(function (clave) {
      var mensaje = [].concat(r.errores[clave]).join(" ");
      var m = /^partidas\[(\d+)\]\.valores\[(\d+)\]$/.exec(clave);
      var input = null;
      if (m && mapa[Number(m[1])] !== undefined) {
        input = tabla.querySelector('input.hoja-valor[data-f="' + mapa[Number(m[1])] + '"][data-d="' + (Number(m[2]) + 1) + '"]');
      }
      var item = el("li");
      if (input) {
        input.classList.add("is-invalid");
        input.title = mensaje;
        input.closest("td").classList.add("hoja-error");
        var ir = el("a", "alert-link fw-normal", mensaje);
        ir.href = "#";
        ir.addEventListener("click", function (e) { e.preventDefault(); input.focus(); });
        item.appendChild(ir);
      } else {
        item.textContent = mensaje;
      }
      lista.appendChild(item);
    });
    panelErrores.hidden = false;
  }

  function guardar() {
    var ctx = estado.ctx;
    var partidas = [];
    var mapa = [];
    estado.datos.partidas.forEach(function (p, f) {
      if (p.es_subtitulo || !tabla.querySelector('tr[data-f="' + f + '"] td.hoja-sucia')) { return; }
      var valores = [];
      for (var d = 1; d <= 31; d++) {
        var input = tabla.querySelector('input.hoja-valor[data-f="' + f + '"][data-d="' + d + '"]');
        valores.push(input ? (limpiar(input.value) || null) : null);
      }
      mapa.push(f);
      partidas.push({ id_partida_imp: p.id_partida_imp, codigo: p.codigo, valores: valores });
    });
    if (!partidas.length) { return; }
    estado.guardando = true;
    actualizarBoton();
    ocultarErrores();
    tabla.querySelectorAll(".hoja-error").forEach(function (td) { td.classList.remove("hoja-error"); });
    var cuerpo = { id_ot: ctx.ot.id, mes: ctx.mes, anio: ctx.anio, tipo_tiempo: estado.tipo, id_sitio: ctx.sitio, partidas: partidas };
    P.enviar(P.urls.guardar_hoja, cuerpo).then(function (r) {
      estado.guardando = false;
      if (r.exito) {
        S.aviso(r);
        P.avisarHojaGuardada();
        cargar(ctx);
        return;
      }
      S.aviso({ exito: false, tipo_aviso: r.tipo_aviso || "error", detalles: r.detalles });
      if (r.errores) { mostrarErrores(r, mapa); }
      actualizarBoton();
    });
  }
  if (botonGuardar) { botonGuardar.addEventListener("click", guardar); }

  P.registrar({
    hayCambios: hayCambios,
    alCambiarContexto: alCambiar,
    alElegirOT: alCambiar,
    alGuardarReportes: function (ctx) { alCambiar(ctx); },
    alMostrarPestana: function (ctx) {
      if (!P.pestanaActiva("pestana-hoja") || estado.vigente || !listo(ctx)) { return; }
      // Signed days changed while the sheet had edits: reloading would drop them, so ask first.
      if (hayCambios() && !window.confirm("Los días bloqueados cambiaron. ¿Recargar la hoja y descartar los cambios sin guardar?")) { return; }
      cargar(ctx);
    }
  });
  P.hoja = {
    hayCambios: hayCambios,
    recargar: function () { return cargar(estado.ctx); },
    contexto: function () { return estado.ctx ? { ctx: estado.ctx, tipo: estado.tipo } : null; }
  };
})(window, document);
