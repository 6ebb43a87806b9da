/* OT "Programa" tab: the schedule's versions, today's figures, the progress tree grid (cronograma_arbol.js), the
 * Gantt / S-curve views (drawn by cronograma_graficas.js), and the upload with its progress bar and report
 * (cronograma_informe.js). Loaded by templates/ot/detalle.html; the endpoints come from #programa's data-* attributes.
 *
 * Percentages arrive as strings and are only formatted here: summaries' roll-ups and the OT's figures always come
 * from the server (the answer to each saved cell carries the task, its ancestors and the new figures).
 */
(function (window, document) {
  "use strict";

  var S = window.SASCOP;
  var G = window.CronogramaGraficas;
  var I = window.CronogramaInforme;
  var raiz = document.getElementById("programa");
  if (!S || !G || !I || !window.CronogramaArbol || !raiz) { return; }
  var d = raiz.dataset;

  var estado = { iniciado: false, versiones: [], activa: null, version: null, gantt: null, curva: null, vistas: {} };
  var formatoPorcentaje = new Intl.NumberFormat("es-MX", { maximumFractionDigits: 2 });

  /* "/.../version/0/arbol/" → "/.../version/<id>/arbol/" (Django reverses the URLs with 0 as the id). */
  function url(plantilla, id) {
    var i = plantilla.lastIndexOf("/0/");
    return plantilla.substring(0, i) + "/" + encodeURIComponent(id) + "/" + plantilla.substring(i + 3);
  }
  function el(id) { return document.getElementById(id); }

  function porcentaje(valor) {
    if (valor === null || valor === undefined || valor === "") { return "—"; }
    var n = Number(valor);
    return isFinite(n) ? formatoPorcentaje.format(n) + " %" : String(valor);
  }

  function celda(fila, texto, clase) {
    var td = document.createElement("td");
    if (clase) { td.className = clase; }
    td.textContent = texto === null || texto === undefined ? "" : String(texto);
    fila.appendChild(td);
    return td;
  }

  // --- Start when the tab is first shown -------------------------------------------------------------------------

  function iniciar() {
    if (estado.iniciado) { return; }
    estado.iniciado = true;
    cargarVersiones(null);
  }

  var pestana = el("pestana-programa");
  if (pestana) { pestana.addEventListener("shown.bs.tab", iniciar); }
  if (el("panel-programa") && el("panel-programa").classList.contains("active")) { iniciar(); }

  // --- Versions --------------------------------------------------------------------------------------------------

  function versionDe(id) {
    return estado.versiones.filter(function (v) { return v.id === id; })[0] || null;
  }

  function boton(texto, clase, datos) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = clase;
    b.textContent = texto;
    Object.keys(datos).forEach(function (k) { b.dataset[k] = datos[k]; });
    return b;
  }

  function pintarVersiones() {
    var cuerpo = el("versiones-programa");
    cuerpo.replaceChildren();
    if (!estado.versiones.length) {
      var vacia = document.createElement("tr");
      celda(vacia, "La OT todavía no tiene un programa cargado.", "sascop-vacio").colSpan = 6;
      cuerpo.appendChild(vacia);
      return;
    }
    estado.versiones.forEach(function (v) {
      var fila = document.createElement("tr");
      fila.dataset.version = v.id;
      if (v.id === estado.version) { fila.className = "table-active"; fila.setAttribute("aria-current", "true"); }
      celda(fila, v.fecha_carga, "text-nowrap");
      celda(fila, v.nombre);
      var archivo = celda(fila, "");
      if (v.archivo) {
        var enlace = document.createElement("a");
        enlace.href = url(d.urlArchivo, v.id);
        enlace.textContent = v.archivo;
        enlace.title = "Descargar el archivo de esta versión";
        archivo.appendChild(enlace);
      } else { archivo.textContent = "—"; }
      celda(fila, v.usuario || "—");
      celda(fila, v.inicio || v.fin ? (v.inicio || "—") + " al " + (v.fin || "—") : "—", "text-nowrap");
      var acciones = celda(fila, "", "text-nowrap");
      if (v.es_activo) {
        var insignia = document.createElement("span");
        insignia.className = "badge text-bg-success me-2";
        insignia.textContent = "Activa";
        acciones.appendChild(insignia);
      }
      var ver = boton(v.id === estado.version ? "Mostrando" : "Ver", "btn btn-sm btn-link p-0 me-2", { verVersion: v.id });
      ver.disabled = v.id === estado.version;
      acciones.appendChild(ver);
      acciones.appendChild(boton("Informe", "btn btn-sm btn-link p-0", { informeVersion: v.id }));
      cuerpo.appendChild(fila);
    });
  }

  function cargarVersiones(mostrar) {
    return S.getJSON(d.urlVersiones).then(function (json) {
      estado.versiones = json.versiones || [];
      estado.activa = json.activa;
      var elegida = mostrar && versionDe(mostrar) ? mostrar : json.activa;
      mostrarVersion(elegida);
    }, S.aviso);
  }

  function mostrarVersion(id) {
    estado.version = id || null;
    estado.vistas = {};
    pintarVersiones();
    el("programa-contenido").hidden = !estado.version;
    if (!estado.version) { return Promise.resolve(); }
    var v = versionDe(estado.version);
    el("arbol-version").textContent = v ? "· " + v.nombre + (v.es_activo ? " (activa)" : "") : "";
    var soloLectura = v && !v.es_activo;
    el("programa-solo-lectura").hidden = !soloLectura;
    el("programa-solo-lectura-texto").textContent = soloLectura ?
      "Está viendo una versión anterior («" + v.nombre + "», cargada el " + v.fecha_carga + "): es de sólo lectura." : "";
    var promesa = cargarArbol();
    var activa = document.querySelector("#vistas-programa .nav-link.active");
    if (activa) { cargarVista(activa.id); }
    return promesa;
  }

  el("versiones-programa").addEventListener("click", function (evento) {
    var informe = evento.target.closest("[data-informe-version]");
    if (informe) { verInforme(Number(informe.dataset.informeVersion)); return; }
    if (evento.target.closest("a")) { return; }
    var b = evento.target.closest("[data-ver-version]");
    var fila = evento.target.closest("tr[data-version]");
    var id = b ? b.dataset.verVersion : (fila ? fila.dataset.version : null);
    if (id && Number(id) !== estado.version) { mostrarVersion(Number(id)); }
  });

  function verInforme(id) {
    var cuerpo = el("reporte-programa-cuerpo");
    var v = versionDe(id);
    el("modal-reporte-programa-titulo").textContent = "Informe de importación" + (v ? " · " + v.nombre : "");
    cuerpo.replaceChildren();
    var cargando = document.createElement("p");
    cargando.className = "sascop-vacio";
    cargando.textContent = "Cargando…";
    cuerpo.appendChild(cargando);
    if (window.bootstrap) { window.bootstrap.Modal.getOrCreateInstance(el("modal-reporte-programa")).show(); }
    S.getJSON(url(d.urlReporte, id)).then(function (json) { I.pintar(cuerpo, json.reporte); }, S.aviso);
  }

  // --- Today's figures -------------------------------------------------------------------------------------------

  var BASES = {
    ponderacion: "Según fechas y el campo de ponderación",
    duracion: "Según fechas, ponderado por duración",
    igual: "Según fechas, todas las tareas pesan igual"
  };

  function puntos(valor) {
    if (valor === null || valor === undefined) { return "—"; }
    var n = Number(valor);
    return (n > 0 ? "+" : "") + formatoPorcentaje.format(n) + " pts";
  }

  function pintarKpis(k) {
    if (!k) { return; }
    el("kpi-planeado").textContent = porcentaje(k.planeado);
    el("kpi-planeado-nota").textContent = BASES[k.base_ponderacion] || "Según fechas del programa";
    el("kpi-real").textContent = porcentaje(k.real);
    el("kpi-cliente").textContent = porcentaje(k.cliente);
    var kpi = el("kpi-desviacion");
    var desviacion = k.desviacion_real === null || k.desviacion_real === undefined ? 0 : Number(k.desviacion_real);
    kpi.textContent = puntos(k.desviacion_real);
    kpi.classList.toggle("cronograma-positiva", desviacion > 0);
    kpi.classList.toggle("cronograma-negativa", desviacion < 0);
    el("kpi-desviacion-nota").textContent = "Real menos planeado · cliente: " + puntos(k.desviacion_cliente);
  }

  // --- Tree grid (cronograma_arbol.js) ---------------------------------------------------------------------------

  var arbol = new window.CronogramaArbol({
    cuerpo: el("arbol-tareas"),
    expandir: el("arbol-expandir"),
    contraer: el("arbol-contraer"),
    urlAvance: function (id) { return url(d.urlAvance, id); },
    alGuardar: function (envelope) {
      pintarKpis(envelope.kpis);
      estado.vistas = {};  // the Gantt and S-curves are reloaded when next shown
    }
  });

  function cargarArbol() {
    var id = estado.version;
    arbol.esperar();
    return S.getJSON(url(d.urlArbol, id)).then(function (json) {
      if (id !== estado.version) { return; }
      el("arbol-ayuda-captura").hidden = !json.editable;
      arbol.cargar(json.tareas || [], !!json.editable);
      pintarKpis(json.kpis);
    }, S.aviso);
  }

  // --- Gantt and S-curves (loaded when their view is shown) ------------------------------------------------------

  function cargarVista(idPestana) {
    var id = estado.version;
    if (!id || estado.vistas[idPestana] === id) { return; }
    if (idPestana === "pestana-gantt") {
      estado.vistas[idPestana] = id;
      S.getJSON(url(d.urlGantt, id)).then(function (json) {
        if (id !== estado.version) { return; }
        if (!estado.gantt) { estado.gantt = new G.Gantt(el("gantt-programa"), { nota: el("gantt-nota") }); }
        estado.gantt.escala = (document.querySelector("[name=gantt-escala]:checked") || {}).value || "Week";
        estado.gantt.cargar(json);
        estado.gantt.nivelMaximo = Number(el("gantt-nivel").value) || null;
        pintarNiveles(estado.gantt.niveles());
        estado.gantt.pintar(false);
      }, function (e) { delete estado.vistas[idPestana]; S.aviso(e); });
    } else if (idPestana === "pestana-curva") {
      estado.vistas[idPestana] = id;
      S.getJSON(url(d.urlCurva, id)).then(function (json) {
        if (id !== estado.version) { return; }
        estado.curva = G.curva(el("curva-programa"), json.curva || {}, estado.curva);
        pintarKpis(json.kpis);
        var fechas = (json.curva || {}).fechas || [];
        el("curva-nota").textContent = fechas.length ? "Del " + G.fechaDmy(fechas[0]) + " al " + G.fechaDmy(fechas[fechas.length - 1]) : "Sin fechas";
      }, function (e) { delete estado.vistas[idPestana]; S.aviso(e); });
    }
  }

  function pintarNiveles(maximo) {
    var select = el("gantt-nivel");
    var previo = select.value;
    select.replaceChildren();
    var todos = document.createElement("option");
    todos.value = "";
    todos.textContent = "Todos";
    select.appendChild(todos);
    for (var n = 1; n <= maximo; n++) {
      var opcion = document.createElement("option");
      opcion.value = String(n);
      opcion.textContent = String(n);
      select.appendChild(opcion);
    }
    select.value = Number(previo) <= maximo ? previo : "";
  }

  document.querySelectorAll("#vistas-programa [data-bs-toggle=tab]").forEach(function (b) {
    b.addEventListener("shown.bs.tab", function () { cargarVista(b.id); });
  });
  document.querySelectorAll("[name=gantt-escala]").forEach(function (radio) {
    radio.addEventListener("change", function () { if (estado.gantt) { estado.gantt.cambiarEscala(radio.value); } });
  });
  el("gantt-nivel").addEventListener("change", function () { if (estado.gantt) { estado.gantt.mostrarNivel(el("gantt-nivel").value); } });
  el("gantt-hoy").addEventListener("click", function () { if (estado.gantt) { estado.gantt.irAHoy(); } });

  // --- Upload with a progress bar --------------------------------------------------------------------------------

  var form = el("form-programa");
  var modal = el("modal-programa");
  var barraCarga = form ? S.barraProgreso("programa") : null;

  function reiniciarCarga() {
    barraCarga.ocultar();
    el("programa-informe").hidden = true;
    el("programa-error").hidden = true;
    S.mostrarErrores(form, {});
  }

  function alTerminar(trabajo) {
    var r = trabajo.resultado || {};
    if (trabajo.estado !== "TERMINADO" || !r.version_id) {
      barraCarga.mostrar(100, "Terminó con errores", true, "error");
      el("programa-error-texto").textContent = trabajo.mensaje || "La importación no pudo completarse.";
      el("programa-error").hidden = false;
      S.aviso({ tipo_aviso: "error", detalles: trabajo.mensaje || "La importación no pudo completarse." });
      return;
    }
    barraCarga.mostrar(100, "Terminado", true, "exito");
    var insignia = el("programa-informe-estado");
    insignia.className = "badge text-bg-success";
    insignia.textContent = "Importado";
    I.pintar(el("programa-informe-cuerpo"), r.reporte);
    el("programa-informe").hidden = false;
    S.aviso({ tipo_aviso: "exito", detalles: "Se cargó el programa de la OT." });
    estado.iniciado = true;
    cargarVersiones(r.version_id);
  }

  S.formularioImportacion(form, modal, {
    reiniciar: reiniciarCarga,
    faltaArchivo: "Seleccione el archivo del programa.",
    url: d.urlImportar,
    urlTrabajo: d.urlTrabajo.replace(/0\/$/, ""),
    boton: el("boton-importar-programa"),
    barra: barraCarga,
    textoAvance: function (t) { return t.estado_texto || "En proceso"; },
    alTerminar: alTerminar
  });
})(window, document);
