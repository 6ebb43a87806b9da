/* Fleet page: record a vessel's position typed by hand, then reload the table with it. */
(function (window, document) {
  "use strict";

  var form = document.getElementById("form-posicion");
  if (!form) { return; }

  form.addEventListener("submit", function (evento) {
    evento.preventDefault();
    var boton = form.querySelector("button[type=submit]");
    boton.disabled = true;
    window.SASCOP.post(form.getAttribute("data-url"), window.SASCOP.valoresFormulario(form)).then(function (respuesta) {
      boton.disabled = false;
      window.SASCOP.mostrarErrores(form, respuesta.errores || {});
      window.SASCOP.aviso(respuesta);
      if (respuesta.exito) { window.setTimeout(function () { window.location.reload(); }, 800); }
    });
  });
})(window, document);
