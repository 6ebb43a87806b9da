/* SASCOP.tabla(): the one way pages build a server-side DataTables 2 list (needs sascop.js first).
 *
 *   var tabla = SASCOP.tabla("#tabla-ots", {
 *     url: "/operaciones/ot/datatable/",
 *     columnas: [{data: "orden_trabajo", titulo: "Folio"}, {data: "acciones", titulo: "", orden: false,
 *                 render: function (dato, tipo, fila) { ... }}],
 *     filtros: function () { return SASCOP.valoresFormulario("#filtros-ot"); },
 *     orden: [[0, "desc"]],
 *     recargarCon: "#filtros-ot"          // optional: reload when these controls change
 *   });
 *
 * The server sends data, never HTML: every column is rendered as escaped text unless a render is given (and a
 * custom render must escape what it prints). The filters travel as extra GET parameters with each request.
 */
(function (window, document) {
  "use strict";

  var DataTable = window.DataTable;
  var SASCOP = window.SASCOP || (window.SASCOP = {});
  if (!DataTable) { return; }

  // Errors are reported with a toast, not DataTables' alert() box.
  DataTable.ext.errMode = "none";

  var ESPANOL = {
    decimal: ".",
    thousands: ",",
    emptyTable: "No hay registros para mostrar.",
    info: "Mostrando _START_ a _END_ de _TOTAL_ registros",
    infoEmpty: "Sin registros",
    infoFiltered: "(filtrados de _MAX_ en total)",
    infoPostFix: "",
    lengthMenu: "Mostrar _MENU_ registros",
    loadingRecords: "Cargando…",
    processing: "Procesando…",
    search: "Buscar:",
    searchPlaceholder: "Escriba para buscar",
    zeroRecords: "No se encontraron registros que coincidan.",
    orderClear: "Quitar orden",
    paginate: { first: "«", previous: "‹", next: "›", last: "»" },
    aria: {
      orderable: "Ordenar por esta columna",
      orderableReverse: "Invertir el orden de esta columna",
      orderableRemove: "Quitar el orden de esta columna",
      paginate: { first: "Primera página", previous: "Página anterior", next: "Página siguiente", last: "Última página", number: "Página" }
    },
    select: { rows: { _: "%d filas seleccionadas", 1: "1 fila seleccionada", 0: "" } }
  };

  function columnas(definicion) {
    return (definicion || []).map(function (c) {
      return {
        data: c.data,
        title: c.titulo === undefined ? "" : c.titulo,
        orderable: c.orden !== false,
        searchable: c.busqueda !== false,
        className: c.clase || "",
        defaultContent: "",
        render: typeof c.render === "function" ? c.render : DataTable.render.text()
      };
    });
  }

  function ordenInicial(opciones, cols) {
    if (Array.isArray(opciones.orden)) { return opciones.orden; }
    for (var i = 0; i < cols.length; i++) {
      if (cols[i].orderable) { return [[i, "asc"]]; }
    }
    return [];
  }

  function avisarError(xhr) {
    if (!xhr) { return; }
    if (xhr.status === 401) {
      if (SASCOP.sesionExpirada) { SASCOP.sesionExpirada(); }
      return;
    }
    var json = xhr.responseJSON;
    var envelope = json && json.detalles ? json : {
      exito: false,
      tipo_aviso: "error",
      detalles: xhr.status === 0 ? "No hay comunicación con el servidor." : "No fue posible cargar la tabla (HTTP " + xhr.status + ")."
    };
    if (SASCOP.aviso) { SASCOP.aviso(envelope); }
  }

  function tabla(selector, opciones) {
    opciones = opciones || {};
    var cols = columnas(opciones.columnas);
    var instancia = new DataTable(selector, {
      serverSide: true,
      processing: true,
      searchDelay: 400,
      pageLength: opciones.porPagina || 25,
      lengthMenu: [10, 25, 50, 100],
      autoWidth: false,
      language: ESPANOL,
      columns: cols,
      order: ordenInicial(opciones, cols),
      ajax: {
        url: opciones.url,
        type: "GET",
        data: function (parametros) {
          var extra = typeof opciones.filtros === "function" ? (opciones.filtros() || {}) : {};
          Object.keys(extra).forEach(function (clave) { parametros[clave] = extra[clave]; });
        }
      }
    });
    instancia.on("xhr", function (evento, ajustes, json, xhr) {
      if (json === null) { avisarError(xhr); }
    });
    if (opciones.recargarCon) { recargarAlCambiar(opciones.recargarCon, instancia); }
    return instancia;
  }

  /* Reload a table (back to page 1) whenever a control inside `selector` changes; typing is debounced. */
  function recargarAlCambiar(selector, instancia) {
    var espera = null;
    function recargar() { instancia.ajax.reload(null, true); }
    document.querySelectorAll(selector).forEach(function (contenedor) {
      contenedor.addEventListener("change", recargar);
      contenedor.addEventListener("input", function (evento) {
        var tipo = evento.target ? evento.target.type : "";
        if (tipo === "text" || tipo === "search") {
          window.clearTimeout(espera);
          espera = window.setTimeout(recargar, 400);
        }
      });
      if (contenedor.tagName === "FORM") {
        contenedor.addEventListener("submit", function (evento) { evento.preventDefault(); recargar(); });
      }
    });
    return instancia;
  }

  SASCOP.tabla = tabla;
  SASCOP.recargarAlCambiar = recargarAlCambiar;
  SASCOP.idiomaTablas = ESPANOL;
})(window, document);
