/* Report centre (templates/reportes/centro.html): each report is a plain GET form whose action is the module's own
   download endpoint. Two helpers only:
   - reports whose endpoint takes an id in its path (data-parametro-ruta): the chosen id replaces the "/0/" of the
     reversed address and the remaining fields go in the query string;
   - the production sheet: choosing an OT narrows the site list to the sites that OT works at (data-sitios). */
(function (document, window) {
  "use strict";

  function direccionConRuta(form) {
    var campo = form.dataset.parametroRuta;
    var valor = form.elements[campo].value;
    var parametros = new URLSearchParams();
    new FormData(form).forEach(function (v, k) { if (k !== campo && v !== "") { parametros.append(k, v); } });
    var consulta = parametros.toString();
    return form.dataset.plantilla.replace("/0/", "/" + encodeURIComponent(valor) + "/") + (consulta ? "?" + consulta : "");
  }

  function limitarSitios(form) {
    var ot = form.querySelector("select[name=id_ot]");
    var sitio = form.querySelector("select[name=id_sitio]");
    if (!ot || !sitio) { return; }
    function aplicar() {
      var elegida = ot.options[ot.selectedIndex];
      var permitidos = elegida && elegida.dataset.sitios ? elegida.dataset.sitios.split(",") : null;
      var primero = null;
      Array.prototype.forEach.call(sitio.options, function (opcion) {
        if (!opcion.value) { return; }
        var visible = !permitidos || permitidos.indexOf(opcion.value) !== -1;
        opcion.hidden = !visible;
        opcion.disabled = !visible;
        if (visible && primero === null && permitidos) { primero = opcion; }
      });
      var actual = sitio.options[sitio.selectedIndex];
      if (primero && (!actual || !actual.value || actual.disabled)) { sitio.value = primero.value; }
    }
    ot.addEventListener("change", aplicar);
    aplicar();
  }

  document.querySelectorAll("form.reporte-form").forEach(function (form) {
    limitarSitios(form);
    if (form.dataset.parametroRuta) {
      form.addEventListener("submit", function (evento) {
        evento.preventDefault();
        window.location.href = direccionConRuta(form);
      });
    }
  });
})(document, window);
