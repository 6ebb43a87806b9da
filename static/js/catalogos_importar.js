/* Catalogue import page (Anexo C of a contract, PUE catalogue): the upload, the job's progress bar, the report.
 *
 * The page hands its endpoints as JSON (#configuracion-importar-catalogo). The POST answers the job to poll;
 * SASCOP.seguirTrabajo polls it and every state moves the bar. Every text from the server goes in through
 * textContent.
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

  // --- Progress bar -------------------------------------------------------------------------------------------

  function barra(porcentaje, texto, terminado, color) {
    var progreso = document.getElementById("importar-barra");
    var relleno = progreso.querySelector(".progress-bar");
    var p = Math.max(0, Math.min(100, Number(porcentaje) || 0));
    document.getElementById("importar-progreso").hidden = false;
    relleno.style.width = p + "%";
    progreso.setAttribute("aria-valuenow", String(p));
    relleno.classList.toggle("progress-bar-animated", !terminado);
    relleno.classList.toggle("progress-bar-striped", !terminado);
    relleno.classList.toggle("bg-danger", color === "error");
    relleno.classList.toggle("bg-success", color === "exito");
    document.getElementById("importar-progreso-porcentaje").textContent = p + " %";
    document.getElementById("importar-progreso-texto").textContent = texto;
  }

  function avance(trabajo) {
    var texto = trabajo.estado_texto || "En proceso";
    if (trabajo.total) {
      texto += " · " + formatoEntero.format(trabajo.avance) + " de " + formatoEntero.format(trabajo.total) + " pasos";
    }
    barra(trabajo.porcentaje, texto, false);
  }

  // --- Report -------------------------------------------------------------------------------------------------

  function celda(fila, texto, clase) {
    var td = document.createElement("td");
    if (clase) { td.className = clase; }
    td.textContent = texto === null || texto === undefined || texto === "" ? "—" : String(texto);
    fila.appendChild(td);
  }

  function conteo(lista, etiqueta, valor, clave) {
    var dt = document.createElement("dt");
    dt.className = "col-sm-4 col-lg-3 fw-normal";
    dt.textContent = etiqueta;
    var dd = document.createElement("dd");
    dd.className = "col-sm-8 col-lg-9 mb-1";
    if (clave) { dd.setAttribute("data-conteo", clave); }
    dd.textContent = typeof valor === "number" ? formatoEntero.format(valor) : String(valor);
    lista.appendChild(dt);
    lista.appendChild(dd);
  }

  function filasProblemas(cuerpo, problemas, tipo, cupo) {
    problemas.slice(0, cupo).forEach(function (p) {
      var fila = document.createElement("tr");
      fila.className = tipo === "Error" ? "table-danger" : "table-warning";
      celda(fila, tipo, "text-nowrap");
      celda(fila, p.hoja, "text-nowrap");
      celda(fila, p.fila);
      celda(fila, p.columna ? p.columna + (p.encabezado ? " (" + p.encabezado + ")" : "") : p.encabezado, "text-nowrap");
      celda(fila, p.texto || p.mensaje);
      cuerpo.appendChild(fila);
    });
    return Math.min(problemas.length, cupo);
  }

  function mostrarInforme(trabajo) {
    var r = trabajo.resultado || {};
    var errores = r.errores || [];
    var advertencias = r.advertencias || [];
    var conErrores = trabajo.estado === "ERROR" || errores.length > 0;
    barra(100, conErrores ? "Terminó con errores" : "Terminado", true, conErrores ? "error" : "exito");
    document.getElementById("importar-informe").hidden = false;

    document.getElementById("importar-informe-tipo").textContent = r.tipo_texto ? "· " + r.tipo_texto + (r.contrato ? " · contrato " + r.contrato : "") : "";
    var insignia = document.getElementById("importar-informe-estado");
    insignia.className = "badge " + (conErrores ? "text-bg-danger" : r.simulacro ? "text-bg-warning" : "text-bg-success");
    insignia.textContent = conErrores ? "Con errores: no se escribió nada" : r.simulacro ? "Simulacro: no se escribió nada" : "Importado";

    var lista = document.getElementById("importar-informe-conteos");
    lista.replaceChildren();
    conteo(lista, "Conceptos creados", r.creadas || 0, "creadas");
    conteo(lista, "Actualizados", r.actualizadas || 0, "actualizadas");
    conteo(lista, "Sin cambios", r.sin_cambios || 0, "sin_cambios");
    conteo(lista, "Advertencias", advertencias.length, "advertencias");
    conteo(lista, "Errores", errores.length, "errores");
    var otros = r.otros_creados || {};
    Object.keys(otros).sort().forEach(function (nombre) { conteo(lista, nombre, otros[nombre]); });
    document.getElementById("importar-informe-resumen").textContent = r.resumen || trabajo.mensaje || "";

    var descarga = document.getElementById("descargar-errores-catalogo");
    descarga.hidden = !(conErrores && trabajo.archivo);
    descarga.href = descarga.hidden ? "#" : urls.errores + trabajo.id + "/";
    document.getElementById("ver-conceptos").hidden = !r.escrito;

    var contenedor = document.getElementById("importar-problemas");
    var cuerpo = contenedor.querySelector("tbody");
    cuerpo.replaceChildren();
    var mostrados = filasProblemas(cuerpo, errores, "Error", MAXIMO_PROBLEMAS);
    mostrados += filasProblemas(cuerpo, advertencias, "Advertencia", MAXIMO_PROBLEMAS - mostrados);
    contenedor.hidden = !(errores.length || advertencias.length);
    var recorte = document.getElementById("importar-problemas-recorte");
    var total = errores.length + advertencias.length;
    recorte.hidden = total <= mostrados;
    recorte.textContent = recorte.hidden ? "" : "Se muestran " + formatoEntero.format(mostrados) + " de " +
      formatoEntero.format(total) + " observaciones; el libro de errores las tiene todas.";

    if (conErrores) {
      S.aviso({ tipo_aviso: "error", detalles: errores.length ? "El archivo tiene errores: no se escribió nada." : (trabajo.mensaje || "La importación no pudo completarse.") });
    } else if (r.simulacro) {
      S.aviso({ tipo_aviso: "advertencia", detalles: "Simulacro terminado: no se escribió nada." });
    } else {
      S.aviso({ tipo_aviso: "exito", detalles: "Se importó el catálogo." });
    }
  }

  // --- Upload -------------------------------------------------------------------------------------------------

  function reiniciar() {
    document.getElementById("importar-progreso").hidden = true;
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
    var boton = document.getElementById("boton-importar-catalogo");
    boton.disabled = true;
    barra(0, "Enviando archivo…", false);
    S.post(urls.importar, new FormData(form)).then(function (envelope) {
      if (!envelope.exito) {
        document.getElementById("importar-progreso").hidden = true;
        S.mostrarErrores(form, envelope.errores || {});
        S.aviso(envelope);
        return null;
      }
      barra(0, "En cola", false);
      return S.seguirTrabajo(envelope.url_estado || urls.trabajo + envelope.trabajo_id + "/", { alAvanzar: avance })
        .then(mostrarInforme, S.aviso);
    }).finally(function () { boton.disabled = false; });
  });
})(window, document);
