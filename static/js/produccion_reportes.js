/* Tab "Reportes diarios": OT × day grid of daily-report status for a site's month, the monthly evidence folder of
 * each OT and the guard rotation drawn as bands above the days. One "Guardar" sends the changed rows in one
 * request; a blank cell deletes that day's report. Choosing an OT opens its production sheet and its GPU.
 */
(function (window, document) {
  "use strict";

  var S = window.SASCOP;
  var P = S && S.produccion;
  if (!P) { return; }
  var el = P.el;

  var ESTATUS = ["FIRMADO", "FALTA FIRMA PEMEX", "PENDIENTE", "PROCESO"];
  // The cells are narrow: the closed select shows a short label, the legend and the tooltip the full status.
  var CORTO = { "FIRMADO": "FIR", "FALTA FIRMA PEMEX": "FFP", "PENDIENTE": "PEN", "PROCESO": "PRO" };

  var tabla = document.getElementById("tabla-reportes");
  var resumen = document.getElementById("rd-resumen");
  var botonGuardar = document.getElementById("rd-guardar");
  var botonGuardias = document.getElementById("rd-boton-guardias");
  var puedeEditar = !!(P.permisos.reportes && P.urls.guardar_reportes);

  var estado = { ctx: null, filas: [], diasMes: 0, originales: [], pedido: 0, guardando: false };

  function cuerpoVacio(texto) {
    var fila = el("tr");
    var td = el("td", "sascop-vacio", texto);
    td.colSpan = 40;
    fila.appendChild(td);
    tabla.tBodies[0].replaceChildren(fila);
    tabla.tHead.replaceChildren();
  }

  function hayCambios() { return !!tabla.querySelector("td.rd-sucio"); }

  function actualizarBoton() {
    if (botonGuardar) { botonGuardar.disabled = estado.guardando || !hayCambios(); }
  }

  // --- Header: guard bands and days -------------------------------------------------------------------------

  function diaDe(iso, ctx) {
    var partes = iso.split("-").map(Number);
    if (partes[0] !== ctx.anio || partes[1] !== ctx.mes) { return null; }
    return partes[2];
  }

  function filaGuardias(guardias, ctx) {
    var tr = el("tr", "prod-fila-guardias");
    var etiqueta = el("th", "prod-fija text-start", "Guardia");
    etiqueta.colSpan = 1;
    tr.appendChild(etiqueta);
    tr.appendChild(el("th"));
    var dia = 1;
    (guardias || []).forEach(function (g) {
      var inicio = diaDe(g.inicio, ctx) || 1;
      var fin = diaDe(g.fin, ctx) || estado.diasMes;
      if (inicio > dia) {
        var hueco = el("th");
        hueco.colSpan = inicio - dia;
        tr.appendChild(hueco);
      }
      var th = el("th");
      th.colSpan = fin - inicio + 1;
      th.dataset.guardia = g.nombre;
      var banda = el("span", "rd-banda", g.nombre);
      banda.style.backgroundColor = /^#[0-9a-fA-F]{6}$/.test(g.color) ? g.color : "#6c757d";
      banda.title = g.nombre + ": del " + inicio + " al " + fin;
      th.appendChild(banda);
      tr.appendChild(th);
      dia = fin + 1;
    });
    if (dia <= estado.diasMes) {
      var resto = el("th", "text-body-secondary fw-normal text-start", (guardias || []).length ? "" : "Sin ciclo de guardias configurado para este sitio");
      resto.colSpan = estado.diasMes - dia + 1;
      tr.appendChild(resto);
    }
    return tr;
  }

  function filaDias(ctx) {
    var tr = el("tr");
    var ot = el("th", "prod-fija text-start", "OT");
    ot.scope = "col";
    tr.appendChild(ot);
    tr.appendChild(el("th", null, "Carpeta del mes"));
    for (var d = 1; d <= estado.diasMes; d++) {
      var th = el("th", "prod-dia" + (P.esHoy(ctx.anio, ctx.mes, d) ? " prod-dia-hoy" : ""), d);
      th.scope = "col";
      th.appendChild(el("small", null, P.letraDia(ctx.anio, ctx.mes, d)));
      tr.appendChild(th);
    }
    return tr;
  }

  // --- Body -------------------------------------------------------------------------------------------------

  function selectEstatus(valor, fila, dia, bloqueado) {
    var select = el("select", "form-select form-select-sm rd-estatus");
    select.dataset.fila = fila;
    select.dataset.dia = dia;
    select.setAttribute("aria-label", "Día " + dia);
    var vacia = el("option", null, "—");
    vacia.value = "";
    select.appendChild(vacia);
    ESTATUS.forEach(function (e) {
      var opcion = el("option", null, CORTO[e]);
      opcion.title = e;
      opcion.value = e;
      select.appendChild(opcion);
    });
    if (valor && ESTATUS.indexOf(valor) === -1) {
      var otra = el("option", null, valor);
      otra.value = valor;
      select.appendChild(otra);
    }
    select.value = valor || "";
    select.dataset.estatus = valor || "";
    select.title = valor ? valor : "Sin reporte";
    select.disabled = bloqueado || !puedeEditar;
    return select;
  }

  function celdaCarpeta(fila, indice) {
    var td = el("td", "rd-carpeta");
    if (fila.archivo) {
      var enlace = el("a", "small", "Abrir");
      enlace.href = fila.archivo;
      enlace.target = "_blank";
      enlace.rel = "noopener noreferrer";
      enlace.title = fila.archivo;
      enlace.prepend(el("i", "bi bi-folder2-open me-1"));
      td.appendChild(enlace);
    } else {
      td.appendChild(el("span", "small text-body-secondary", "Sin enlace"));
    }
    if (P.permisos.archivo && P.urls.guardar_archivo) {
      var editar = el("button", "btn btn-link btn-sm p-0 ms-2");
      editar.type = "button";
      editar.dataset.archivo = indice;
      editar.title = "Editar el enlace de la carpeta";
      editar.setAttribute("aria-label", "Editar carpeta de " + fila.ot);
      editar.appendChild(el("i", "bi bi-pencil"));
      td.appendChild(editar);
    }
    return td;
  }

  function pintar(json, ctx) {
    estado.filas = json.reportes_diarios || [];
    estado.diasMes = json.dias_mes || P.diasDelMes(ctx.mes, ctx.anio);
    estado.originales = estado.filas.map(function (f) { return (f.dias || []).slice(0, estado.diasMes); });
    tabla.tHead.replaceChildren(filaGuardias(json.guardias, ctx), filaDias(ctx));
    var cuerpo = document.createDocumentFragment();
    var elegida = P.contexto().ot;
    estado.filas.forEach(function (fila, i) {
      var tr = el("tr");
      tr.dataset.ot = fila.id_ot;
      if (elegida && elegida.id === fila.id_ot) { tr.className = "rd-elegida"; }
      var tdOt = el("td", "prod-fija");
      var boton = el("button", "btn btn-link btn-sm rd-ot-boton", fila.ot);
      boton.type = "button";
      boton.dataset.elegir = i;
      boton.title = (fila.desc || "") + " · Abrir su producción";
      tdOt.appendChild(boton);
      var vigencia = (P.fechaDmy(fila.inicio_v) || "sin inicio") + " al " + (P.fechaDmy(fila.fin_v) || "sin término") +
        (fila.ventana_patio ? " (patio)" : "");
      var textoVigencia = el("div", "small text-body-secondary text-nowrap", vigencia);
      textoVigencia.title = "Vigencia de la OT en este sitio";
      tdOt.appendChild(textoVigencia);
      tr.appendChild(tdOt);
      tr.appendChild(celdaCarpeta(fila, i));
      var bloqueados = fila.dias_bloqueados || [];
      for (var d = 1; d <= estado.diasMes; d++) {
        var fuera = bloqueados.indexOf(d) !== -1;
        var td = el("td", "rd-dia" + (fuera ? " rd-fuera" : ""));
        if (fuera) { td.title = fila.motivo_bloqueo || "Fuera de la vigencia de la OT"; }
        td.appendChild(selectEstatus(estado.originales[i][d - 1], i, d, fuera));
        tr.appendChild(td);
      }
      cuerpo.appendChild(tr);
    });
    tabla.tBodies[0].replaceChildren(cuerpo);
    if (!estado.filas.length) { cuerpoVacio("No hay OTs con anexo activo y vigentes en este sitio durante el mes."); }
    resumen.textContent = estado.filas.length + (estado.filas.length === 1 ? " OT" : " OTs") + " en " + ctx.sitioTexto +
      " · " + P.MESES[ctx.mes - 1] + " de " + ctx.anio;
    actualizarBoton();
  }

  function cargar(ctx) {
    estado.ctx = ctx;
    if (botonGuardias) { botonGuardias.disabled = !ctx.sitio; }
    if (!ctx.sitio) { cuerpoVacio("Elija un sitio y un mes para ver sus OTs."); return Promise.resolve(); }
    var pedido = ++estado.pedido;
    resumen.textContent = "Cargando…";
    return S.getJSON(P.urls.reportes, { id_sitio: ctx.sitio, mes: ctx.mes, anio: ctx.anio }).then(function (json) {
      if (pedido === estado.pedido) { pintar(json, ctx); }
    }, function (error) {
      if (pedido !== estado.pedido) { return; }
      cuerpoVacio("No se pudo cargar la cuadrícula de reportes.");
      resumen.textContent = "";
      S.aviso(error);
    });
  }

  tabla.addEventListener("change", function (evento) {
    var select = evento.target.closest("select.rd-estatus");
    if (!select) { return; }
    var original = estado.originales[Number(select.dataset.fila)][Number(select.dataset.dia) - 1] || "";
    select.dataset.estatus = select.value;
    select.title = select.value || "Sin reporte";
    select.classList.remove("is-invalid");
    select.closest("td").classList.toggle("rd-sucio", select.value !== original);
    actualizarBoton();
  });

  tabla.addEventListener("click", function (evento) {
    var elegir = evento.target.closest("[data-elegir]");
    if (elegir) {
      var fila = estado.filas[Number(elegir.dataset.elegir)];
      var elegida = P.contexto().ot;
      var otra = !elegida || elegida.id !== fila.id_ot;
      if (otra && P.hoja && P.hoja.hayCambios() && !window.confirm("La hoja de producción tiene cambios sin guardar. ¿Descartarlos?")) {
        return;
      }
      tabla.querySelectorAll("tr.rd-elegida").forEach(function (tr) { tr.classList.remove("rd-elegida"); });
      elegir.closest("tr").classList.add("rd-elegida");
      P.elegirOT({ id: fila.id_ot, folio: fila.ot, descripcion: fila.desc || "" }, true);
      return;
    }
    var carpeta = evento.target.closest("[data-archivo]");
    if (carpeta) { abrirArchivo(estado.filas[Number(carpeta.dataset.archivo)]); }
  });

  // --- Save -------------------------------------------------------------------------------------------------

  function valoresDe(i) {
    var valores = [];
    tabla.querySelectorAll('select.rd-estatus[data-fila="' + i + '"]').forEach(function (select) {
      valores[Number(select.dataset.dia) - 1] = select.value || null;
    });
    return valores;
  }

  function marcarErrores(errores, mapa) {
    Object.keys(errores || {}).forEach(function (clave) {
      var m = /^reportes\[(\d+)\]\.valores\[(\d+)\]$/.exec(clave);
      if (!m || mapa[Number(m[1])] === undefined) { return; }
      var select = tabla.querySelector('select.rd-estatus[data-fila="' + mapa[Number(m[1])] + '"][data-dia="' + (Number(m[2]) + 1) + '"]');
      if (select) {
        select.classList.add("is-invalid");
        select.title = [].concat(errores[clave]).join(" ");
      }
    });
  }

  function guardar() {
    var ctx = estado.ctx;
    var mapa = [];
    var reportes = [];
    estado.filas.forEach(function (fila, i) {
      if (tabla.querySelector('tr[data-ot="' + fila.id_ot + '"] td.rd-sucio')) {
        mapa.push(i);
        reportes.push({ id_ot: fila.id_ot, valores: valoresDe(i) });
      }
    });
    if (!reportes.length) { return; }
    estado.guardando = true;
    actualizarBoton();
    P.enviar(P.urls.guardar_reportes, { id_sitio: ctx.sitio, mes: ctx.mes, anio: ctx.anio, reportes: reportes }).then(function (r) {
      estado.guardando = false;
      S.aviso(r);
      if (r.exito) {
        cargar(ctx);
        P.avisarReportesGuardados();
      } else {
        marcarErrores(r.errores, mapa);
        actualizarBoton();
      }
    });
  }
  if (botonGuardar) { botonGuardar.addEventListener("click", guardar); }

  // --- Monthly folder ---------------------------------------------------------------------------------------

  var formArchivo = document.getElementById("form-archivo");
  var filaArchivo = null;

  function abrirArchivo(fila) {
    filaArchivo = fila;
    var ctx = estado.ctx;
    S.mostrarErrores(formArchivo, {});
    document.getElementById("archivo-ot").textContent = "OT " + fila.ot + " · " + P.MESES[ctx.mes - 1] + " de " + ctx.anio;
    document.getElementById("archivo-url").value = fila.archivo || "";
    P.modal("modal-archivo").show();
  }

  formArchivo.addEventListener("submit", function (evento) {
    evento.preventDefault();
    var ctx = estado.ctx;
    var archivo = document.getElementById("archivo-url").value.trim();
    P.enviar(P.urls.guardar_archivo, { id_ot: filaArchivo.id_ot, mes: ctx.mes, anio: ctx.anio, archivo: archivo }).then(function (r) {
      if (!r.exito) {
        S.mostrarErrores(formArchivo, r.errores || { archivo: [r.detalles] });
        return;
      }
      S.aviso(r);
      P.modal("modal-archivo").hide();
      filaArchivo.archivo = r.archivo || archivo;
      var i = estado.filas.indexOf(filaArchivo);
      var tr = tabla.querySelector('tr[data-ot="' + filaArchivo.id_ot + '"]');
      if (tr && i !== -1) { tr.children[1].replaceWith(celdaCarpeta(filaArchivo, i)); }
    });
  });

  // --- Guard rotation dialog --------------------------------------------------------------------------------

  var formGuardias = document.getElementById("form-guardias");

  function llenarSupers(supers, ciclo) {
    ["guardia-super-a", "guardia-super-b"].forEach(function (id, posicion) {
      var select = document.getElementById(id);
      select.replaceChildren(el("option", null, supers.length ? "Elija…" : "El sitio no tiene superintendentes"));
      select.firstChild.value = "";
      supers.forEach(function (s) {
        var opcion = el("option", null, s.nombre);
        opcion.value = s.id;
        select.appendChild(opcion);
      });
      if (ciclo) { select.value = String(posicion === 0 ? ciclo.id_super_a : ciclo.id_super_b); }
    });
    document.getElementById("guardia-inicio").value = ciclo ? ciclo.fecha_inicio_a : "";
    document.getElementById("guardia-dias").value = ciclo ? ciclo.dias_por_turno : 14;
  }

  function abrirGuardias() {
    var ctx = estado.ctx;
    S.mostrarErrores(formGuardias, {});
    document.getElementById("guardias-sitio").textContent = "Sitio: " + ctx.sitioTexto + ". Turnos alternados de A y B, contados desde el primer día de A.";
    S.getJSON(P.urls.supers, { id_sitio: ctx.sitio }).then(function (json) {
      llenarSupers(json.supers || [], json.ciclo);
      P.modal("modal-guardias").show();
    }, S.aviso);
  }
  if (botonGuardias) { botonGuardias.addEventListener("click", abrirGuardias); }

  formGuardias.addEventListener("submit", function (evento) {
    evento.preventDefault();
    var ctx = estado.ctx;
    var datos = S.valoresFormulario(formGuardias);
    datos.id_sitio = ctx.sitio;
    P.enviar(P.urls.configurar_guardia, datos).then(function (r) {
      if (!r.exito) {
        S.mostrarErrores(formGuardias, r.errores || {});
        S.aviso(r);
        return;
      }
      S.aviso(r);
      P.modal("modal-guardias").hide();
      cargar(ctx);
    });
  });

  var formSuper = document.getElementById("form-nuevo-super");
  if (formSuper) {
    formSuper.addEventListener("click", function (evento) {
      if (!evento.target.closest("#nuevo-super-agregar")) { return; }
      var nombre = document.getElementById("nuevo-super-nombre");
      var color = document.getElementById("nuevo-super-color");
      P.enviar(P.urls.crear_superintendente, { id_sitio: estado.ctx.sitio, nombre: nombre.value, color: color.value }).then(function (r) {
        S.aviso(r);
        if (!r.exito) { return; }
        nombre.value = "";
        S.getJSON(P.urls.supers, { id_sitio: estado.ctx.sitio }).then(function (json) {
          var a = document.getElementById("guardia-super-a").value;
          var b = document.getElementById("guardia-super-b").value;
          llenarSupers(json.supers || [], json.ciclo);
          if (a) { document.getElementById("guardia-super-a").value = a; }
          if (b) { document.getElementById("guardia-super-b").value = b; }
        }, S.aviso);
      });
    });
  }

  P.registrar({
    hayCambios: hayCambios,
    alCambiarContexto: cargar,
    alElegirOT: function (ctx) {
      tabla.querySelectorAll("tr[data-ot]").forEach(function (tr) {
        tr.classList.toggle("rd-elegida", !!ctx.ot && Number(tr.dataset.ot) === ctx.ot.id);
      });
    },
    recargar: function () { return estado.ctx ? cargar(estado.ctx) : Promise.resolve(); }
  });
})(window, document);
