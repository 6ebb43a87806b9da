/* Activity log page: server-side table plus its filters. Every value is rendered as escaped text. */
(function () {
  "use strict";

  function valoresFiltro(formulario) {
    const datos = {};
    new FormData(formulario).forEach(function (valor, clave) {
      if (String(valor).trim() !== "") {
        datos[clave] = valor;
      }
    });
    return datos;
  }

  function cargarUsuarios(select) {
    window.SASCOP.getJSON(select.dataset.url, {}).then(function (usuarios) {
      (usuarios || []).forEach(function (u) {
        const opcion = document.createElement("option");
        opcion.value = u.id;
        opcion.textContent = u.nombre_completo === u.username ? u.username : u.nombre_completo + " (" + u.username + ")";
        select.appendChild(opcion);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const formulario = document.getElementById("filtros-actividad");
    const tablaHtml = document.getElementById("tabla-actividad");
    if (!formulario || !tablaHtml || !window.SASCOP) {
      return;
    }
    const columnas = JSON.parse(document.getElementById("columnas-actividad").textContent);
    const tabla = window.SASCOP.tabla("#tabla-actividad", {
      url: tablaHtml.dataset.url,
      columnas: columnas,
      filtros: function () { return valoresFiltro(formulario); },
      orden: [[0, "desc"]],
    });
    cargarUsuarios(document.getElementById("filtro-usuario"));
    formulario.addEventListener("submit", function (evento) {
      evento.preventDefault();
      tabla.ajax.reload();
    });
    formulario.addEventListener("reset", function () {
      window.setTimeout(function () { tabla.ajax.reload(); }, 0);
    });
  });
})();
