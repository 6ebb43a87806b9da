/* Tab "GPU": the month's generadores of the chosen OT family at the chosen site, one row per concept × time type
 * and one badge per day. A badge opens a dialog to move the status one step (PENDIENTE → PROCESO → FALTA FIRMA
 * PEMEX → FIRMADO), set the evidence link or upload a photo / PDF, and see the evidence. Excess production not yet
 * authorised is flagged BLOQUEADO; users who may authorise it get "Autorizar excedente".
 */
(function (window, document) {
  "use strict";

  var S = window.SASCOP;
  var P = S && S.produccion;
  if (!P) { return; }
  var el = P.el;

  var FLUJO = [19, 20, 18, 17];
  var TEXTO = { 19: "PENDIENTE", 20: "PROCESO", 18: "FALTA FIRMA PEMEX", 17: "FIRMADO" };
  var CORTO = { 19: "PEN", 20: "PRO", 18: "FFP", 17: "FIR" };

  var contenido = document.getElementById("gpu-contenido");
  var sinOt = document.getElementById("gpu-sin-ot");
  var tabla = document.getElementById("tabla-gpu");
  var resumen = document.getElementById("gpu-resumen");
  var form = document.getElementById("form-gpu");
  var puedeEditar = !!(P.permisos.gpu && P.urls.guardar_gpu);
  var puedeAutorizar = !!(P.permisos.autorizar && P.urls.autorizar);

  var estado = { ctx: null, filas: [], diasMes: 0, pedido: 0, vigente: false, abierto: null };

  function listo(ctx) { return !!(ctx && ctx.ot && ctx.sitio && P.urls.gpus); }

  function vacio(texto) {
    var tr = el("tr");
    var td = el("td", "sascop-vacio", texto);
    td.colSpan = 40;
    tr.appendChild(td);
    tabla.tBodies[0].replaceChildren(tr);
  }

  function insignia(celda, f, d) {
    var boton = el("button", "badge gpu-insignia" + (celda.bloqueado ? " gpu-bloqueado" : ""));
    boton.type = "button";
    boton.dataset.estatus = celda.estatus_id;
    boton.dataset.f = f;
    boton.dataset.d = d;
    var texto = celda.bloqueado ? "BLOQUEADO" : (TEXTO[celda.estatus_id] || celda.estatus_texto);
    if (celda.bloqueado) { boton.appendChild(el("i", "bi bi-lock-fill")); }
    boton.appendChild(document.createTextNode(celda.bloqueado ? "" : (CORTO[celda.estatus_id] || "?")));
    if (celda.archivo || celda.tiene_adjunto) { boton.appendChild(el("i", "bi bi-paperclip ms-1")); }
    boton.title = "Día " + d + " · " + P.cantidad(celda.volumen) + " · " + texto + (celda.archivo || celda.tiene_adjunto ? " · con evidencia" : "");
    boton.setAttribute("aria-label", estado.filas[f].codigo + " día " + d + ": " + texto);
    return boton;
  }

  function pintar(json, ctx) {
    estado.filas = json.data || [];
    estado.diasMes = json.dias_mes || P.diasDelMes(ctx.mes, ctx.anio);
    var cab = el("tr");
    [["Partida", "prod-fija text-start"], ["Descripción", "prod-fija-2 text-start"], ["Tiempo"]].forEach(function (c) {
      cab.appendChild(el("th", c[1] || null, c[0]));
    });
    for (var d = 1; d <= estado.diasMes; d++) {
      var th = el("th", "prod-dia", d);
      th.appendChild(el("small", null, P.letraDia(ctx.anio, ctx.mes, d)));
      cab.appendChild(th);
    }
    cab.appendChild(el("th", null, "Firmados"));
    tabla.tHead.replaceChildren(cab);
    var cuerpo = document.createDocumentFragment();
    var bloqueados = 0;
    var total = 0;
    estado.filas.forEach(function (fila, f) {
      var tr = el("tr");
      tr.appendChild(el("td", "prod-fija fw-semibold text-nowrap", fila.codigo));
      var desc = el("td", "prod-fija-2");
      var span = el("span", "hoja-descripcion", fila.descripcion);
      span.title = fila.descripcion + " · Anexo " + (fila.anexo || "S/A");
      desc.appendChild(span);
      tr.appendChild(desc);
      tr.appendChild(el("td", "small", fila.tipo_tiempo));
      var firmados = 0;
      var cuantos = 0;
      for (var dia = 1; dia <= estado.diasMes; dia++) {
        var celda = fila.dias[dia - 1];
        var td = el("td", "gpu-celda");
        if (celda) {
          td.appendChild(insignia(celda, f, dia));
          cuantos += 1;
          total += 1;
          if (celda.estatus_id === 17) { firmados += 1; }
          if (celda.bloqueado) { bloqueados += 1; }
        }
        tr.appendChild(td);
      }
      tr.appendChild(el("td", "prod-num", firmados + "/" + cuantos));
      cuerpo.appendChild(tr);
    });
    tabla.tBodies[0].replaceChildren(cuerpo);
    if (!estado.filas.length) { vacio("No hay producción que requiera generador en este mes y sitio."); }
    resumen.textContent = total + " generadores" + (bloqueados ? " · " + bloqueados + " bloqueados por excedente" : "");
    pintarAutorizarTodo(bloqueados);
  }

  function cargar(ctx) {
    estado.ctx = ctx;
    sinOt.hidden = listo(ctx);
    contenido.hidden = !listo(ctx);
    if (!listo(ctx)) { return Promise.resolve(); }
    var pedido = ++estado.pedido;
    resumen.textContent = "Cargando…";
    return S.getJSON(P.urls.gpus, { id_ot: ctx.ot.id, mes: ctx.mes, anio: ctx.anio, id_sitio: ctx.sitio }).then(function (json) {
      if (pedido !== estado.pedido) { return; }
      estado.vigente = true;
      pintar(json, ctx);
    }, function (error) {
      if (pedido !== estado.pedido) { return; }
      vacio("No se pudieron cargar los generadores.");
      resumen.textContent = "";
      S.aviso(error);
    });
  }

  function alCambiar(ctx) {
    estado.ctx = ctx;
    estado.vigente = false;
    sinOt.hidden = listo(ctx);
    contenido.hidden = !listo(ctx);
    if (P.pestanaActiva("pestana-gpu")) { cargar(ctx); }
  }

  // --- Authorise excess -------------------------------------------------------------------------------------

  function autorizar(ids) {
    return P.enviar(P.urls.autorizar, { producciones_ids: ids }).then(function (r) {
      S.aviso(r);
      if (r.exito) {
        cargar(estado.ctx);
        P.avisarHojaGuardada();
      }
      return r;
    });
  }

  var botonTodo = null;
  function pintarAutorizarTodo(bloqueados) {
    if (!puedeAutorizar) { return; }
    if (!botonTodo) {
      botonTodo = el("button", "btn btn-sm btn-outline-danger");
      botonTodo.type = "button";
      botonTodo.id = "gpu-autorizar-todo";
      botonTodo.addEventListener("click", function () {
        var ids = [];
        estado.filas.forEach(function (fila) {
          fila.dias.forEach(function (c) { if (c && c.bloqueado) { ids.push(c.id_produccion); } });
        });
        if (ids.length && window.confirm("¿Autorizar el excedente de " + ids.length + " producciones de este mes?")) { autorizar(ids); }
      });
      resumen.insertAdjacentElement("afterend", botonTodo);
    }
    botonTodo.textContent = "Autorizar excedentes del mes (" + bloqueados + ")";
    botonTodo.hidden = !bloqueados;
  }

  var botonAutorizar = document.getElementById("gpu-autorizar");
  if (botonAutorizar) {
    botonAutorizar.addEventListener("click", function () {
      var celda = estado.abierto;
      if (!celda) { return; }
      autorizar([celda.id_produccion]).then(function (r) { if (r.exito) { P.modal("modal-gpu").hide(); } });
    });
  }

  // --- Dialog -----------------------------------------------------------------------------------------------

  function dato(lista, titulo, valor) {
    lista.appendChild(el("dt", "col-4 text-body-secondary", titulo));
    lista.appendChild(el("dd", "col-8 mb-1", valor));
  }

  function pintarEvidencia(celda) {
    var caja = document.getElementById("gpu-evidencia");
    caja.replaceChildren();
    if (celda.tiene_adjunto && celda.id_gpu && P.urls.ver_evidencia_gpu) {
      var adjunto = el("a", "me-3", "Ver archivo adjunto" + (celda.tipo_archivo ? " (" + celda.tipo_archivo + ")" : ""));
      adjunto.href = P.conId(P.urls.ver_evidencia_gpu, celda.id_gpu);
      adjunto.target = "_blank";
      adjunto.rel = "noopener";
      adjunto.prepend(el("i", "bi bi-image me-1"));
      caja.appendChild(adjunto);
    }
    if (celda.archivo) {
      var enlace = el("a", null, "Abrir enlace de evidencia");
      enlace.href = celda.archivo;
      enlace.target = "_blank";
      enlace.rel = "noopener noreferrer";
      enlace.prepend(el("i", "bi bi-link-45deg me-1"));
      caja.appendChild(enlace);
    }
    if (!caja.childNodes.length) { caja.appendChild(el("span", "text-body-secondary", "Sin evidencia todavía.")); }
  }

  function abrir(f, d) {
    var fila = estado.filas[f];
    var celda = fila.dias[d - 1];
    estado.abierto = celda;
    S.mostrarErrores(form, {});
    form.reset();
    document.getElementById("modal-gpu-titulo").textContent = "Generador · " + fila.codigo + " · día " + d;
    var datos = document.getElementById("gpu-datos");
    datos.replaceChildren();
    dato(datos, "Concepto", fila.codigo + " " + fila.descripcion);
    dato(datos, "Fecha", String(d).padStart(2, "0") + "/" + String(estado.ctx.mes).padStart(2, "0") + "/" + estado.ctx.anio);
    dato(datos, "Volumen", P.cantidad(celda.volumen) + " " + (fila.unidad || "") + " · " + celda.tipo_tiempo);
    dato(datos, "Sitio", fila.sitio || estado.ctx.sitioTexto);
    dato(datos, "Estatus", TEXTO[celda.estatus_id] || celda.estatus_texto);
    document.getElementById("gpu-alerta-bloqueo").hidden = !celda.bloqueado;
    var select = document.getElementById("gpu-estatus");
    var posicion = FLUJO.indexOf(celda.estatus_id);
    Array.prototype.forEach.call(select.options, function (opcion) {
      var paso = FLUJO.indexOf(Number(opcion.value)) - posicion;
      // One step at a time; a blocked GPU cannot move forward.
      opcion.disabled = Math.abs(paso) > 1 || (paso > 0 && celda.bloqueado);
    });
    select.value = String(celda.estatus_id);
    document.getElementById("gpu-enlace").value = celda.archivo || "";
    pintarEvidencia(celda);
    P.modal("modal-gpu").show();
  }

  tabla.addEventListener("click", function (evento) {
    var boton = evento.target.closest("button.gpu-insignia");
    if (boton) { abrir(Number(boton.dataset.f), Number(boton.dataset.d)); }
  });

  function subirFoto(celda) {
    var entrada = document.getElementById("gpu-foto");
    if (!entrada || !entrada.files.length) { return Promise.resolve({ exito: true, sinArchivo: true }); }
    var datos = new FormData();
    datos.set("id_produccion", celda.id_produccion);
    datos.set("archivo", entrada.files[0]);
    return P.enviar(P.urls.evidencia_gpu, datos).then(function (r) {
      if (!r.exito) { S.mostrarErrores(form, { archivo_adjunto: (r.errores && r.errores.archivo) || [r.detalles] }); }
      return r;
    });
  }

  form.addEventListener("submit", function (evento) {
    evento.preventDefault();
    var celda = estado.abierto;
    if (!celda || !puedeEditar) { return; }
    S.mostrarErrores(form, {});
    var guardarBoton = document.getElementById("gpu-guardar");
    guardarBoton.disabled = true;
    subirFoto(celda).then(function (subida) {
      if (!subida.exito) { return subida; }
      var estatus = Number(document.getElementById("gpu-estatus").value);
      var enlace = document.getElementById("gpu-enlace").value.trim();
      var cuerpo = { id_produccion: celda.id_produccion, estatus_id: estatus };
      if (enlace !== (celda.archivo || "")) { cuerpo.archivo = enlace; }
      if (estatus === celda.estatus_id && cuerpo.archivo === undefined) { return subida.sinArchivo ? { exito: true, nada: true } : subida; }
      return P.enviar(P.urls.guardar_gpu, cuerpo).then(function (r) {
        if (!r.exito) { S.mostrarErrores(form, r.errores || {}); }
        return r;
      });
    }).then(function (r) {
      guardarBoton.disabled = false;
      if (r.nada) { P.modal("modal-gpu").hide(); return; }
      S.aviso(r);
      if (r.exito) {
        P.modal("modal-gpu").hide();
        cargar(estado.ctx);
      }
    });
  });

  P.registrar({
    alCambiarContexto: alCambiar,
    alElegirOT: alCambiar,
    alGuardarHoja: function (ctx) { alCambiar(ctx); },
    alMostrarPestana: function (ctx) {
      if (P.pestanaActiva("pestana-gpu") && !estado.vigente && listo(ctx)) { cargar(ctx); }
    }
  });
})(window, document);
