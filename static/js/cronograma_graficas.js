/* OT "Programa" tab, the pictures: the Gantt of a version (vendored frappe-gantt) and its S-curves (Chart.js).
 *
 * window.CronogramaGraficas = { Gantt, curva }. cronograma.js fetches the data and hands it over; nothing here
 * talks to the server. frappe-gantt writes a bar's name with innerHTML, so every text given to it is escaped here.
 * frappe-gantt has no tree: summaries collapse by filtering the tasks handed to it (a click on a summary bar toggles
 * it, and a level selector shows the outline down to a level); links to hidden tasks are left out.
 */
(function (window, document) {
  "use strict";

  var formatoPorcentaje = new Intl.NumberFormat("es-MX", { maximumFractionDigits: 2 });
  var NOMBRES_ESCALA = { Day: "día", Week: "semana", Month: "mes" };
  var TIPOS = { FS: "fin a comienzo", SS: "comienzo a comienzo", FF: "fin a fin", SF: "comienzo a fin" };

  function esc(texto) {
    var div = document.createElement("div");
    div.textContent = texto === null || texto === undefined ? "" : String(texto);
    return div.innerHTML;
  }

  function porcentaje(valor) {
    var n = Number(valor);
    return isFinite(n) ? formatoPorcentaje.format(n) + " %" : "—";
  }

  /* "2003-01-07T08:00" → "07/01/2003" (the server sends local times without a zone). */
  function fechaDmy(iso) {
    if (!iso) { return ""; }
    var p = String(iso).substring(0, 10).split("-");
    return p.length === 3 ? p[2] + "/" + p[1] + "/" + p[0] : String(iso);
  }

  /* "2003-01-07T08:00" → "2003-01-07 08:00", the form frappe-gantt parses as a local date. */
  function fechaGantt(iso) {
    return String(iso).replace("T", " ").substring(0, 16);
  }

  function hoyIso() {
    var d = new Date();
    function dos(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + dos(d.getMonth() + 1) + "-" + dos(d.getDate());
  }

  // --- Gantt -----------------------------------------------------------------------------------------------------

  function Gantt(contenedor, opciones) {
    this.contenedor = contenedor;
    this.opciones = opciones || {};
    this.tareas = [];
    this.dependencias = [];
    this.colapsadas = {};
    this.nivelMaximo = null;
    this.escala = "Week";
    this.grafica = null;
  }

  /* datos (selectors.gantt): {tareas: [{id (unique id), name, wbs, level, parent, start, end, progress,
   * client_progress, planned_progress, is_summary, is_milestone}], dependencias: [{from, to, type, lag_days}]}. */
  Gantt.prototype.cargar = function (datos) {
    this.tareas = (datos.tareas || []).filter(function (t) { return t.start && t.end; }).map(function (t) {
      return {
        uid: t.id, nombre: t.name, wbs: t.wbs, nivel: t.level, padre_uid: t.parent, inicio: t.start, fin: t.end,
        avance_real: t.progress, avance_cliente: t.client_progress, avance_planeado: t.planned_progress,
        es_resumen: !!t.is_summary, es_hito: !!t.is_milestone
      };
    });
    this.dependencias = (datos.dependencias || []).map(function (d) {
      return { predecesor_uid: d.from, sucesor_uid: d.to, tipo: d.type, lag_dias: d.lag_days };
    });
    this.colapsadas = {};
    this.porUid = {};
    var self = this;
    this.tareas.forEach(function (t) { self.porUid[t.uid] = t; });
    return this;
  };

  Gantt.prototype.niveles = function () {
    var maximo = 0;
    this.tareas.forEach(function (t) { maximo = Math.max(maximo, Number(t.nivel) || 1); });
    return maximo;
  };

  Gantt.prototype.visible = function (tarea) {
    if (this.nivelMaximo && (Number(tarea.nivel) || 1) > this.nivelMaximo) { return false; }
    var padre = tarea.padre_uid;
    var vistos = 0;
    while (padre !== null && padre !== undefined && this.porUid[padre] && vistos < 100) {
      if (this.colapsadas[padre]) { return false; }
      padre = this.porUid[padre].padre_uid;
      vistos += 1;
    }
    return true;
  };

  Gantt.prototype.alternar = function (uid) {
    if (this.colapsadas[uid]) { delete this.colapsadas[uid]; } else { this.colapsadas[uid] = true; }
    this.pintar(true);
  };

  Gantt.prototype.barras = function () {
    var self = this;
    var visibles = {};
    var lista = this.tareas.filter(function (t) { return self.visible(t); });
    lista.forEach(function (t) { visibles[t.uid] = true; });
    var predecesoras = {};
    this.dependencias.forEach(function (d) {
      if (visibles[d.predecesor_uid] && visibles[d.sucesor_uid]) {
        (predecesoras[d.sucesor_uid] = predecesoras[d.sucesor_uid] || []).push("t" + d.predecesor_uid);
      }
    });
    return lista.map(function (t) {
      // frappe-gantt adds custom_class with classList.add: one token only.
      var clase = t.es_resumen ? "gantt-resumen" : (t.es_hito ? "gantt-hito" : "gantt-tarea");
      var marca = t.es_resumen ? (self.colapsadas[t.uid] ? "▸ " : "▾ ") : (t.es_hito ? "◆ " : "");
      return {
        id: "t" + t.uid,
        name: esc(marca + (t.wbs ? t.wbs + " " : "") + t.nombre),
        start: fechaGantt(t.inicio),
        end: fechaGantt(t.fin),
        progress: Math.max(0, Math.min(100, Number(t.avance_real) || 0)),
        dependencies: predecesoras[t.uid] || [],
        custom_class: clase,
        _tarea: t
      };
    });
  };

  Gantt.prototype.textoEmergente = function (tarea) {
    var t = tarea._tarea;
    var self = this;
    var lineas = [
      fechaDmy(t.inicio) + " → " + fechaDmy(t.fin),
      "Planeado a hoy " + porcentaje(t.avance_planeado) + " · Real " + porcentaje(t.avance_real) +
        " · Cliente " + porcentaje(t.avance_cliente)
    ];
    var entrantes = this.dependencias.filter(function (d) { return d.sucesor_uid === t.uid; });
    entrantes.slice(0, 5).forEach(function (d) {
      var pred = self.porUid[d.predecesor_uid];
      var lag = Number(d.lag_dias) || 0;
      lineas.push("Depende de " + esc(pred ? pred.nombre : "#" + d.predecesor_uid) + " (" + (TIPOS[d.tipo] || esc(d.tipo)) +
        (lag ? (lag > 0 ? ", +" : ", ") + formatoPorcentaje.format(lag) + " d" : "") + ")");
    });
    if (t.es_resumen) { lineas.push(self.colapsadas[t.uid] ? "Clic: expandir" : "Clic: contraer"); }
    return '<div class="title">' + esc(t.nombre) + '</div><div class="subtitle">' + esc(t.wbs ? "EDT " + t.wbs : "") +
      '</div><div class="details">' + lineas.join("<br>") + "</div>";
  };

  Gantt.prototype.pintar = function (conservarPosicion) {
    var self = this;
    var barras = this.barras();
    var nota = this.opciones.nota;
    if (!window.Gantt) {
      this.contenedor.textContent = "No se pudo cargar el componente del diagrama de Gantt.";
      return;
    }
    var desplazamiento = conservarPosicion && this.grafica ? this.grafica.$container.scrollLeft : null;
    this.contenedor.replaceChildren();
    if (!barras.length) {
      var vacio = document.createElement("p");
      vacio.className = "sascop-vacio mb-0";
      vacio.textContent = "La versión no tiene tareas con fechas.";
      this.contenedor.appendChild(vacio);
      this.grafica = null;
      return;
    }
    this.grafica = new window.Gantt(this.contenedor, barras, {
      view_mode: this.escala,
      language: "es",
      readonly: true,
      today_button: false,
      view_mode_select: false,
      infinite_padding: false,
      popup_on: "hover",
      bar_height: 22,
      padding: 14,
      lines: "both",
      scroll_to: this.hoyDentro() ? this.antesDeHoy() : "start",
      auto_move_label: true,
      popup: function (ctx) { return self.textoEmergente(ctx.task); },
      on_click: function (tarea) {
        if (tarea._tarea.es_resumen) { self.alternar(tarea._tarea.uid); }
      }
    });
    if (desplazamiento !== null) { this.grafica.$container.scrollLeft = desplazamiento; }
    if (nota) {
      var dentro = this.hoyDentro();
      nota.textContent = dentro ? "La línea vertical marca hoy." :
        "Hoy (" + fechaDmy(hoyIso()) + ") queda fuera del periodo del programa.";
      nota.dataset.hoy = dentro ? "dentro" : "fuera";
    }
  };

  Gantt.prototype.hoyDentro = function () {
    if (!this.tareas.length) { return false; }
    var hoy = hoyIso();
    var inicio = this.tareas.reduce(function (m, t) { return t.inicio < m ? t.inicio : m; }, this.tareas[0].inicio);
    var fin = this.tareas.reduce(function (m, t) { return t.fin > m ? t.fin : m; }, this.tareas[0].fin);
    return hoy >= inicio.substring(0, 10) && hoy <= fin.substring(0, 10);
  };

  /* frappe-gantt scrolls a date to the left edge: scrolling to a little before today keeps what came before it. */
  var ANTES_DE_HOY = { Day: 5, Week: 21, Month: 60 };
  Gantt.prototype.antesDeHoy = function () {
    var d = new Date();
    d.setDate(d.getDate() - (ANTES_DE_HOY[this.escala] || 7));
    return d.getFullYear() + "-" + (d.getMonth() + 1) + "-" + d.getDate();
  };

  Gantt.prototype.contextoHoy = function () {
    if (this.grafica && this.hoyDentro()) { this.grafica.set_scroll_position(this.antesDeHoy()); }
  };

  Gantt.prototype.cambiarEscala = function (escala) {
    if (!NOMBRES_ESCALA[escala]) { return; }
    this.escala = escala;
    if (this.grafica) {
      this.grafica.change_view_mode(escala);
      this.contextoHoy();
    }
  };

  Gantt.prototype.mostrarNivel = function (nivel) {
    this.nivelMaximo = Number(nivel) || null;
    this.colapsadas = {};
    this.pintar(true);
  };

  Gantt.prototype.irAHoy = function () {
    if (this.grafica && this.hoyDentro()) {
      this.contextoHoy();
    }
  };

  // --- S-curves --------------------------------------------------------------------------------------------------

  /* A dashed vertical line at today's position on the category axis (interpolated between the two dates around it). */
  var lineaHoy = {
    id: "lineaHoy",
    afterDatasetsDraw: function (grafica, argumentos, opciones) {
      var fechas = opciones.fechas || [];
      var hoy = hoyIso();
      if (fechas.length < 2 || hoy < fechas[0] || hoy > fechas[fechas.length - 1]) { return; }
      var escala = grafica.scales.x;
      var x = null;
      for (var i = 0; i < fechas.length - 1; i++) {
        if (hoy >= fechas[i] && hoy <= fechas[i + 1]) {
          var a = Date.parse(fechas[i]), b = Date.parse(fechas[i + 1]), h = Date.parse(hoy);
          var fraccion = b > a ? (h - a) / (b - a) : 0;
          x = escala.getPixelForValue(i) + fraccion * (escala.getPixelForValue(i + 1) - escala.getPixelForValue(i));
          break;
        }
      }
      if (x === null) { return; }
      var ctx = grafica.ctx;
      var area = grafica.chartArea;
      ctx.save();
      ctx.strokeStyle = "#0f1f3a";
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(x, area.top);
      ctx.lineTo(x, area.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = "#0f1f3a";
      ctx.font = "600 11px system-ui, sans-serif";
      ctx.fillText("Hoy", x + 4, area.top + 12);
      ctx.restore();
    }
  };

  function serie(etiqueta, valores, color, extra) {
    var base = {
      label: etiqueta,
      data: (valores || []).map(function (v) { return v === null || v === undefined ? null : Number(v); }),
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2,
      pointRadius: 0,
      pointHoverRadius: 4,
      tension: 0.25,
      spanGaps: true
    };
    Object.keys(extra || {}).forEach(function (k) { base[k] = extra[k]; });
    return base;
  }

  /* curva: {fechas: ["YYYY-MM-DD", ...], planeado: [...], real: [...], cliente: [...]} cumulative % (strings). */
  function curva(lienzo, datos, anterior) {
    if (anterior) { anterior.destroy(); }
    if (!window.Chart || !lienzo) { return null; }
    var fechas = (datos.fechas || []).map(function (f) { return String(f).substring(0, 10); });
    var puntos = function (valores) {
      // Real and client are measured at a few dates only: their points are drawn, joined by straight lines.
      var conDato = (valores || []).filter(function (v) { return v !== null && v !== undefined; }).length;
      return conDato <= 12 ? 4 : 0;
    };
    return new window.Chart(lienzo, {
      type: "line",
      data: {
        labels: fechas.map(fechaDmy),
        datasets: [
          serie("Planeado", datos.planeado, "#0f1f3a", { fill: { target: "origin" }, backgroundColor: "rgba(15, 31, 58, .08)" }),
          serie("Real", datos.real, "#F05523", { pointRadius: puntos(datos.real), tension: 0 }),
          serie("Cliente", datos.cliente, "#2E86AB", { pointRadius: puntos(datos.cliente), tension: 0, borderDash: [6, 4] })
        ]
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          y: { min: 0, max: 100, ticks: { callback: function (v) { return v + " %"; } }, title: { display: true, text: "Avance acumulado" } },
          x: { ticks: { autoSkip: true, maxTicksLimit: 14, maxRotation: 0 } }
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + (c.parsed.y === null ? "—" : porcentaje(c.parsed.y)); } } },
          lineaHoy: { fechas: fechas }
        }
      },
      plugins: [lineaHoy]
    });
  }

  window.CronogramaGraficas = { Gantt: Gantt, curva: curva, fechaDmy: fechaDmy, porcentaje: porcentaje, esc: esc };
})(window, document);
