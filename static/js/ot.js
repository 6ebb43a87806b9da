/* OT list page: filters, the table with progress bars, child rows (Pasos / Reprogramaciones) and the modals.
 * The page hands its configuration as JSON (#configuracion-ot: URLs, permissions, step statuses, front ids).
 * Every value from the server is inserted escaped (esc() or textContent); buttons carry only numeric ids. */
(function () {
  "use strict";

  var S = window.SASCOP;
  var nodo = document.getElementById("configuracion-ot");
  if (!S || !nodo || !document.getElementById("tabla-ots")) { return; }
  var config = JSON.parse(nodo.textContent);
  var urls = config.urls;
  var puede = config.puede;

  function esc(valor) {
    return String(valor === null || valor === undefined ? "" : valor)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function entero(valor) {
    var n = Number(valor);
    return Number.isFinite(n) ? Math.round(n) : 0;
  }

  /* dd/mm/YYYY (as the server sends list dates) -> YYYY-MM-DD for <input type=date>. */
  function aIso(fecha) {
    var m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(fecha || "");
    return m ? m[3] + "-" + m[2] + "-" + m[1] : "";
  }

  function colorAvance(p) { return p < 25 ? "bg-danger" : (p < 75 ? "bg-warning" : "bg-success"); }
  function colorTiempo(diasRestantes, p) {
    if (p >= 100) { return "bg-secondary"; }
    return diasRestantes <= 7 ? "bg-danger" : (diasRestantes <= 14 ? "bg-warning" : "bg-success");
  }

  /* The figure sits beside the bar, so it stays readable at 4 % as at 96 %. */
  function barra(porcentaje, clase, texto, titulo) {
    var p = Math.max(0, Math.min(100, entero(porcentaje)));
    return '<div class="d-flex align-items-center gap-1" title="' + esc(titulo) + '">' +
      '<div class="progress ot-barra flex-grow-1" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="' + p +
      '"><div class="progress-bar ' + clase + '" style="width:' + p + '%"></div></div>' +
      '<small class="text-nowrap">' + esc(texto) + "</small></div>";
  }

  function boton(accion, id, icono, titulo, clase) {
    return '<button type="button" class="btn btn-sm ' + (clase || "btn-outline-primary") + '" data-accion="' + accion +
      '" data-id="' + entero(id) + '" title="' + esc(titulo) + '"><i class="bi ' + icono +
      '" aria-hidden="true"></i><span class="visually-hidden">' + esc(titulo) + "</span></button>";
  }

  function acciones(fila) {
    var b = [];
    if (puede.editar) {
      b.push(boton("editar", fila.id, "bi-pencil", "Editar OT"));
      b.push(boton("estatus", fila.id, "bi-flag", "Cambiar estatus"));
    }
    if (puede.crear && fila.id_tipo_id !== config.tipo_reprogramacion) {
      b.push(boton("reprogramar", fila.id, "bi-arrow-repeat", "Crear reprogramación", "btn-outline-secondary"));
    }
    if (puede.eliminar) { b.push(boton("eliminar", fila.id, "bi-trash", "Eliminar OT", "btn-outline-danger")); }
    return '<div class="btn-group">' + b.join("") + "</div>";
  }

  function columnasOT(conAcciones) {
    var columnas = [
      { data: null, titulo: "", orden: false, clase: "text-center",
        render: function (_d, tipo) {
          return tipo === "display" ? '<button type="button" class="btn btn-sm btn-link" data-accion="expandir" title="Ver pasos y reprogramaciones"><i class="bi bi-chevron-right" aria-hidden="true"></i><span class="visually-hidden">Expandir</span></button>' : "";
        } },
      { data: "orden_trabajo", titulo: "Folio OT",
        render: function (d, tipo, fila) {
          if (tipo !== "display") { return d; }
          var extra = fila.estatus_numero === config.estatus_por_definir ? ' <span class="badge text-bg-warning">Por definir</span>' : "";
          var repro = fila.num_reprogramacion ? ' <span class="badge text-bg-light border">R' + entero(fila.num_reprogramacion) + "</span>" : "";
          var cuenta = fila.count_reprogramaciones ? ' <span class="badge text-bg-info" title="Reprogramaciones">' + entero(fila.count_reprogramaciones) + "</span>" : "";
          // The folio opens the OT's detail page (/operaciones/ot/<id>/, next to the list's own endpoints).
          var detalle = urls.datatable.replace(/datatable\/$/, "") + entero(fila.id) + "/";
          return '<a class="fw-semibold ot-folio" href="' + esc(detalle) + '" title="Ver detalle de la OT">' + esc(d) + "</a>" + repro + cuenta + extra +
            '<div class="small text-body-secondary">' + esc(fila.oficio_ot) + "</div>";
        } },
      { data: "descripcion_trabajo", titulo: "Descripción",
        render: function (d, tipo) {
          if (tipo !== "display") { return d; }
          var texto = String(d || "");
          return '<span class="ot-descripcion" title="' + esc(texto) + '">' + esc(texto) + "</span>";
        } },
      { data: "responsable_proyecto", titulo: "Responsable" },
      { data: "estatus_ot_texto", titulo: "Estatus" },
      { data: "fecha_inicio_programado", titulo: "Programado",
        render: function (d, tipo, fila) {
          if (tipo !== "display") { return d; }
          return '<span class="text-nowrap">' + esc(d) + '</span><div class="small text-body-secondary text-nowrap">al ' +
            esc(fila.fecha_termino_programado) + "</div>";
        } },
      { data: "progreso_final", titulo: "Avance", orden: false,
        render: function (d, tipo, fila) {
          if (tipo !== "display") { return d; }
          var p = entero(d);
          return barra(p, colorAvance(p), p + "%", "Avance final (70 % tiempo + 30 % pasos): " + p + " %") +
            '<div class="small text-body-secondary">Pasos ' + entero(fila.pasos_completados) + "/" + entero(fila.total_pasos) + "</div>";
        } },
      { data: "progreso_tiempo", titulo: "Tiempo", orden: false,
        render: function (d, tipo, fila) {
          if (tipo !== "display") { return d; }
          var p = entero(d);
          var restantes = entero(fila.dias_restantes);
          return barra(p, colorTiempo(restantes, p), p + "%", "Transcurridos " + entero(fila.dias_transcurridos) + " de " + entero(fila.plazo_total) + " días") +
            '<div class="small text-body-secondary">' + restantes + " días restantes</div>";
        } }
    ];
    if (conAcciones) {
      columnas.push({ data: null, titulo: "Acciones", orden: false,
        render: function (_d, tipo, fila) { return tipo === "display" ? acciones(fila) : ""; } });
    }
    return columnas;
  }

  var filtros = document.getElementById("filtros-ot");
  var tabla = S.tabla("#tabla-ots", {
    url: urls.datatable,
    columnas: columnasOT(true),
    orden: [[5, "desc"]],
    filtros: function () { return S.valoresFormulario(filtros); },
    recargarCon: "#filtros-ot"
  });
  tabla.on("draw", function () {
    tabla.rows({ page: "current" }).every(function () {
      var fila = this.data();
      if (fila && fila.estatus_numero === config.estatus_por_definir) { this.node().classList.add("ot-por-definir"); }
    });
  });

  document.getElementById("boton-exportar").addEventListener("click", function () {
    var parametros = new URLSearchParams();
    var valores = S.valoresFormulario(filtros);
    Object.keys(valores).forEach(function (k) { if (String(valores[k]).trim() !== "") { parametros.append(k, valores[k]); } });
    var busqueda = tabla.search();
    if (busqueda) { parametros.append("search[value]", busqueda); }
    window.location.assign(urls.exportar + "?" + parametros.toString());
  });

  function recargar() { tabla.ajax.reload(null, false); }

  // --- Child row: Pasos / Reprogramaciones ------------------------------------------------------------------

  var contadorDetalle = 0;

  function selectorEstatus(paso) {
    var opciones = config.estatus_paso.map(function (e) {
      return '<option value="' + entero(e.id) + '"' + (e.id === paso.estatus_paso ? " selected" : "") + ">" + esc(e.descripcion) + "</option>";
    }).join("");
    return '<select class="form-select form-select-sm" data-paso="' + entero(paso.id) + '" data-campo="estatus" aria-label="Estatus del paso">' + opciones + "</select>";
  }

  function campoFecha(paso, tipo, valor) {
    var etiqueta = { 1: "inicio", 2: "término", 3: "entrega" }[tipo];
    return '<input type="date" class="form-control form-control-sm" data-paso="' + entero(paso.id) + '" data-campo="fecha" data-tipo="' + tipo +
      '" value="' + esc(aIso(valor)) + '" aria-label="Fecha de ' + etiqueta + '">';
  }

  function campoArchivo(paso) {
    var enlace = paso.archivo && /^https?:\/\//i.test(paso.archivo)
      ? '<a href="' + esc(paso.archivo) + '" target="_blank" rel="noopener noreferrer" class="me-1" title="Abrir evidencia"><i class="bi bi-link-45deg" aria-hidden="true"></i><span class="visually-hidden">Abrir evidencia</span></a>' : "";
    if (!puede.editar_pasos) { return enlace || '<span class="text-body-secondary">—</span>'; }
    return '<div class="input-group input-group-sm">' + (enlace ? '<span class="input-group-text">' + enlace + "</span>" : "") +
      '<input type="url" class="form-control" placeholder="https://…" data-paso="' + entero(paso.id) + '" data-campo="archivo" value="' +
      esc(paso.archivo) + '" aria-label="Enlace de evidencia"></div>';
  }

  function columnasPasos() {
    var editable = puede.editar_pasos;
    function fecha(tipo, clave) {
      return { data: clave, titulo: { 1: "Inicio", 2: "Término", 3: "Entrega" }[tipo], orden: false,
        render: function (d, t, paso) { return t === "display" && editable ? campoFecha(paso, tipo, d) : esc(d); } };
    }
    return [
      { data: "orden", titulo: "#", orden: false },
      { data: "desc_paso", titulo: "Paso", orden: false },
      { data: "estatus_texto", titulo: "Estatus", orden: false,
        render: function (d, t, paso) { return t === "display" && editable ? selectorEstatus(paso) : esc(d); } },
      fecha(1, "fecha_inicio"),
      fecha(2, "fecha_termino"),
      fecha(3, "fecha_entrega"),
      { data: "archivo", titulo: "Evidencia", orden: false,
        render: function (_d, t, paso) { return t === "display" ? campoArchivo(paso) : paso.archivo; } }
    ];
  }

  function panelDetalle(fila) {
    contadorDetalle += 1;
    var n = contadorDetalle;
    var esInicial = fila.id_tipo_id !== config.tipo_reprogramacion;
    var div = document.createElement("div");
    div.className = "ot-detalle";
    div.innerHTML =
      '<ul class="nav nav-tabs" role="tablist">' +
      '<li class="nav-item" role="presentation"><button class="nav-link active" data-bs-toggle="tab" data-bs-target="#ot-pasos-' + n + '" type="button" role="tab">Pasos</button></li>' +
      (esInicial ? '<li class="nav-item" role="presentation"><button class="nav-link" data-bs-toggle="tab" data-bs-target="#ot-repro-' + n + '" type="button" role="tab">Reprogramaciones <span class="badge text-bg-secondary">' + entero(fila.count_reprogramaciones) + "</span></button></li>" : "") +
      "</ul>" +
      '<div class="tab-content pt-2">' +
      '<div class="tab-pane fade show active" id="ot-pasos-' + n + '" role="tabpanel"><table class="table table-sm align-middle w-100" data-tabla="pasos"></table></div>' +
      (esInicial ? '<div class="tab-pane fade" id="ot-repro-' + n + '" role="tabpanel"><table class="table table-sm table-hover align-middle w-100" data-tabla="repro"></table></div>' : "") +
      "</div>";
    return div;
  }

  function abrirDetalle(tr) {
    var fila = tabla.row(tr);
    var icono = tr.querySelector("[data-accion=expandir] i");
    if (fila.child.isShown()) {
      fila.child.hide();
      if (icono) { icono.className = "bi bi-chevron-right"; }
      return;
    }
    var datos = fila.data();
    var panel = panelDetalle(datos);
    fila.child(panel).show();
    if (icono) { icono.className = "bi bi-chevron-down"; }
    var tablaPasos = S.tabla(panel.querySelector("[data-tabla=pasos]"), {
      url: urls.detalle_datatable,
      columnas: columnasPasos(),
      orden: [],
      porPagina: 50,
      filtros: function () { return { id_ot: datos.id }; }
    });
    panel.addEventListener("change", function (evento) { cambioEnPaso(evento.target, tablaPasos, fila); });
    var tablaRepro = panel.querySelector("[data-tabla=repro]");
    if (tablaRepro) {
      S.tabla(tablaRepro, {
        url: urls.datatable,
        columnas: columnasOT(false).slice(1),
        orden: [[4, "desc"]],
        filtros: function () { return { tipo: config.tipo_reprogramacion, ot_principal: datos.id }; }
      });
    }
  }

  function tras(envelope, alExito) {
    S.aviso(envelope);
    if (envelope && envelope.exito && alExito) { alExito(envelope); }
    return envelope;
  }

  /* Refresh the progress cells of an OT row in place: reloading the table would close its child row. */
  function refrescarAvance(filaApi) {
    var datos = filaApi.data();
    S.getJSON(urls.obtener_progreso_general_ot, { ot_id: datos.id }).then(function (a) {
      var nuevos = Object.assign({}, datos, a, { progreso_final: a.progreso });
      filaApi.data(nuevos);
      var icono = filaApi.node().querySelector("[data-accion=expandir] i");
      if (icono && filaApi.child.isShown()) { icono.className = "bi bi-chevron-down"; }
    }, function () { /* the next reload shows it */ });
  }

  function cambioEnPaso(control, tablaPasos, filaApi) {
    var id = control.dataset.paso;
    var campo = control.dataset.campo;
    if (!id || !campo) { return; }
    var peticion;
    if (campo === "estatus") {
      peticion = S.post(urls.cambiar_estatus_paso, { paso_id: id, nuevo_estatus: control.value });
    } else if (campo === "fecha") {
      peticion = S.post(urls.actualizar_fecha, { id_paso: id, tipo: control.dataset.tipo, fecha: control.value });
    } else if (campo === "archivo") {
      peticion = S.post(urls.guardar_archivo_ot, { paso_id: id, archivo: control.value.trim() });
    } else {
      return;
    }
    peticion.then(function (envelope) {
      tras(envelope, function () { tablaPasos.ajax.reload(null, false); refrescarAvance(filaApi); });
      if (!envelope.exito) { tablaPasos.ajax.reload(null, false); }
    });
  }

  // --- Modals -----------------------------------------------------------------------------------------------

  function modal(id) { return window.bootstrap.Modal.getOrCreateInstance(document.getElementById(id)); }

  function opciones(select, lista, textoVacio) {
    var actual = select.value;
    select.textContent = "";
    var vacio = document.createElement("option");
    vacio.value = "";
    vacio.textContent = textoVacio || "—";
    select.appendChild(vacio);
    lista.forEach(function (item) {
      var o = document.createElement("option");
      o.value = String(item.id);
      o.textContent = item.texto;
      select.appendChild(o);
    });
    select.value = actual;
  }

  var otsIniciales = null;
  function cargarIniciales() {
    if (otsIniciales) { return Promise.resolve(otsIniciales); }
    return S.getJSON(urls.obtener_ot_iniciales).then(function (lista) {
      otsIniciales = lista.map(function (o) {
        return { id: o.id, texto: o.orden_trabajo + (o.oficio_ot ? " · " + o.oficio_ot : "") };
      });
      document.querySelectorAll("select[data-ots-iniciales]").forEach(function (s) { opciones(s, otsIniciales); });
      return otsIniciales;
    });
  }

  var sitiosCargados = null;
  function cargarSitios() {
    if (sitiosCargados) { return sitiosCargados; }
    var selects = document.querySelectorAll("#form-editar-ot select[data-categoria]");
    var porCategoria = {};
    selects.forEach(function (s) { porCategoria[s.dataset.categoria] = true; });
    sitiosCargados = Promise.all(Object.keys(porCategoria).map(function (categoria) {
      return S.getJSON(urls.obtener_sitios_frente, { frente_id: categoria }).then(function (lista) {
        selects.forEach(function (s) {
          if (s.dataset.categoria === categoria) {
            opciones(s, lista.map(function (x) { return { id: x.id, texto: x.descripcion }; }));
          }
        });
      });
    }));
    return sitiosCargados;
  }

  var formEditar = document.getElementById("form-editar-ot");

  function mostrarSitiosPorFrente() {
    var frente = Number(formEditar.elements.id_frente.value);
    var f = config.frentes;
    var visibles = {
      embarcacion: frente === f.barco || !frente,
      plataforma: true,
      intercom: frente !== f.cp_ps,
      patio: frente === f.tierra || !frente,
      fase: frente === f.barco || frente === f.cp_ps
    };
    var fase = visibles.fase && formEditar.elements.check_fase_patio.checked;
    formEditar.querySelectorAll("[data-sitio]").forEach(function (el) {
      var clave = el.dataset.sitio;
      el.classList.toggle("d-none", clave === "fase-datos" ? !fase : !visibles[clave]);
    });
  }
  formEditar.elements.id_frente.addEventListener("change", mostrarSitiosPorFrente);
  formEditar.elements.check_fase_patio.addEventListener("change", mostrarSitiosPorFrente);

  function abrirEditar(id) {
    Promise.all([S.getJSON(urls.obtener_datos, { id: id }), cargarSitios(), cargarIniciales()]).then(function (r) {
      var d = r[0].datos;
      formEditar.reset();
      S.mostrarErrores(formEditar, {});
      Object.keys(d).forEach(function (clave) {
        var control = formEditar.elements.namedItem(clave);
        if (control && control.type !== "checkbox") { control.value = d[clave] === null || d[clave] === undefined ? "" : String(d[clave]); }
      });
      formEditar.elements.check_fase_patio.checked = Boolean(d.requiere_patio);
      formEditar.elements.id_patio_fase.value = d.requiere_patio && d.id_patio ? String(d.id_patio) : "";
      mostrarSitiosPorFrente();
      modal("modal-editar-ot").show();
    }, S.aviso);
  }

  formEditar.addEventListener("submit", function (evento) {
    evento.preventDefault();
    var datos = new FormData(formEditar);
    if (!formEditar.elements.check_fase_patio.checked) { datos.delete("check_fase_patio"); }
    S.post(urls.editar, datos).then(function (envelope) {
      S.mostrarErrores(formEditar, envelope.errores);
      tras(envelope, function () { modal("modal-editar-ot").hide(); recargar(); });
    });
  });

  var formCrear = document.getElementById("form-crear-ot");
  function ajustarCrear() {
    var repro = Number(formCrear.elements.id_tipo.value) === config.tipo_reprogramacion;
    formCrear.querySelectorAll("[data-solo-reprogramacion]").forEach(function (el) { el.classList.toggle("d-none", !repro); });
  }
  formCrear.elements.id_tipo.addEventListener("change", ajustarCrear);

  function abrirCrear(principalId) {
    cargarIniciales().then(function () {
      formCrear.reset();
      S.mostrarErrores(formCrear, {});
      formCrear.elements.id_tipo.value = String(principalId ? config.tipo_reprogramacion : 4);
      formCrear.elements.ot_principal.value = principalId ? String(principalId) : "";
      var fila = principalId ? otsIniciales.filter(function (o) { return o.id === principalId; })[0] : null;
      if (fila) { formCrear.elements.orden_trabajo.value = fila.texto.split(" · ")[0]; }
      ajustarCrear();
      modal("modal-crear-ot").show();
    }, S.aviso);
  }
  var botonNueva = document.getElementById("boton-nueva-ot");
  if (botonNueva) { botonNueva.addEventListener("click", function () { abrirCrear(null); }); }

  formCrear.addEventListener("submit", function (evento) {
    evento.preventDefault();
    S.post(urls.crear_ot, new FormData(formCrear)).then(function (envelope) {
      S.mostrarErrores(formCrear, envelope.errores);
      tras(envelope, function () { modal("modal-crear-ot").hide(); otsIniciales = null; recargar(); });
    });
  });

  var formEstatus = document.getElementById("form-estatus-ot");
  function abrirEstatus(fila) {
    formEstatus.reset();
    S.mostrarErrores(formEstatus, {});
    formEstatus.elements.ot_id.value = String(fila.id);
    if (fila.estatus_ot_id) { formEstatus.elements.nuevo_estatus_id.value = String(fila.estatus_ot_id); }
    modal("modal-estatus-ot").show();
  }
  formEstatus.addEventListener("submit", function (evento) {
    evento.preventDefault();
    S.post(urls.cambiar_estatus_ot, new FormData(formEstatus)).then(function (envelope) {
      S.mostrarErrores(formEstatus, envelope.errores);
      tras(envelope, function () { modal("modal-estatus-ot").hide(); recargar(); });
    });
  });

  document.getElementById("tabla-ots").addEventListener("click", function (evento) {
    var control = evento.target.closest("button[data-accion]");
    if (!control || control.closest(".ot-detalle")) { return; }
    var tr = control.closest("tr");
    var accion = control.dataset.accion;
    if (accion === "expandir") { abrirDetalle(tr); return; }
    var fila = tabla.row(tr).data();
    if (!fila) { return; }
    if (accion === "editar") { abrirEditar(fila.id); }
    if (accion === "estatus") { abrirEstatus(fila); }
    if (accion === "reprogramar") { abrirCrear(fila.id); }
    if (accion === "eliminar" && window.confirm("¿Eliminar la OT " + fila.orden_trabajo + "? Dejará de aparecer en las listas, pero conserva su historial.")) {
      S.post(urls.eliminar, { id: fila.id }).then(function (envelope) { tras(envelope, recargar); });
    }
  });
})();
