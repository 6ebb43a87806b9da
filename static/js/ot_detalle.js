/* OT detail page: tabs (deep-linked by #hash) and the "Anexo C" tab — versions, lines, totals and the upload.
 *
 * The page hands its configuration as JSON (#configuracion-ot-detalle: endpoints, the table's columns, whether the
 * user may upload). Money and quantities arrive as strings and are only formatted here, never added up: totals and
 * the homologado come from the server, at the exchange rate the user typed.
 */
(function (window, document) {
  "use strict";

  var S = window.SASCOP;
  var nodo = document.getElementById("configuracion-ot-detalle");
  if (!S || !nodo) { return; }
  var config = JSON.parse(nodo.textContent);
  var urls = config.urls;

  var estado = { version: null, versiones: [], iniciado: false };
  var tabla = null;

  var formatoPrecio = new Intl.NumberFormat("es-MX", { minimumFractionDigits: 2, maximumFractionDigits: 4 });
  var formatoCantidad = new Intl.NumberFormat("es-MX", { minimumFractionDigits: 0, maximumFractionDigits: 6 });

  function numero(valor, formato) {
    if (valor === null || valor === undefined || valor === "") { return ""; }
    var n = Number(valor);
    return isFinite(n) ? formato.format(n) : String(valor);
  }

  function moneda(valor, divisa) {
    return valor === null || valor === undefined || valor === "" ? "—" : S.moneda(valor, divisa);
  }

  function esc(texto) {
    var div = document.createElement("div");
    div.textContent = texto === null || texto === undefined ? "" : String(texto);
    return div.innerHTML;
  }

  function celda(fila, texto, clase) {
    var td = document.createElement("td");
    if (clase) { td.className = clase; }
    td.textContent = texto === null || texto === undefined ? "" : String(texto);
    fila.appendChild(td);
    return td;
  }

  // --- Tabs ------------------------------------------------------------------------------------------------

  function pestanaDe(hash) {
    return document.querySelector('#pestanas-ot [data-hash="' + hash.replace(/[^a-z]/g, "") + '"]');
  }

  document.querySelectorAll("#pestanas-ot [data-hash]").forEach(function (boton) {
    boton.addEventListener("shown.bs.tab", function () {
      window.history.replaceState(null, "", "#" + boton.dataset.hash);
      if (boton.dataset.hash === "anexo") {
        iniciarAnexo();
        if (tabla) { tabla.columns.adjust(); }
      }
    });
  });

  function pestanaInicial() {
    var boton = window.location.hash ? pestanaDe(window.location.hash.substring(1)) : null;
    if (boton && window.bootstrap) { window.bootstrap.Tab.getOrCreateInstance(boton).show(); }
  }

  // --- Versions --------------------------------------------------------------------------------------------

  function pintarVersiones() {
    var cuerpo = document.getElementById("versiones-anexo");
    cuerpo.replaceChildren();
    if (!estado.versiones.length) {
      var vacia = document.createElement("tr");
      var td = celda(vacia, "La OT todavía no tiene un anexo C cargado.", "sascop-vacio");
      td.colSpan = 8;
      cuerpo.appendChild(vacia);
      return;
    }
    estado.versiones.forEach(function (v) {
      var fila = document.createElement("tr");
      fila.dataset.version = v.id;
      if (v.id === estado.version) { fila.className = "table-active"; fila.setAttribute("aria-current", "true"); }
      celda(fila, v.fecha_carga);
      celda(fila, v.nombre_archivo || "—");
      celda(fila, v.usuario || "—");
      celda(fila, v.modo === "ACTUALIZACION" ? "Actualización" : "Completa");
      celda(fila, numero(v.lineas, formatoCantidad), "text-end");
      celda(fila, moneda(v.total_mn, "MXN"), "text-end");
      celda(fila, moneda(v.total_usd, "USD"), "text-end");
      var acciones = celda(fila, "", "text-nowrap");
      if (v.es_activo) {
        var insignia = document.createElement("span");
        insignia.className = "badge text-bg-success me-1";
        insignia.textContent = "Activa";
        acciones.appendChild(insignia);
      }
      var ver = document.createElement("button");
      ver.type = "button";
      ver.className = "btn btn-sm btn-link p-0";
      ver.dataset.verVersion = v.id;
      ver.textContent = v.id === estado.version ? "Mostrando" : "Ver partidas";
      ver.disabled = v.id === estado.version;
      acciones.appendChild(ver);
      cuerpo.appendChild(fila);
    });
  }

  function pintarAnexos(anexos) {
    var select = document.getElementById("filtro-anexo");
    var previo = select.value;
    select.replaceChildren();
    var todos = document.createElement("option");
    todos.value = "";
    todos.textContent = "Todos";
    select.appendChild(todos);
    anexos.forEach(function (a) {
      var opcion = document.createElement("option");
      opcion.value = a.anexo;
      opcion.textContent = a.anexo + " (" + a.lineas + ")";
      select.appendChild(opcion);
    });
    select.value = anexos.some(function (a) { return a.anexo === previo; }) ? previo : "";
  }

  function versionActual() {
    for (var i = 0; i < estado.versiones.length; i++) {
      if (estado.versiones[i].id === estado.version) { return estado.versiones[i]; }
    }
    return null;
  }

  function cargarVersiones(versionId) {
    var parametros = versionId ? { version: versionId } : {};
    return S.getJSON(urls.versiones, parametros).then(function (json) {
      estado.versiones = json.versiones || [];
      estado.version = json.version;
      pintarVersiones();
      pintarAnexos(json.anexos || []);
      var v = versionActual();
      document.getElementById("partidas-version").textContent = v ? "· versión del " + v.fecha_carga + (v.es_activo ? " (activa)" : "") : "";
      document.getElementById("totales-version").textContent = v ? (v.es_activo ? "Versión activa" : "Versión del " + v.fecha_carga) : "";
      var tc = document.getElementById("totales-tipo-cambio");
      if (v && v.tipo_cambio && !tc.value) { tc.value = v.tipo_cambio; }
      if (tabla) { tabla.ajax.reload(null, true); } else { crearTabla(); }
      return cargarTotales();
    }, S.aviso);
  }

  document.getElementById("versiones-anexo").addEventListener("click", function (evento) {
    var boton = evento.target.closest("[data-ver-version]");
    var fila = evento.target.closest("tr[data-version]");
    var id = boton ? boton.dataset.verVersion : (fila ? fila.dataset.version : null);
    if (id && Number(id) !== estado.version) { cargarVersiones(Number(id)); }
  });

  // --- Lines -----------------------------------------------------------------------------------------------

  var FORMATOS = {
    volumen_proyectado: function (d) { return numero(d, formatoCantidad); },
    precio_unitario_mn: function (d) { return numero(d, formatoPrecio); },
    precio_unitario_usd: function (d) { return numero(d, formatoPrecio); },
    importe_mn: function (d) { return moneda(d, "MXN"); },
    importe_usd: function (d) { return moneda(d, "USD"); },
    dias_programados: function (d) { return numero(d, formatoCantidad); }
  };

  function crearTabla() {
    var columnas = config.columnas.map(function (c) {
      var formato = FORMATOS[c.data];
      var columna = { data: c.data, titulo: c.titulo, orden: c.orden };
      if (formato) {
        columna.clase = "text-end";
        columna.render = function (dato, tipo) { return tipo === "display" ? esc(formato(dato)) : dato; };
      }
      return columna;
    });
    tabla = S.tabla("#tabla-partidas-anexo", {
      url: urls.datatable,
      columnas: columnas,
      orden: [[0, "asc"]],
      porPagina: 50,
      filtros: function () {
        var filtros = S.valoresFormulario("#filtros-anexo");
        filtros.version = estado.version || "";
        return filtros;
      },
      recargarCon: "#filtros-anexo"
    });
  }

  // --- Totals ----------------------------------------------------------------------------------------------

  function pintarTotales(totales) {
    document.getElementById("total-mn").textContent = totales ? moneda(totales.mn, "MXN") : "—";
    document.getElementById("total-usd").textContent = totales ? moneda(totales.usd, "USD") : "—";
    var homologado = document.getElementById("total-homologado");
    var hay = totales && totales.homologado !== null && totales.homologado !== undefined;
    homologado.textContent = hay ? moneda(totales.homologado, "MXN") : (totales ? "Indique el tipo de cambio" : "—");
    homologado.title = hay ? "Al tipo de cambio " + totales.tipo_cambio : "";
    homologado.classList.toggle("anexo-sin-dato", !!totales && !hay);
  }

  function cargarTotales() {
    var form = document.getElementById("form-totales");
    S.mostrarErrores(form, {});
    if (!estado.version) { pintarTotales(null); return Promise.resolve(); }
    var parametros = { version: estado.version, tipo_cambio: form.elements.tipo_cambio.value.trim() };
    return S.getJSON(urls.totales, parametros).then(function (json) {
      pintarTotales(json.totales);
    }, function (envelope) {
      // A rejected rate leaves no homologado on screen computed at another rate.
      var homologado = document.getElementById("total-homologado");
      homologado.textContent = "—";
      homologado.title = "";
      S.mostrarErrores(form, envelope.errores || {});
      S.aviso(envelope);
    });
  }

  document.getElementById("form-totales").addEventListener("submit", function (evento) {
    evento.preventDefault();
    cargarTotales();
  });

  function iniciarAnexo() {
    if (estado.iniciado) { return; }
    estado.iniciado = true;
    cargarVersiones(null);
  }

  // --- Upload with a progress bar --------------------------------------------------------------------------

  var formAnexo = document.getElementById("form-anexo");
  var modal = document.getElementById("modal-anexo");

  var barra = S.barraProgreso("anexo");

  function textoAvance(trabajo) {
    var texto = trabajo.estado_texto || "En proceso";
    if (trabajo.total) { texto += " · fila " + trabajo.avance + " de " + trabajo.total; }
    return texto;
  }

  function mostrarInforme(trabajo) {
    var informe = S.mostrarInforme(trabajo, {
      prefijo: "anexo",
      barra: barra,
      descarga: "descargar-errores-anexo",
      urlErrores: urls.errores,
      creadas: "Partidas creadas",
      actualizadas: "Actualizadas",
      verbo: "guardó",
      exito: "Se cargó el anexo C de la OT.",
      clasesConteo: ["col-sm-4 fw-normal", "col-sm-8 mb-1"]
    });
    if (!informe.conErrores && !informe.resultado.simulacro) { cargarVersiones(informe.resultado.importacion_id || null); }
  }

  function reiniciarCarga() {
    barra.ocultar();
    document.getElementById("anexo-informe").hidden = true;
    S.mostrarErrores(formAnexo, {});
  }

  S.formularioImportacion(formAnexo, modal, {
    reiniciar: reiniciarCarga,
    faltaArchivo: "Seleccione el libro del anexo.",
    url: urls.importar,
    urlTrabajo: urls.trabajo,
    boton: document.getElementById("boton-importar-anexo"),
    barra: barra,
    textoAvance: textoAvance,
    alTerminar: mostrarInforme
  });

  pestanaInicial();
})(window, document);
