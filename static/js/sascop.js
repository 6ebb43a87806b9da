/* SASCOP shared browser helpers: window.SASCOP = { csrf, post, getJSON, aviso, ... }, and the import upload
 * (enviarImportacion, barraProgreso, mostrarInforme) that every page importing a workbook as a job shares.
 * The DataTables wrapper, SASCOP.tabla(), lives in datatables-init.js (loaded right after this file).
 *
 * Every action endpoint answers the JSON envelope {exito, tipo_aviso, detalles, errores?, id_nuevo?}.
 * post() always resolves with an envelope (a synthetic one when the server or the network fails), so callers
 * only branch on `exito`. A 401 (session missing or expired) sends the browser to the login page.
 */
(function (window, document) {
  "use strict";

  var URL_SESION_EXPIRADA = "/accounts/login/?sesion_expirada=1";
  var TITULOS = { exito: "Listo", error: "Error", advertencia: "Atención", info: "Aviso" };
  var CLASES = { exito: "text-bg-success", error: "text-bg-danger", advertencia: "text-bg-warning", info: "text-bg-primary" };
  var ICONOS = { exito: "bi-check-circle", error: "bi-x-octagon", advertencia: "bi-exclamation-triangle", info: "bi-info-circle" };

  function leerCookie(nombre) {
    var partes = document.cookie ? document.cookie.split(";") : [];
    for (var i = 0; i < partes.length; i++) {
      var par = partes[i].trim();
      if (par.substring(0, nombre.length + 1) === nombre + "=") {
        return decodeURIComponent(par.substring(nombre.length + 1));
      }
    }
    return "";
  }

  function csrf() {
    var token = leerCookie("csrftoken");
    if (token) { return token; }
    var campo = document.querySelector("input[name=csrfmiddlewaretoken]");
    return campo ? campo.value : "";
  }

  function sesionExpirada() {
    window.location.assign(URL_SESION_EXPIRADA);
  }

  function sobre(detalles, extra) {
    var resultado = { exito: false, tipo_aviso: "error", detalles: detalles };
    if (extra) { for (var k in extra) { if (Object.prototype.hasOwnProperty.call(extra, k)) { resultado[k] = extra[k]; } } }
    return resultado;
  }

  /* A plain object becomes form fields (arrays repeat the key, null/undefined become empty), as Django forms read. */
  function cuerpo(datos) {
    if (datos instanceof FormData || datos instanceof URLSearchParams) { return datos; }
    var campos = new URLSearchParams();
    Object.keys(datos || {}).forEach(function (clave) {
      var valor = datos[clave];
      var lista = Array.isArray(valor) ? valor : [valor];
      lista.forEach(function (v) {
        if (v === null || v === undefined) { v = ""; }
        if (typeof v === "boolean") { v = v ? "true" : ""; }
        campos.append(clave, String(v));
      });
    });
    return campos;
  }

  function cabeceras(extra) {
    var h = { "X-Requested-With": "XMLHttpRequest", "Accept": "application/json" };
    for (var k in extra || {}) { if (Object.prototype.hasOwnProperty.call(extra, k)) { h[k] = extra[k]; } }
    return h;
  }

  function leerRespuesta(respuesta) {
    if (respuesta.status === 401) {
      sesionExpirada();
      return Promise.resolve(sobre("Su sesión expiró. Inicie sesión de nuevo.", { estado_http: 401 }));
    }
    return respuesta.json().then(
      function (json) {
        // Failures carry their HTTP status so callers can tell 400 (form errors) from 403/404.
        if (!respuesta.ok && json && typeof json === "object" && !Array.isArray(json)) { json.estado_http = respuesta.status; }
        return json;
      },
      function () {
        var texto = respuesta.status === 403 ? "No tiene permiso para esta acción."
          : respuesta.status === 404 ? "El registro solicitado no existe."
          : respuesta.status === 413 ? "El archivo o los datos enviados son demasiado grandes."
          : "El servidor no pudo atender la solicitud (HTTP " + respuesta.status + "). Intente de nuevo.";
        return sobre(texto, { estado_http: respuesta.status });
      }
    );
  }

  /* POST with CSRF; resolves with the server's envelope (or a synthetic error envelope). */
  function post(url, datos) {
    return window.fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: cabeceras({ "X-CSRFToken": csrf() }),
      body: cuerpo(datos)
    }).then(leerRespuesta, function () {
      return sobre("No hay comunicación con el servidor. Revise su conexión e intente de nuevo.", { estado_http: 0 });
    });
  }

  /* GET JSON; resolves with the parsed body when 2xx, rejects with an envelope otherwise. */
  function getJSON(url, params) {
    var destino = url;
    if (params && Object.keys(params).length) {
      destino += (url.indexOf("?") === -1 ? "?" : "&") + cuerpo(params).toString();
    }
    return window.fetch(destino, { method: "GET", credentials: "same-origin", headers: cabeceras() }).then(
      function (respuesta) {
        return leerRespuesta(respuesta).then(function (json) {
          if (respuesta.ok) { return json; }
          return Promise.reject(json && json.detalles ? json : sobre("No fue posible obtener los datos.", { estado_http: respuesta.status }));
        });
      },
      function () {
        return Promise.reject(sobre("No hay comunicación con el servidor. Revise su conexión e intente de nuevo.", { estado_http: 0 }));
      }
    );
  }

  function contenedorAvisos() {
    var contenedor = document.getElementById("contenedor-avisos");
    if (!contenedor) {
      contenedor = document.createElement("div");
      contenedor.id = "contenedor-avisos";
      contenedor.className = "toast-container position-fixed top-0 end-0 p-3";
      contenedor.setAttribute("aria-live", "polite");
      document.body.appendChild(contenedor);
    }
    return contenedor;
  }

  /* Bootstrap toast from an envelope {tipo_aviso, detalles}; every text goes in through textContent. */
  function aviso(envelope) {
    var datos = envelope || {};
    var tipo = TITULOS[datos.tipo_aviso] ? datos.tipo_aviso : (datos.exito === false ? "error" : "info");
    var toast = document.createElement("div");
    toast.className = "toast align-items-center border-0 " + CLASES[tipo];
    toast.setAttribute("role", tipo === "error" ? "alert" : "status");
    toast.setAttribute("aria-atomic", "true");

    var fila = document.createElement("div");
    fila.className = "d-flex";
    var cuerpoAviso = document.createElement("div");
    cuerpoAviso.className = "toast-body";
    var icono = document.createElement("i");
    icono.className = "bi " + ICONOS[tipo] + " me-2";
    icono.setAttribute("aria-hidden", "true");
    var titulo = document.createElement("strong");
    titulo.className = "me-1";
    titulo.textContent = TITULOS[tipo] + ":";
    var texto = document.createElement("span");
    texto.textContent = datos.detalles || (tipo === "error" ? "Ocurrió un error." : "");
    cuerpoAviso.appendChild(icono);
    cuerpoAviso.appendChild(titulo);
    cuerpoAviso.appendChild(texto);

    var errores = datos.errores && typeof datos.errores === "object" ? datos.errores : null;
    if (errores) {
      var lista = document.createElement("ul");
      lista.className = "mb-0 mt-1 ps-3 small";
      Object.keys(errores).slice(0, 5).forEach(function (campo) {
        [].concat(errores[campo]).forEach(function (mensaje) {
          var item = document.createElement("li");
          item.textContent = campo === "__all__" ? String(mensaje) : campo + ": " + String(mensaje);
          lista.appendChild(item);
        });
      });
      cuerpoAviso.appendChild(lista);
    }
    var cerrar = document.createElement("button");
    cerrar.type = "button";
    cerrar.className = "btn-close me-2 m-auto" + (tipo === "advertencia" ? "" : " btn-close-white");
    cerrar.setAttribute("data-bs-dismiss", "toast");
    cerrar.setAttribute("aria-label", "Cerrar");
    fila.appendChild(cuerpoAviso);
    fila.appendChild(cerrar);
    toast.appendChild(fila);
    contenedorAvisos().appendChild(toast);

    toast.addEventListener("hidden.bs.toast", function () { toast.remove(); });
    if (window.bootstrap && window.bootstrap.Toast) {
      window.bootstrap.Toast.getOrCreateInstance(toast, { delay: tipo === "exito" ? 4000 : 8000 }).show();
    } else {
      toast.classList.add("show");
    }
    return toast;
  }

  /* Marks a form's fields with the envelope's `errores` (Bootstrap is-invalid + invalid-feedback). */
  function mostrarErrores(formulario, errores) {
    var form = typeof formulario === "string" ? document.querySelector(formulario) : formulario;
    if (!form) { return; }
    form.querySelectorAll(".is-invalid").forEach(function (el) { el.classList.remove("is-invalid"); });
    form.querySelectorAll(".invalid-feedback[data-sascop]").forEach(function (el) { el.remove(); });
    Object.keys(errores || {}).forEach(function (campo) {
      var control = form.querySelector("[name=\"" + campo.replace(/"/g, "") + "\"]");
      if (!control) { return; }
      control.classList.add("is-invalid");
      var mensaje = document.createElement("div");
      mensaje.className = "invalid-feedback";
      mensaje.setAttribute("data-sascop", "");
      mensaje.textContent = [].concat(errores[campo]).join(" ");
      (control.closest(".input-group") || control).insertAdjacentElement("afterend", mensaje);
    });
  }

  /* A form's fields as a plain object (repeated names become arrays): handy for tabla({filtros}). */
  function valoresFormulario(formulario) {
    var form = typeof formulario === "string" ? document.querySelector(formulario) : formulario;
    var valores = {};
    if (!form) { return valores; }
    new FormData(form).forEach(function (valor, clave) {
      if (clave === "csrfmiddlewaretoken" || valor instanceof File) { return; }
      if (Object.prototype.hasOwnProperty.call(valores, clave)) {
        valores[clave] = [].concat(valores[clave], valor);
      } else {
        valores[clave] = valor;
      }
    });
    return valores;
  }

  var formatos = {};
  /* Money as es-MX writes it: $1,234.56 (MXN) or US$1,234.56 (USD). */
  function moneda(valor, divisa) {
    var clave = divisa || "MXN";
    if (!formatos[clave]) {
      formatos[clave] = new Intl.NumberFormat("es-MX", { style: "currency", currency: clave, minimumFractionDigits: 2 });
    }
    var numero = Number(valor);
    return isFinite(numero) ? formatos[clave].format(numero) : "";
  }

  /* Polls a background job (`/trabajos/<id>/`) until it ends; `alAvanzar(trabajo)` gets each state (for a progress
   * bar). Resolves with the last state (estado TERMINADO or ERROR); rejects with an envelope if polling fails. */
  function seguirTrabajo(url, opciones) {
    var ajustes = opciones || {};
    var intervalo = ajustes.intervalo || 800;
    return new Promise(function (resolver, rechazar) {
      function consultar() {
        getJSON(url).then(function (json) {
          var trabajo = json.trabajo || {};
          if (typeof ajustes.alAvanzar === "function") { ajustes.alAvanzar(trabajo); }
          if (trabajo.estado === "TERMINADO" || trabajo.estado === "ERROR") {
            resolver(trabajo);
          } else {
            window.setTimeout(consultar, intervalo);
          }
        }, rechazar);
      }
      consultar();
    });
  }

  var formatoEntero = new Intl.NumberFormat("es-MX");

  /* The progress bar of templates/components/barra_progreso.html, found by its ids' prefix (<prefijo>-progreso,
   * -barra, -progreso-porcentaje, -progreso-texto). mostrar(porcentaje, texto, terminado, color "exito"|"error"). */
  function barraProgreso(prefijo) {
    function nodo(sufijo) { return document.getElementById(prefijo + sufijo); }
    return {
      mostrar: function (porcentaje, texto, terminado, color) {
        var progreso = nodo("-barra");
        var relleno = progreso.querySelector(".progress-bar");
        var p = Math.max(0, Math.min(100, Number(porcentaje) || 0));
        nodo("-progreso").hidden = false;
        relleno.style.width = p + "%";
        progreso.setAttribute("aria-valuenow", String(p));
        relleno.classList.toggle("progress-bar-animated", !terminado);
        relleno.classList.toggle("progress-bar-striped", !terminado);
        relleno.classList.toggle("bg-danger", color === "error");
        relleno.classList.toggle("bg-success", color === "exito");
        nodo("-progreso-porcentaje").textContent = p + " %";
        nodo("-progreso-texto").textContent = texto;
      },
      ocultar: function () { nodo("-progreso").hidden = true; }
    };
  }

  /* Sends an import form as a background job and follows it: the bar shows the upload, the queue and every state
   * (texto: opciones.textoAvance(trabajo)); the finished job goes to opciones.alTerminar. A refused upload marks the
   * form's fields. Options: url, urlTrabajo (/trabajos/ prefix when the answer has no url_estado), boton, barra. */
  function enviarImportacion(form, opciones) {
    var o = opciones;
    o.boton.disabled = true;
    o.barra.mostrar(0, "Enviando archivo…", false);
    return post(o.url, new FormData(form)).then(function (envelope) {
      if (!envelope.exito) {
        o.barra.ocultar();
        mostrarErrores(form, envelope.errores || {});
        aviso(envelope);
        return null;
      }
      o.barra.mostrar(0, "En cola", false);
      var alAvanzar = function (trabajo) { o.barra.mostrar(trabajo.porcentaje, o.textoAvance(trabajo), false); };
      return seguirTrabajo(envelope.url_estado || o.urlTrabajo + envelope.trabajo_id + "/", { alAvanzar: alAvanzar })
        .then(o.alTerminar, aviso);
    }).finally(function () { o.boton.disabled = false; });
  }

  /* Wires an import modal to enviarImportacion: opening the modal or sending the form clears the last attempt
   * (opciones.reiniciar); a form sent without a file marks its "archivo" field with opciones.faltaArchivo. The other
   * options are enviarImportacion's. Does nothing when the page has no such form or modal. */
  function formularioImportacion(form, modal, opciones) {
    if (!form || !modal) { return; }
    modal.addEventListener("show.bs.modal", opciones.reiniciar);
    form.addEventListener("submit", function (evento) {
      evento.preventDefault();
      opciones.reiniciar();
      if (!form.elements.archivo.files.length) {
        mostrarErrores(form, { archivo: [opciones.faltaArchivo] });
        return;
      }
      enviarImportacion(form, opciones);
    });
  }

  /* A page's configuration: the JSON inside the element with that id (json_script), or null when it is absent. */
  function configuracion(id) {
    var nodo = document.getElementById(id);
    return nodo ? JSON.parse(nodo.textContent) : null;
  }

  /* Text made safe to put inside HTML (null and undefined become ""). */
  function escapar(texto) {
    var div = document.createElement("div");
    div.textContent = texto === null || texto === undefined ? "" : String(texto);
    return div.innerHTML;
  }

  function celdaTexto(fila, texto, clase) {
    var td = document.createElement("td");
    if (clase) { td.className = clase; }
    td.textContent = texto === null || texto === undefined || texto === "" ? "—" : String(texto);
    fila.appendChild(td);
  }

  /* The report of a finished import job (core/importacion) in the block whose ids start with opciones.prefijo:
   * -informe, -informe-estado (badge), -informe-conteos (<dl>), -informe-resumen, -problemas (table) and, when
   * there is a cap, -problemas-recorte. Options: barra, descarga (id of the error-workbook link), urlErrores,
   * creadas / actualizadas (labels of those counts), verbo ("escribió" / "guardó"), exito (toast), hoja (a Hoja column),
   * otros (also list resultado.otros_creados), maximo (problem rows shown), clasesConteo ([dt, dd] classes).
   * Answers {resultado, conErrores} for what only one page shows. */
  function mostrarInforme(trabajo, opciones) {
    var o = opciones;
    function nodo(sufijo) { return document.getElementById(o.prefijo + sufijo); }
    var r = trabajo.resultado || {};
    var errores = r.errores || [];
    var advertencias = r.advertencias || [];
    var conErrores = trabajo.estado === "ERROR" || errores.length > 0;
    var nada = "no se " + o.verbo + " nada";
    o.barra.mostrar(100, conErrores ? "Terminó con errores" : "Terminado", true, conErrores ? "error" : "exito");
    nodo("-informe").hidden = false;

    var insignia = nodo("-informe-estado");
    insignia.className = "badge " + (conErrores ? "text-bg-danger" : r.simulacro ? "text-bg-warning" : "text-bg-success");
    insignia.textContent = conErrores ? "Con errores: " + nada : r.simulacro ? "Simulacro: " + nada : "Importado";

    var lista = nodo("-informe-conteos");
    var clases = o.clasesConteo || ["col-sm-4 col-lg-3 fw-normal", "col-sm-8 col-lg-9 mb-1"];
    function conteo(etiqueta, valor, clave) {
      var dt = document.createElement("dt");
      dt.className = clases[0];
      dt.textContent = etiqueta;
      var dd = document.createElement("dd");
      dd.className = clases[1];
      if (clave) { dd.setAttribute("data-conteo", clave); }
      dd.textContent = typeof valor === "number" ? formatoEntero.format(valor) : String(valor);
      lista.appendChild(dt);
      lista.appendChild(dd);
    }
    lista.replaceChildren();
    conteo(o.creadas, r.creadas || 0, "creadas");
    conteo(o.actualizadas, r.actualizadas || 0, "actualizadas");
    conteo("Sin cambios", r.sin_cambios || 0, "sin_cambios");
    conteo("Advertencias", advertencias.length, "advertencias");
    conteo("Errores", errores.length, "errores");
    var otros = o.otros ? r.otros_creados || {} : {};
    Object.keys(otros).sort().forEach(function (nombre) { conteo(nombre, otros[nombre]); });
    nodo("-informe-resumen").textContent = r.resumen || trabajo.mensaje || "";

    var descarga = document.getElementById(o.descarga);
    descarga.hidden = !(conErrores && trabajo.archivo);
    descarga.href = descarga.hidden ? "#" : o.urlErrores + trabajo.id + "/";

    var contenedor = nodo("-problemas");
    var cuerpo = contenedor.querySelector("tbody");
    var cupo = o.maximo || Infinity;
    function filas(problemas, tipo) {
      var mostradas = problemas.slice(0, Math.max(0, cupo));
      mostradas.forEach(function (p) {
        var fila = document.createElement("tr");
        fila.className = tipo === "Error" ? "table-danger" : "table-warning";
        celdaTexto(fila, tipo, "text-nowrap");
        if (o.hoja) { celdaTexto(fila, p.hoja, "text-nowrap"); }
        celdaTexto(fila, p.fila);
        celdaTexto(fila, p.columna ? p.columna + (p.encabezado ? " (" + p.encabezado + ")" : "") : p.encabezado, "text-nowrap");
        celdaTexto(fila, p.texto || p.mensaje);
        cuerpo.appendChild(fila);
      });
      cupo -= mostradas.length;
      return mostradas.length;
    }
    cuerpo.replaceChildren();
    var mostrados = filas(errores, "Error") + filas(advertencias, "Advertencia");
    contenedor.hidden = !(errores.length || advertencias.length);
    var recorte = nodo("-problemas-recorte");
    var total = errores.length + advertencias.length;
    if (recorte) {
      recorte.hidden = total <= mostrados;
      recorte.textContent = recorte.hidden ? "" : "Se muestran " + formatoEntero.format(mostrados) + " de " +
        formatoEntero.format(total) + " observaciones; el libro de errores las tiene todas.";
    }

    if (conErrores) {
      aviso({ tipo_aviso: "error", detalles: errores.length ? "El archivo tiene errores: " + nada + "." : (trabajo.mensaje || "La importación no pudo completarse.") });
    } else if (r.simulacro) {
      aviso({ tipo_aviso: "advertencia", detalles: "Simulacro terminado: " + nada + "." });
    } else {
      aviso({ tipo_aviso: "exito", detalles: o.exito });
    }
    return { resultado: r, conErrores: conErrores };
  }

  /* jQuery callers (DataTables, $.ajax) get the same 401 rule; X-CSRFToken on their unsafe requests too. */
  if (window.jQuery) {
    window.jQuery.ajaxSetup({
      beforeSend: function (xhr, ajustes) {
        if (!/^(GET|HEAD|OPTIONS|TRACE)$/i.test(ajustes.type) && !ajustes.crossDomain) {
          xhr.setRequestHeader("X-CSRFToken", csrf());
        }
      }
    });
    window.jQuery(document).ajaxError(function (evento, xhr) {
      if (xhr && xhr.status === 401) { sesionExpirada(); }
    });
  }

  window.SASCOP = window.SASCOP || {};
  Object.assign(window.SASCOP, {
    csrf: csrf,
    post: post,
    getJSON: getJSON,
    aviso: aviso,
    mostrarErrores: mostrarErrores,
    valoresFormulario: valoresFormulario,
    moneda: moneda,
    seguirTrabajo: seguirTrabajo,
    barraProgreso: barraProgreso,
    enviarImportacion: enviarImportacion,
    formularioImportacion: formularioImportacion,
    mostrarInforme: mostrarInforme,
    configuracion: configuracion,
    escapar: escapar,
    sesionExpirada: sesionExpirada
  });
})(window, document);
