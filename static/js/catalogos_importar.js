/* Catalogue import page (Anexo C of a contract, PUE catalogue): the upload, the job's progress bar, the report.
 *
 * The page hands its endpoints as JSON (#configuracion-importar-catalogo). The POST answers the job to poll;
 * SASCOP.enviarImportacion follows it, every state moving the bar, and SASCOP.mostrarInforme draws the report.
 * Every text from the server goes in through textContent.
 */
(function (window, document) {
  "use strict";

  var S = window.SASCOP;
  var nodo = document.getElementById("configuracion-importar-catalogo");
  var form = document.getElementById("form-importar-catalogo");
  if (!S || !nodo || !form) { return; }
  var config = JSON.parse(nodo.textContent);
  var urls = config.urls;
  var MAXIMO_PROBLEMAS = 500; // the table shows these; the error workbook has them all
  var formatoEntero = new Intl.NumberFormat("es-MX");

  // --- What is imported decides which fields apply ------------------------------------------------------------

  function tipoElegido() {
    var marcado = form.querySelector("input[name=tipo]:checked");
    return marcado ? marcado.value : config.tipos.anexo_c;
  }

  function ajustarCampos() {
    var tipo = tipoElegido();
    form.querySelectorAll("[data-ayuda]").forEach(function (el) {
      el.hidden = el.getAttribute("data-ayuda") !== tipo;
    });
    var esAnexo = tipo === config.tipos.anexo_c;
    document.getElementById("importar-contrato-requerido").hidden = !esAnexo;
    document.getElementById("importar-contrato").required = esAnexo;
    if (!esAnexo) { document.getElementById("importar-cliente").value = ""; }
  }

  form.querySelectorAll("input[name=tipo]").forEach(function (radio) {
    radio.addEventListener("change", ajustarCampos);
  });
  ajustarCampos();

  // --- Upload, progress bar and report (SASCOP.enviarImportacion / mostrarInforme) ---------------------------------

  var barra = S.barraProgreso("importar");

  function textoAvance(trabajo) {
    var texto = trabajo.estado_texto || "En proceso";
    if (trabajo.total) {
      texto += " · " + formatoEntero.format(trabajo.avance) + " de " + formatoEntero.format(trabajo.total) + " pasos";
    }
    return texto;
  }

  function mostrarInforme(trabajo) {
    var informe = S.mostrarInforme(trabajo, {
      prefijo: "importar",
      barra: barra,
      descarga: "descargar-errores-catalogo",
      urlErrores: urls.errores,
      creadas: "Conceptos creados",
      actualizadas: "Actualizados",
      verbo: "escribió",
      exito: "Se importó el catálogo.",
      hoja: true,
      otros: true,
      maximo: MAXIMO_PROBLEMAS
    });
    var r = informe.resultado;
    document.getElementById("importar-informe-tipo").textContent = r.tipo_texto ? "· " + r.tipo_texto + (r.contrato ? " · contrato " + r.contrato : "") : "";
    document.getElementById("ver-conceptos").hidden = !r.escrito;
  }

  function reiniciar() {
    barra.ocultar();
    document.getElementById("importar-informe").hidden = true;
    S.mostrarErrores(form, {});
  }

  form.addEventListener("submit", function (evento) {
    evento.preventDefault();
    reiniciar();
    var faltan = {};
    if (!form.elements.archivo.files.length) { faltan.archivo = ["Seleccione el libro que se importa."]; }
    if (tipoElegido() === config.tipos.anexo_c && !form.elements.contrato.value.trim()) {
      faltan.contrato = ["Indique el número del contrato al que pertenece el Anexo C."];
    }
    if (Object.keys(faltan).length) {
      S.mostrarErrores(form, faltan);
      return;
    }
    S.enviarImportacion(form, {
      url: urls.importar,
      urlTrabajo: urls.trabajo,
      boton: document.getElementById("boton-importar-catalogo"),
      barra: barra,
      textoAvance: textoAvance,
      alTerminar: mostrarInforme
    });
  });
})(window, document);
