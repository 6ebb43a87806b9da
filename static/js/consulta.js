/* Centro de consulta, mode "Información": the filter bar drives the KPI cards, the five charts (daily line, bars
 * per leader, period drill-down, funnel of statuses, S-curve), the table and the Excel link, so they always
 * describe the same rows. The period chart drills down year → month → day when a
 * bar is clicked. */
(function (window, document) {
  "use strict";

  var SASCOP = window.SASCOP;
  var Chart = window.Chart;
  var nodo = document.getElementById("configuracion-consulta");
  if (!SASCOP || !nodo) { return; }
  var configuracion = JSON.parse(nodo.textContent);
  var columnas = JSON.parse(document.getElementById("columnas-consulta").textContent);
  var urls = configuracion.urls;
  var MESES = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"];
  var graficas = {};
  var periodo = { nivel: "anio", anio: null, mes: null };
  var filasPeriodo = [];

  function filtros() {
    var valores = SASCOP.valoresFormulario("#filtros-consulta");
    Object.keys(valores).forEach(function (clave) { if (valores[clave] === "") { delete valores[clave]; } });
    return valores;
  }

  function fallo(sobre) {
    SASCOP.aviso(sobre);
    if (sobre && sobre.errores) { SASCOP.mostrarErrores("#filtros-consulta", sobre.errores); }
  }

  function volumen(valor) {
    return Number(valor).toLocaleString("es-MX", { maximumFractionDigits: 2 });
  }

  function pintarIndicadores(k) {
    var valores = document.querySelectorAll("#consulta-kpis .sascop-kpi-valor");
    valores[0].textContent = SASCOP.moneda(k.importe_mn, "MXN");
    valores[1].textContent = SASCOP.moneda(k.importe_usd, "USD");
    valores[2].textContent = volumen(k.volumen_producido) + " / " + volumen(k.volumen_programado);
    valores[3].textContent = SASCOP.moneda(k.excedente_mn, "MXN");
    var notas = document.querySelectorAll("#consulta-kpis .card-body");
    var nota = notas[0].querySelector(".consulta-nota") || notas[0].appendChild(document.createElement("div"));
    nota.className = "sascop-kpi-nota consulta-nota";
    nota.textContent = k.ots + " OT · " + k.filas + " registros";
  }

  function grafica(id, tipo, datos, opciones) {
    if (!Chart) { return null; }
    if (graficas[id]) {
      graficas[id].data = datos;
      graficas[id].update();
      return graficas[id];
    }
    graficas[id] = new Chart(document.getElementById(id), {
      type: tipo,
      data: datos,
      options: Object.assign({ responsive: true, maintainAspectRatio: false }, opciones || {})
    });
    return graficas[id];
  }

  function etiquetaPeriodo(valor) {
    if (periodo.nivel === "mes") { return MESES[Number(valor) - 1] + " " + periodo.anio; }
    return String(valor);
  }

  function pintarPeriodo(datos) {
    var filas = filasPeriodo = datos.filas;
    grafica("grafica-periodo", "bar", {
      labels: filas.map(function (f) { return etiquetaPeriodo(f.periodo); }),
      datasets: [{ label: "Importe MXN", data: filas.map(function (f) { return Number(f.importe_mn); }), backgroundColor: "#1F3864" },
                 { label: "Importe USD", data: filas.map(function (f) { return Number(f.importe_usd); }), backgroundColor: "#5B9BD5" }]
    }, {
      // Clicking anywhere in a period's column (either currency's bar) drills into it.
      interaction: { mode: "index", intersect: false },
      onClick: function (evento, elementos) {
        if (!elementos.length || periodo.nivel === "dia") { return; }
        // The chart keeps this handler across updates: read the rows of the latest answer, not of the first.
        var fila = filasPeriodo[elementos[0].index];
        if (periodo.nivel === "anio") { periodo = { nivel: "mes", anio: fila.periodo, mes: null }; }
        else { periodo = { nivel: "dia", anio: periodo.anio, mes: fila.periodo }; }
        cargarGraficas();
      }
    });
    var ruta = periodo.nivel === "anio" ? "por año" : periodo.nivel === "mes" ? "por mes de " + periodo.anio
      : "por día de " + MESES[periodo.mes - 1] + " " + periodo.anio;
    document.getElementById("periodo-ruta").textContent = "(" + ruta + ")";
    document.getElementById("periodo-subir").classList.toggle("d-none", periodo.nivel === "anio");
  }

  function fecha(texto) {
    var partes = String(texto).split("-");
    return partes.length === 3 ? partes[2] + "/" + partes[1] + "/" + partes[0] : texto;
  }

  var compacto = new Intl.NumberFormat("es-MX", { notation: "compact", maximumFractionDigits: 1 });

  function cargarEmbudo(parametros) {
    return SASCOP.getJSON(urls.embudo, parametros).then(function (r) {
      // Stages as columns left to right (every label shown, never rotated); MXN on the left axis, USD on the right.
      grafica("grafica-embudo", "bar", {
        labels: r.etapas.map(function (e) { return e.etiqueta; }),
        datasets: [{ label: "Importe MXN", data: r.etapas.map(function (e) { return Number(e.importe_mn); }), backgroundColor: "#1F3864", yAxisID: "y" },
                   { label: "Importe USD", data: r.etapas.map(function (e) { return Number(e.importe_usd); }), backgroundColor: "#ED7D31", yAxisID: "y1" }]
      }, {
        scales: {
          x: { ticks: { autoSkip: false, maxRotation: 0, callback: function (v) {
            var texto = this.getLabelForValue(v);
            return texto.indexOf(" / ") > 0 ? texto.split(" / ") : texto;  // "GPU firmado / liberado" on two lines
          } } },
          y: { position: "left", beginAtZero: true, title: { display: true, text: "MXN" }, ticks: { callback: function (v) { return compacto.format(v); } } },
          y1: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: "USD" }, ticks: { callback: function (v) { return compacto.format(v); } } }
        },
        plugins: { tooltip: { callbacks: {
          label: function (c) { return c.dataset.label + ": " + SASCOP.moneda(c.raw, c.datasetIndex === 0 ? "MXN" : "USD"); },
          afterLabel: function (c) { return r.etapas[c.dataIndex].registros + " registros"; }
        } } }
      });
    }, fallo);
  }

  function cargarCurvaS(parametros) {
    return SASCOP.getJSON(urls.curva_s, parametros).then(function (r) {
      var serie = function (campo) { return r.curva.map(function (p) { return Number(p[campo]); }); };
      grafica("grafica-curva-s", "line", {
        labels: r.curva.map(function (p) { return fecha(p.fecha); }),
        datasets: [
          { label: "Producido MXN", data: serie("producido_mn"), borderColor: "#1F3864", pointRadius: 0, yAxisID: "y" },
          { label: "Programado MXN", data: serie("programado_mn"), borderColor: "#1F3864", borderDash: [6, 4], pointRadius: 0, yAxisID: "y" },
          { label: "Producido USD", data: serie("producido_usd"), borderColor: "#ED7D31", pointRadius: 0, yAxisID: "y1" },
          { label: "Programado USD", data: serie("programado_usd"), borderColor: "#ED7D31", borderDash: [6, 4], pointRadius: 0, yAxisID: "y1" }
        ]
      }, {
        interaction: { mode: "index", intersect: false },
        scales: { y: { position: "left", title: { display: true, text: "MXN acumulado" } },
                  y1: { position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: "USD acumulado" } } }
      });
    }, fallo);
  }

  function cargarGraficas() {
    var parametros = Object.assign(filtros(), { nivel: periodo.nivel });
    if (periodo.anio) { parametros.anio = periodo.anio; }
    if (periodo.mes) { parametros.mes = periodo.mes; }
    return SASCOP.getJSON(urls.graficas, parametros).then(function (r) {
      grafica("grafica-diaria", "line", {
        labels: r.diaria.map(function (d) { return d.fecha; }),
        datasets: [{ label: "Producido", data: r.diaria.map(function (d) { return Number(d.producido); }), borderColor: "#1F3864", tension: 0.2 },
                   { label: "Programado", data: r.diaria.map(function (d) { return Number(d.programado); }), borderColor: "#ED7D31", borderDash: [6, 4], tension: 0.2 }]
      });
      grafica("grafica-lideres", "bar", {
        labels: r.lideres.map(function (l) { return l.lider || "Sin líder"; }),
        datasets: [{ label: "Importe MXN", data: r.lideres.map(function (l) { return Number(l.importe_mn); }), backgroundColor: "#1F3864" }]
      }, { indexAxis: "y" });
      pintarPeriodo(r.periodo);
    }, fallo);
  }

  var tabla = SASCOP.tabla("#tabla-consulta", {
    url: urls.datatable,
    columnas: columnas.map(function (c) { return { data: c.data, titulo: c.titulo, orden: c.orden }; }),
    filtros: filtros,
    orden: [[0, "desc"]]
  });

  function actualizar() {
    var parametros = filtros();
    document.getElementById("consulta-exportar").href = urls.exportar + "?" + new URLSearchParams(parametros).toString();
    SASCOP.getJSON(urls.indicadores, parametros).then(function (r) { pintarIndicadores(r.indicadores); }, fallo);
    periodo = { nivel: "anio", anio: null, mes: null };
    cargarGraficas();
    cargarEmbudo(parametros);
    cargarCurvaS(parametros);
    if (tabla && tabla.ajax) { tabla.ajax.reload(); }
  }

  document.getElementById("consulta-enviar").addEventListener("click", function () {
    var boton = this;
    boton.disabled = true;
    SASCOP.post(urls.enviar_correo, filtros()).then(function (r) { SASCOP.aviso(r); }, fallo).then(function () {
      boton.disabled = false;
    });
  });
  document.getElementById("periodo-subir").addEventListener("click", function () {
    periodo = periodo.nivel === "dia" ? { nivel: "mes", anio: periodo.anio, mes: null } : { nivel: "anio", anio: null, mes: null };
    cargarGraficas();
  });
  document.getElementById("filtros-consulta").addEventListener("change", actualizar);
  document.getElementById("filtros-consulta").addEventListener("submit", function (e) { e.preventDefault(); actualizar(); });
  actualizar();

  /* --- Documentación: grouped counts (chart + table) and the flat list; clicking a group filters the list. --- */
  var columnasDocumentos = JSON.parse(document.getElementById("columnas-documentos").textContent);
  var gruposActuales = [];

  function filtrosDocumentos() {
    var valores = SASCOP.valoresFormulario("#filtros-documentos");
    Object.keys(valores).forEach(function (clave) { if (valores[clave] === "") { delete valores[clave]; } });
    return valores;
  }

  var tablaDocumentos = SASCOP.tabla("#tabla-documentos", {
    url: urls.documentos_datatable,
    columnas: columnasDocumentos.map(function (c) {
      var columna = { data: c.data, titulo: c.titulo, orden: c.orden };
      if (c.data === "enlace") {
        columna.render = function (dato) {
          if (!dato || !/^https?:\/\//i.test(dato)) { return ""; }
          var a = document.createElement("a");
          a.href = dato; a.target = "_blank"; a.rel = "noopener"; a.textContent = "Abrir";
          return a.outerHTML;
        };
      }
      return columna;
    }),
    filtros: filtrosDocumentos,
    orden: [[1, "asc"]]
  });

  function pintarGrupos(grupos) {
    gruposActuales = grupos;
    var cuerpo = document.querySelector("#tabla-grupos tbody");
    cuerpo.textContent = "";
    grupos.forEach(function (g) {
      var tr = document.createElement("tr");
      [g.grupo, g.entregados, g.pendientes, g.no_aplica, g.total].forEach(function (valor, i) {
        var td = document.createElement("td");
        td.textContent = valor;
        if (i) { td.className = "text-end"; }
        tr.appendChild(td);
      });
      cuerpo.appendChild(tr);
    });
    grafica("grafica-documentos", "bar", {
      labels: grupos.map(function (g) { return g.grupo; }),
      datasets: [
        { label: "Entregados", data: grupos.map(function (g) { return g.entregados; }), backgroundColor: "#2E7D32" },
        { label: "Pendientes", data: grupos.map(function (g) { return g.pendientes; }), backgroundColor: "#ED7D31" },
        { label: "No aplica", data: grupos.map(function (g) { return g.no_aplica; }), backgroundColor: "#A5A5A5" }
      ]
    }, {
      scales: { x: { stacked: true }, y: { stacked: true } },
      interaction: { mode: "index", intersect: false },
      onClick: function (evento, elementos) {
        if (!elementos.length) { return; }
        var grupo = gruposActuales[elementos[0].index];
        var agrupar = document.getElementById("d-agrupar").value;
        var campo = { lider: "d-lider", cliente: "d-cliente", frente: "d-frente", sitio: "d-sitio", tipo: "d-tipo", estatus: "d-estatus" }[agrupar];
        if (!campo || grupo.clave === null) { return; }
        document.getElementById(campo).value = grupo.clave;
        actualizarDocumentos();
      }
    });
  }

  function actualizarDocumentos() {
    SASCOP.getJSON(urls.documentos_agrupados, filtrosDocumentos()).then(function (r) { pintarGrupos(r.grupos); }, function (sobre) {
      SASCOP.aviso(sobre);
      if (sobre && sobre.errores) { SASCOP.mostrarErrores("#filtros-documentos", sobre.errores); }
    });
    if (tablaDocumentos && tablaDocumentos.ajax) { tablaDocumentos.ajax.reload(); }
  }

  document.getElementById("filtros-documentos").addEventListener("change", actualizarDocumentos);
  document.getElementById("filtros-documentos").addEventListener("submit", function (e) { e.preventDefault(); actualizarDocumentos(); });
  document.getElementById("filtros-documentos").addEventListener("reset", function () {
    // Hidden inputs keep a value set by script through a reset: clear the drill-down ones by hand.
    ["d-cliente", "d-frente", "d-sitio"].forEach(function (id) { document.getElementById(id).value = ""; });
    window.setTimeout(actualizarDocumentos, 0);
  });
  document.getElementById("pestana-documentacion").addEventListener("shown.bs.tab", function () {
    if (!gruposActuales.length) { actualizarDocumentos(); }
  });
})(window, document);
