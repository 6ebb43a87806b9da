/* OT "Programa" tab: the task tree grid of a schedule version with its inline capture of real / client progress and
 * comments. window.CronogramaArbol(opciones) — opciones: cuerpo (the <tbody>), expandir / contraer (buttons),
 * urlAvance(id) (the task's capture endpoint) and alGuardar(envelope) (after a save: today's figures...).
 *
 * Rows come flat in file order (nivel, padre_uid) as selectors.arbol_tareas gives them; summaries collapse by hiding
 * their descendants. Only leaves of an editable version get editable cells; a summary's % always comes from the
 * server, which answers each save with the task and its ancestors. Every text goes in through textContent.
 */
(function (window, document) {
  "use strict";

  var S = window.SASCOP;
  var formatoPorcentaje = new Intl.NumberFormat("es-MX", { maximumFractionDigits: 2 });
  var formatoDias = new Intl.NumberFormat("es-MX", { maximumFractionDigits: 2 });
  var CAMPOS = { porcentaje_real: "avance_real", porcentaje_cliente: "avance_cliente", comentario: "comentario" };
  var ETIQUETAS = { porcentaje_real: "Avance real", porcentaje_cliente: "Avance del cliente", comentario: "Comentario" };

  function porcentaje(valor) {
    if (valor === null || valor === undefined || valor === "") { return "—"; }
    var n = Number(valor);
    return isFinite(n) ? formatoPorcentaje.format(n) + " %" : String(valor);
  }

  /* "2003-01-07T08:00" → "07/01/2003" (local times without a zone). */
  function fechaDmy(iso) {
    if (!iso) { return ""; }
    var p = String(iso).substring(0, 10).split("-");
    return p.length === 3 ? p[2] + "/" + p[1] + "/" + p[0] : String(iso);
  }

  function celda(fila, texto, clase) {
    var td = document.createElement("td");
    if (clase) { td.className = clase; }
    td.textContent = texto === null || texto === undefined ? "" : String(texto);
    fila.appendChild(td);
    return td;
  }

  function CronogramaArbol(o) {
    var arbol = this;
    this.tareas = [];
    this.porUid = {};
    this.colapsadas = {};
    this.editable = false;

    this.cargar = function (tareas, editable) {
      arbol.editable = editable;
      arbol.tareas = tareas;
      arbol.porUid = {};
      arbol.tareas.forEach(function (t) { arbol.porUid[t.uid] = t; });
      arbol.colapsadas = {};
      pintarArbol();
    };

    this.esperar = function () {
      o.cuerpo.replaceChildren();
      var espera = document.createElement("tr");
      celda(espera, "Cargando tareas…", "sascop-vacio").colSpan = 10;
      o.cuerpo.appendChild(espera);
    };

    function barra(valor, clase) {
      var b = document.createElement("span");
      b.className = "cronograma-barra" + (clase ? " " + clase : "");
      b.setAttribute("aria-hidden", "true");
      var relleno = document.createElement("span");
      relleno.style.width = Math.max(0, Math.min(100, Number(valor) || 0)) + "%";
      b.appendChild(relleno);
      return b;
    }

    function celdaAvance(fila, tarea, campo) {
      var valor = tarea[CAMPOS[campo]];
      var td = celda(fila, campo === "comentario" ? (valor || "") : porcentaje(valor),
        campo === "comentario" ? "cronograma-comentario" : "text-end");
      td.dataset.campo = campo;
      if (campo !== "comentario") { td.appendChild(barra(valor, campo === "porcentaje_cliente" ? "cronograma-barra-cliente" : "")); }
      if (arbol.editable && !tarea.es_resumen) {
        td.classList.add("cronograma-editable");
        td.tabIndex = 0;
        td.setAttribute("role", "button");
        td.setAttribute("aria-label", ETIQUETAS[campo] + " de " + tarea.nombre);
        if (campo === "comentario" && !valor) { td.classList.add("cronograma-vacio"); }
      }
      return td;
    }

    function filaDe(t) {
      var fila = document.createElement("tr");
      fila.dataset.uid = t.uid;
      fila.dataset.nivel = t.nivel;
      if (t.es_resumen) {
        fila.className = "cronograma-resumen";
        fila.setAttribute("aria-expanded", arbol.colapsadas[t.uid] ? "false" : "true");
      }
      celda(fila, t.wbs || "", "text-body-secondary");
      var nombre = celda(fila, "", "cronograma-nombre");
      nombre.style.setProperty("--nivel", Math.max(0, (Number(t.nivel) || 1) - 1));
      if (t.es_resumen) {
        var conmutador = document.createElement("button");
        conmutador.type = "button";
        conmutador.className = "cronograma-conmutador";
        conmutador.dataset.alternar = t.uid;
        conmutador.setAttribute("aria-label", "Contraer o expandir " + t.nombre);
        conmutador.innerHTML = '<i class="bi bi-caret-down-fill" aria-hidden="true"></i>';
        nombre.appendChild(conmutador);
      } else {
        var sangria = document.createElement("span");
        sangria.className = "cronograma-sangria";
        nombre.appendChild(sangria);
      }
      if (t.es_hito) {
        var hito = document.createElement("i");
        hito.className = "bi bi-diamond-fill cronograma-hito";
        hito.title = "Hito";
        nombre.appendChild(hito);
      }
      nombre.appendChild(document.createTextNode(t.nombre));
      celda(fila, fechaDmy(t.inicio), "text-nowrap");
      celda(fila, fechaDmy(t.fin), "text-nowrap");
      celda(fila, t.duracion_dias === null || t.duracion_dias === undefined ? "" : formatoDias.format(Number(t.duracion_dias)), "text-end");
      celda(fila, t.peso_porcentaje === null || t.peso_porcentaje === undefined ? "" : porcentaje(t.peso_porcentaje), "text-end");
      celda(fila, porcentaje(t.porcentaje_completado), "text-end");
      celdaAvance(fila, t, "porcentaje_real");
      celdaAvance(fila, t, "porcentaje_cliente");
      celdaAvance(fila, t, "comentario");
      return fila;
    }

    function pintarArbol() {
      var cuerpo = o.cuerpo;
      cuerpo.replaceChildren();
      if (!arbol.tareas.length) {
        var vacia = document.createElement("tr");
        celda(vacia, "La versión no tiene tareas.", "sascop-vacio").colSpan = 10;
        cuerpo.appendChild(vacia);
        return;
      }
      var fragmento = document.createDocumentFragment();
      arbol.tareas.forEach(function (t) { fragmento.appendChild(filaDe(t)); });
      cuerpo.appendChild(fragmento);
      aplicarColapso();
    }

    /* File order puts every summary before its children, so one pass knows whether a row's ancestors are open. */
    function aplicarColapso() {
      var oculto = {};
      o.cuerpo.querySelectorAll("tr[data-uid]").forEach(function (fila) {
        var t = arbol.porUid[fila.dataset.uid];
        var padre = t ? t.padre_uid : null;
        var esconder = padre !== null && padre !== undefined && (oculto[padre] || !!arbol.colapsadas[padre]);
        oculto[fila.dataset.uid] = esconder;
        fila.hidden = esconder;
        if (t && t.es_resumen) { fila.setAttribute("aria-expanded", arbol.colapsadas[t.uid] ? "false" : "true"); }
      });
    }

    o.cuerpo.addEventListener("click", function (evento) {
      var conmutador = evento.target.closest("[data-alternar]");
      if (conmutador) {
        var uid = conmutador.dataset.alternar;
        if (arbol.colapsadas[uid]) { delete arbol.colapsadas[uid]; } else { arbol.colapsadas[uid] = true; }
        aplicarColapso();
        return;
      }
      var td = evento.target.closest("td.cronograma-editable");
      if (td && !td.querySelector("input")) { editar(td); }
    });

    o.cuerpo.addEventListener("keydown", function (evento) {
      var td = evento.target.closest("td.cronograma-editable");
      if (td && evento.target === td && (evento.key === "Enter" || evento.key === "F2")) {
        evento.preventDefault();
        editar(td);
      }
    });

    o.expandir.addEventListener("click", function () { arbol.colapsadas = {}; aplicarColapso(); });
    o.contraer.addEventListener("click", function () {
      arbol.colapsadas = {};
      arbol.tareas.forEach(function (t) { if (t.es_resumen) { arbol.colapsadas[t.uid] = true; } });
      aplicarColapso();
    });

    // --- Inline capture --------------------------------------------------------------------------------------------

    function valorCrudo(tarea, campo) {
      var v = tarea[CAMPOS[campo]];
      if (campo === "comentario") { return v || ""; }
      return v === null || v === undefined ? "" : String(Number(v));
    }

    function editar(td) {
      var fila = td.closest("tr");
      var tarea = arbol.porUid[fila.dataset.uid];
      var campo = td.dataset.campo;
      var original = valorCrudo(tarea, campo);
      var entrada = document.createElement("input");
      entrada.className = "form-control form-control-sm";
      entrada.name = campo;
      if (campo === "comentario") {
        entrada.type = "text";
        entrada.maxLength = 2000;
      } else {
        entrada.type = "number";
        entrada.min = "0";
        entrada.max = "100";
        entrada.step = "0.01";
        entrada.inputMode = "decimal";
      }
      entrada.value = original;
      entrada.setAttribute("aria-label", td.getAttribute("aria-label") || campo);
      td.classList.remove("cronograma-vacio", "cronograma-con-error");
      td.replaceChildren(entrada);
      entrada.focus();
      entrada.select();
      var terminado = false;
      function cerrar() { terminado = true; reemplazarFila(tarea); }
      entrada.addEventListener("keydown", function (evento) {
        if (evento.key === "Escape") { evento.preventDefault(); cerrar(); }
        if (evento.key === "Enter") { evento.preventDefault(); guardar(); }
      });
      entrada.addEventListener("blur", function () {
        if (!terminado && !td.classList.contains("cronograma-guardando")) {
          if (entrada.value.trim() === original && !td.classList.contains("cronograma-con-error")) { cerrar(); } else { guardar(); }
        }
      });
      function guardar() {
        if (terminado || td.classList.contains("cronograma-guardando")) { return; }
        var valor = entrada.value.trim();
        if (valor === original && !td.classList.contains("cronograma-con-error")) { cerrar(); return; }
        td.classList.add("cronograma-guardando");
        entrada.readOnly = true;
        var datos = {};
        datos[campo] = valor;
        S.post(o.urlAvance(tarea.id), datos).then(function (envelope) {
          td.classList.remove("cronograma-guardando");
          entrada.readOnly = false;
          if (envelope.exito) {
            terminado = true;
            (envelope.tareas || []).forEach(actualizarTarea);
            if (td.isConnected) { reemplazarFila(tarea); }
            o.alGuardar(envelope);
            var nueva = o.cuerpo.querySelector('tr[data-uid="' + tarea.uid + '"] td[data-campo="' + campo + '"]');
            if (nueva) { nueva.classList.add("cronograma-guardado"); nueva.focus(); }
            return;
          }
          marcarError(td, entrada, envelope, campo);
          if (envelope.estado_http !== 400) { S.aviso(envelope); }
        });
      }
    }

    function marcarError(td, entrada, envelope, campo) {
      var errores = envelope.errores || {};
      var mensaje = [].concat(errores[campo] || errores.__all__ || envelope.detalles || "No se pudo guardar.").join(" ");
      td.classList.add("cronograma-con-error");
      entrada.classList.add("is-invalid");
      entrada.setAttribute("aria-invalid", "true");
      var previo = td.querySelector(".cronograma-error-celda");
      if (previo) { previo.remove(); }
      var aviso = document.createElement("span");
      aviso.className = "cronograma-error-celda";
      aviso.setAttribute("role", "alert");
      aviso.textContent = mensaje;
      td.appendChild(aviso);
      entrada.focus();
    }

    function actualizarTarea(nueva) {
      var anterior = arbol.porUid[nueva.uid];
      if (!anterior) { return; }
      Object.keys(nueva).forEach(function (k) { anterior[k] = nueva[k]; });
      reemplazarFila(anterior);
    }

    function reemplazarFila(tarea) {
      var vieja = o.cuerpo.querySelector('tr[data-uid="' + tarea.uid + '"]');
      if (!vieja) { return; }
      var nueva = filaDe(tarea);
      nueva.hidden = vieja.hidden;
      vieja.replaceWith(nueva);
    }
  }

  window.CronogramaArbol = CronogramaArbol;
})(window, document);
