/* Estimations: the list with its "Nueva estimación" modal, the detail page (lines, adjustments, workflow) and the
 * reconciliation's OT picker. Each page hands its configuration as JSON (#configuracion-estimaciones,
 * #configuracion-estimacion, #configuracion-conciliacion); the parts of this file run only where theirs is present.
 *
 * Money and volumes arrive as strings and are only formatted here, never added up: every total comes from the
 * server. Every text the server sends is rendered escaped.
 */
(function (window, document) {
  "use strict";

  var S = window.SASCOP;
  if (!S) { return; }

  var formatoCantidad = new Intl.NumberFormat("es-MX", { minimumFractionDigits: 0, maximumFractionDigits: 6 });
  var formatoPrecio = new Intl.NumberFormat("es-MX", { minimumFractionDigits: 2, maximumFractionDigits: 4 });

  var configuracion = S.configuracion;
  var esc = S.escapar;

  function numero(valor, formato) {
    if (valor === null || valor === undefined || valor === "") { return ""; }
    var n = Number(valor);
    return isFinite(n) ? formato.format(n) : String(valor);
  }

  function moneda(valor, divisa) {
    return valor === null || valor === undefined || valor === "" ? "" : S.moneda(valor, divisa);
  }

  function enDerecha(columna, render) {
    columna.clase = "text-end";
    columna.render = function (dato, tipo) { return tipo === "display" ? esc(render(dato)) : dato; };
    return columna;
  }

  /* A table whose numeric columns come in groups (volume / MXN / USD) shows one group at a time. */
  function alternarGrupos(nombreRadios, tabla) {
    document.querySelectorAll('input[name="' + nombreRadios + '"]').forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (!tabla || !radio.checked) { return; }
        tabla.querySelectorAll("[data-grupo]").forEach(function (celda) {
          celda.hidden = celda.dataset.grupo !== radio.value;
        });
      });
    });
  }

  /* Search box + list of OT families (buscar-ots endpoint); `alElegir(ot)` gets the chosen one. */
  function selectorOT(entrada, lista, url, extra, alElegir) {
    var espera = null;
    var ultima = 0;
    function pintar(ots) {
      lista.replaceChildren();
      if (!ots.length) {
        var vacio = document.createElement("div");
        vacio.className = "list-group-item small text-body-secondary";
        vacio.textContent = "No se encontraron OTs.";
        lista.appendChild(vacio);
        return;
      }
      ots.forEach(function (ot) {
        var boton = document.createElement("button");
        boton.type = "button";
        boton.className = "list-group-item list-group-item-action est-ot-opcion";
        boton.setAttribute("role", "option");
        boton.dataset.ot = ot.id;
        var folio = document.createElement("div");
        folio.className = "fw-semibold";
        folio.textContent = ot.orden_trabajo;
        var detalle = document.createElement("div");
        detalle.className = "small text-body-secondary";
        var contratos = ot.contratos.map(function (c) { return c.numero_contrato; }).join(", ") || "sin contrato ligado";
        detalle.textContent = (ot.descripcion_trabajo || "").slice(0, 120) + " · " + ot.por_estimar + " registros sin estimar · " + contratos;
        boton.appendChild(folio);
        boton.appendChild(detalle);
        boton.addEventListener("click", function () {
          lista.querySelectorAll(".active").forEach(function (b) { b.classList.remove("active"); b.setAttribute("aria-selected", "false"); });
          boton.classList.add("active");
          boton.setAttribute("aria-selected", "true");
          alElegir(ot);
        });
        lista.appendChild(boton);
      });
    }
    function buscar() {
      var turno = ++ultima;
      var parametros = Object.assign({ texto: entrada.value.trim() }, extra || {});
      S.getJSON(url, parametros).then(function (json) {
        if (turno === ultima) { pintar(json.ots || []); }
      }, S.aviso);
    }
    entrada.addEventListener("input", function () {
      window.clearTimeout(espera);
      espera = window.setTimeout(buscar, 300);
    });
    return buscar;
  }

  // --- List page -------------------------------------------------------------------------------------------------

  function iniciarLista(config) {
    var urls = config.urls;
    var columnas = config.columnas.map(function (c) {
      var col = { data: c.data, titulo: c.titulo, orden: c.orden };
      if (c.data === "folio") {
        col.clase = "est-folio";
        col.render = function (dato, tipo, fila) {
          return tipo === "display" ? '<a href="' + esc(fila.url) + '">' + esc(dato) + "</a>" : dato;
        };
      } else if (c.data === "estado") {
        col.render = function (dato, tipo, fila) {
          if (tipo !== "display") { return dato; }
          var color = config.colores[dato] || "secondary";
          return '<span class="badge text-bg-' + esc(color) + '">' + esc(fila.estado_texto) + "</span>";
        };
      } else if (c.data === "ot" || c.data === "periodo" || c.data === "fecha_estimacion") {
        col.clase = "text-nowrap";
      } else if (/_mn$/.test(c.data)) {
        enDerecha(col, function (v) { return moneda(v, "MXN"); });
      } else if (/_usd$/.test(c.data)) {
        enDerecha(col, function (v) { return moneda(v, "USD"); });
      }
      return col;
    });
    var tabla = S.tabla("#tabla-estimaciones", {
      url: urls.datatable,
      columnas: columnas,
      orden: [],
      filtros: function () { return S.valoresFormulario("#filtros-estimaciones"); },
      recargarCon: "#filtros-estimaciones"
    });

    document.querySelectorAll(".est-estado-kpi").forEach(function (enlace) {
      enlace.addEventListener("click", function (evento) {
        evento.preventDefault();
        var filtro = document.getElementById("filtro-estado");
        filtro.value = filtro.value === enlace.dataset.estado ? "" : enlace.dataset.estado;
        tabla.ajax.reload(null, true);
      });
    });

    var form = document.getElementById("form-nueva-estimacion");
    if (form) { iniciarNueva(form, urls); }
  }

  function iniciarNueva(form, urls) {
    var entrada = document.getElementById("n-buscar-ot");
    var idOt = document.getElementById("n-id_ot");
    var contrato = document.getElementById("n-contrato");
    var ayuda = document.getElementById("n-contrato-ayuda");
    var opciones = Array.prototype.slice.call(contrato.options).map(function (o) { return { valor: o.value, texto: o.textContent }; });

    function opcionesContrato(permitidos) {
      contrato.replaceChildren();
      var lista = opciones.filter(function (o) {
        return o.valor === "" ? permitidos.length !== 1 : (!permitidos.length || permitidos.indexOf(o.valor) !== -1);
      });
      lista.forEach(function (o) {
        var opcion = document.createElement("option");
        opcion.value = o.valor;
        opcion.textContent = o.valor === "" ? "Elija el contrato" : o.texto;
        contrato.appendChild(opcion);
      });
    }

    var buscar = selectorOT(entrada, document.getElementById("est-ots"), urls.buscar_ots, {}, function (ot) {
      idOt.value = ot.id;
      entrada.classList.remove("is-invalid");
      var ids = ot.contratos.map(function (c) { return String(c.id); });
      opcionesContrato(ids);
      ayuda.textContent = ids.length === 1 ? "El contrato de los conceptos de la OT."
        : ids.length ? "La OT tiene conceptos de varios contratos: elija el de esta estimación."
        : "Los conceptos de la OT no están ligados a un contrato: elija el de esta estimación.";
    });

    entrada.addEventListener("input", function () { idOt.value = ""; });

    document.getElementById("modal-nueva-estimacion").addEventListener("shown.bs.modal", function () {
      buscar();
      entrada.focus();
    });

    form.addEventListener("submit", function (evento) {
      evento.preventDefault();
      var boton = document.getElementById("n-crear");
      boton.disabled = true;
      S.post(urls.crear, S.valoresFormulario(form)).then(function (json) {
        if (json.exito) {
          S.aviso(json);
          window.location.assign(json.url);
          return;
        }
        boton.disabled = false;
        S.mostrarErrores(form, json.errores);
        if (json.errores && (json.errores.id_ot || json.errores.ot)) { entrada.classList.add("is-invalid"); }
        S.aviso(json);
      });
    });
  }

  // --- Detail page -----------------------------------------------------------------------------------------------

  function iniciarPestanas() {
    var botones = document.querySelectorAll("#pestanas-estimacion [data-hash]");
    botones.forEach(function (boton) {
      boton.addEventListener("shown.bs.tab", function () {
        window.history.replaceState(null, "", "#" + boton.dataset.hash);
        window.dispatchEvent(new Event("resize"));
      });
    });
    var hash = window.location.hash.replace(/[^a-z]/g, "");
    var inicial = hash ? document.querySelector('#pestanas-estimacion [data-hash="' + hash + '"]') : null;
    if (inicial && window.bootstrap) { window.bootstrap.Tab.getOrCreateInstance(inicial).show(); }
  }

  function columnasLineas(config) {
    var columnas = config.columnas.map(function (c) {
      var col = { data: c.data, titulo: c.titulo, orden: c.orden };
      if (c.data === "volumen_actual" || c.data === "volumen_estimado") {
        enDerecha(col, function (v) { return numero(v, formatoCantidad); });
      } else if (c.data === "precio_unitario_mn" || c.data === "precio_unitario_usd") {
        enDerecha(col, function (v) { return numero(v, formatoPrecio); });
      } else if (c.data === "importe_mn") {
        enDerecha(col, function (v) { return moneda(v, "MXN"); });
      } else if (c.data === "importe_usd") {
        enDerecha(col, function (v) { return moneda(v, "USD"); });
      }
      return col;
    });
    if (config.editable) {
      columnas.push({
        data: "id", titulo: "", orden: false, clase: "text-nowrap",
        render: function (dato, tipo, fila) {
          if (tipo !== "display" || !fila.vigente) { return ""; }
          return '<button type="button" class="btn btn-sm btn-outline-primary" data-ajustar="' + esc(dato) + '">Ajustar</button>';
        }
      });
    }
    return columnas;
  }

  function iniciarDetalle(config) {
    iniciarPestanas();
    alternarGrupos("conceptos-vista", document.getElementById("tabla-conceptos"));
    var tabla = S.tabla("#tabla-lineas", { url: config.urls.lineas, columnas: columnasLineas(config), orden: [] });
    tabla.on("draw", function () {
      tabla.rows({ page: "current" }).every(function () {
        var fila = this.data();
        var nodo = this.node();
        if (!fila || !nodo) { return; }
        nodo.classList.toggle("est-ajustada", !!fila.ajustada);
        nodo.classList.toggle("est-no-vigente", !fila.vigente);
        nodo.dataset.linea = fila.id;
      });
    });
    if (config.editable) { iniciarAjuste(config, tabla); }
    iniciarEstados(config);
  }

  function iniciarAjuste(config, tabla) {
    var form = document.getElementById("form-ajustar");
    var modal = window.bootstrap.Modal.getOrCreateInstance(document.getElementById("modal-ajustar"));
    document.getElementById("tabla-lineas").addEventListener("click", function (evento) {
      var boton = evento.target.closest("[data-ajustar]");
      if (!boton) { return; }
      var fila = tabla.row(boton.closest("tr")).data();
      S.mostrarErrores(form, {});
      form.elements.detalle.value = fila.id;
      form.elements.volumen_estimado.value = fila.volumen_estimado;
      form.elements.comentario.value = fila.comentario_ajuste || "";
      document.getElementById("ajustar-descripcion").textContent = fila.fecha + " · " + fila.anexo + " " + fila.codigo + " · " + fila.descripcion;
      document.getElementById("ajustar-producido").textContent = numero(fila.volumen_actual, formatoCantidad) + " " + (fila.unidad || "");
      modal.show();
    });
    form.addEventListener("submit", function (evento) {
      evento.preventDefault();
      S.post(config.urls.ajustar_linea, S.valoresFormulario(form)).then(function (json) {
        S.aviso(json);
        if (!json.exito) { S.mostrarErrores(form, json.errores); return; }
        // Totals, deductions and the per-concept account all change: the page shows them as the server has them.
        window.location.hash = "lineas";
        window.location.reload();
      });
    });
  }

  function iniciarEstados(config) {
    var nodo = document.getElementById("modal-estado");
    if (!nodo) { return; }
    var form = document.getElementById("form-estado");
    var modal = window.bootstrap.Modal.getOrCreateInstance(nodo);
    document.querySelectorAll("[data-cambiar-estado]").forEach(function (boton) {
      boton.addEventListener("click", function () {
        S.mostrarErrores(form, {});
        form.reset();
        form.elements.estado.value = boton.dataset.cambiarEstado;
        form.querySelectorAll("div[data-pide]").forEach(function (bloque) {
          bloque.hidden = bloque.dataset.pide !== boton.dataset.pide;
        });
        document.getElementById("modal-estado-titulo").textContent = boton.dataset.etiqueta;
        document.getElementById("estado-pregunta").textContent = "¿Confirma «" + boton.dataset.etiqueta + "» para la estimación " +
          document.getElementById("dato-folio").textContent + "?";
        var confirmar = document.getElementById("estado-confirmar");
        confirmar.textContent = boton.dataset.etiqueta;
        confirmar.className = "btn btn-" + (boton.dataset.cambiarEstado === "CANCELADA" ? "danger" : "primary");
        modal.show();
      });
    });
    form.addEventListener("submit", function (evento) {
      evento.preventDefault();
      var confirmar = document.getElementById("estado-confirmar");
      confirmar.disabled = true;
      S.post(config.urls.cambiar_estado, S.valoresFormulario(form)).then(function (json) {
        S.aviso(json);
        if (json.exito) {
          window.location.reload();
          return;
        }
        confirmar.disabled = false;
        S.mostrarErrores(form, json.errores);
      });
    });
  }

  // --- Reconciliation --------------------------------------------------------------------------------------------

  function iniciarConciliacion(config) {
    alternarGrupos("conciliacion-vista", document.getElementById("tabla-conciliacion"));
    var form = document.getElementById("conciliacion-buscar");
    var entrada = document.getElementById("conc-buscar-ot");
    var buscar = selectorOT(entrada, document.getElementById("conc-ots"), config.urls.buscar_ots, { todas: "1" }, function (ot) {
      document.getElementById("conc-id_ot").value = ot.id;
      form.submit();
    });
    entrada.addEventListener("input", function () { document.getElementById("conc-id_ot").value = ""; });
    entrada.addEventListener("focus", function () {
      if (!document.getElementById("conc-ots").children.length) { buscar(); }
    });
    form.addEventListener("submit", function (evento) {
      if (!document.getElementById("conc-id_ot").value) { evento.preventDefault(); buscar(); }
    });
  }

  var lista = configuracion("configuracion-estimaciones");
  if (lista) { iniciarLista(lista); }
  var detalle = configuracion("configuracion-estimacion");
  if (detalle) { iniciarDetalle(detalle); }
  var conciliacion = configuracion("configuracion-conciliacion");
  if (conciliacion) { iniciarConciliacion(conciliacion); }
})(window, document);
