/* Screen "Producción y reportes diarios": the shared part (window.SASCOP.produccion).
 *
 * The page hands its configuration as JSON (#configuracion-produccion: endpoints, today, permissions, an OT to
 * preselect). This file owns the top bar (site, month, year), the tabs and the chosen OT, plus helpers the three
 * tabs share: JSON POST with CSRF, decimal arithmetic on the server's strings (BigInt, never floats) and es-MX
 * formatting of those strings. produccion_reportes.js, produccion_hoja.js and produccion_gpu.js plug into it.
 */
(function (window, document) {
  "use strict";

  var S = window.SASCOP;
  var nodo = document.getElementById("configuracion-produccion");
  if (!S || !nodo) { return; }
  var config = JSON.parse(nodo.textContent);
  var urls = config.urls;

  var MESES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
    "noviembre", "diciembre"];
  var DIAS_SEMANA = ["D", "L", "M", "M", "J", "V", "S"];

  // --- Decimal arithmetic on strings ----------------------------------------------------------------------
  // A decimal is {n: BigInt, e: scale}: value = n / 10^e. Money and volumes arrive as strings and stay exact.

  var DIEZ = BigInt(10);
  var CERO = BigInt(0);

  function dec(texto) {
    if (texto === null || texto === undefined) { return null; }
    if (typeof texto === "object" && typeof texto.n === "bigint") { return texto; }
    var m = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(String(texto));
    if (!m || (m[2] === "" && !m[3])) { return null; }
    var fraccion = m[3] || "";
    var n = BigInt((m[2] || "0") + fraccion);
    return { n: m[1] === "-" ? -n : n, e: fraccion.length };
  }

  function aEscala(d, e) { return d.n * (DIEZ ** BigInt(e - d.e)); }

  function sumar(a, b) {
    var e = Math.max(a.e, b.e);
    return { n: aEscala(a, e) + aEscala(b, e), e: e };
  }

  function restar(a, b) { return sumar(a, { n: -b.n, e: b.e }); }

  function multiplicar(a, b) { return { n: a.n * b.n, e: a.e + b.e }; }

  /* Round half away from zero to `decimales` (what Python's ROUND_HALF_UP does, the house rounding). */
  function redondear(d, decimales) {
    if (d.e <= decimales) { return { n: aEscala(d, decimales), e: decimales }; }
    var factor = DIEZ ** BigInt(d.e - decimales);
    var negativo = d.n < CERO;
    var abs = negativo ? -d.n : d.n;
    var q = abs / factor;
    if ((abs % factor) * BigInt(2) >= factor) { q += BigInt(1); }
    return { n: negativo ? -q : q, e: decimales };
  }

  function texto(d) {
    var negativo = d.n < CERO;
    var digitos = (negativo ? -d.n : d.n).toString();
    if (d.e > 0) {
      while (digitos.length <= d.e) { digitos = "0" + digitos; }
      digitos = digitos.slice(0, digitos.length - d.e) + "." + digitos.slice(digitos.length - d.e);
    }
    return (negativo ? "-" : "") + digitos;
  }

  /* Without trailing zeros: "1.500000" → "1.5", "2.000" → "2". */
  function normalizado(d) {
    var t = texto(d);
    if (t.indexOf(".") !== -1) { t = t.replace(/0+$/, "").replace(/\.$/, ""); }
    return t === "-0" ? "0" : t;
  }

  function esCero(d) { return d.n === CERO; }

  // --- es-MX formatting from strings ------------------------------------------------------------------------

  function agrupar(entero) { return entero.replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  /* A decimal string as es-MX text with `min`..`max` decimals ("1234.5" → "1,234.50" with min 2). */
  function formatear(valor, min, max) {
    var d = dec(valor);
    if (d === null) { return valor === null || valor === undefined ? "" : String(valor); }
    var r = redondear(d, max === undefined ? Math.max(min || 0, d.e) : max);
    var t = texto(r);
    var negativo = t.charAt(0) === "-";
    if (negativo) { t = t.slice(1); }
    var partes = t.split(".");
    var fraccion = partes[1] || "";
    while (fraccion.length > (min || 0) && fraccion.charAt(fraccion.length - 1) === "0") { fraccion = fraccion.slice(0, -1); }
    var salida = agrupar(partes[0]) + (fraccion ? "." + fraccion : "");
    return (negativo && /[1-9]/.test(salida) ? "-" : "") + salida;
  }

  function dinero(valor, divisa) {
    if (valor === null || valor === undefined || valor === "") { return "—"; }
    var t = formatear(valor, 2, 2);
    var negativo = t.charAt(0) === "-";
    return (negativo ? "-" : "") + (divisa === "USD" ? "US$" : "$") + (negativo ? t.slice(1) : t);
  }

  function cantidad(valor) {
    if (valor === null || valor === undefined || valor === "") { return ""; }
    return formatear(valor, 0, 6);
  }

  // --- Requests ---------------------------------------------------------------------------------------------

  function sobre(detalles, estado) { return { exito: false, tipo_aviso: "error", detalles: detalles, estado_http: estado }; }

  /* POST a JSON body (or a FormData) with CSRF; resolves with the envelope, like SASCOP.post. */
  function enviar(url, cuerpo) {
    var cabeceras = { "X-Requested-With": "XMLHttpRequest", "Accept": "application/json", "X-CSRFToken": S.csrf() };
    var esFormulario = cuerpo instanceof FormData;
    if (!esFormulario) { cabeceras["Content-Type"] = "application/json"; }
    return window.fetch(url, {
      method: "POST", credentials: "same-origin", headers: cabeceras, body: esFormulario ? cuerpo : JSON.stringify(cuerpo)
    }).then(function (respuesta) {
      if (respuesta.status === 401) {
        S.sesionExpirada();
        return sobre("Su sesión expiró. Inicie sesión de nuevo.", 401);
      }
      return respuesta.json().then(function (json) {
        if (json && typeof json === "object" && !Array.isArray(json)) { json.estado_http = respuesta.status; }
        return json;
      }, function () {
        return sobre(respuesta.status === 403 ? "No tiene permiso para esta acción."
          : respuesta.status === 413 ? "El archivo o los datos enviados son demasiado grandes."
          : "El servidor no pudo atender la solicitud (HTTP " + respuesta.status + "). Intente de nuevo.", respuesta.status);
      });
    }, function () {
      return sobre("No hay comunicación con el servidor. Revise su conexión e intente de nuevo.", 0);
    });
  }

  function conId(url, id) { return url.replace(/0\/$/, String(id) + "/"); }

  // --- Small DOM helpers ------------------------------------------------------------------------------------

  function el(etiqueta, clase, contenido) {
    var e = document.createElement(etiqueta);
    if (clase) { e.className = clase; }
    if (contenido !== undefined && contenido !== null) { e.textContent = String(contenido); }
    return e;
  }

  function modal(id) { return window.bootstrap.Modal.getOrCreateInstance(document.getElementById(id)); }

  function diasDelMes(mes, anio) { return new Date(anio, mes, 0).getDate(); }

  function letraDia(anio, mes, dia) { return DIAS_SEMANA[new Date(anio, mes - 1, dia).getDay()]; }

  /* "2026-03-05" → "05/03/2026" (how dates are shown to people). */
  function fechaDmy(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : "";
  }

  function esHoy(anio, mes, dia) {
    var hoy = config.hoy.split("-");
    return Number(hoy[0]) === anio && Number(hoy[1]) === mes && Number(hoy[2]) === dia;
  }

  // --- Context: site, month, OT -----------------------------------------------------------------------------

  var selSitio = document.getElementById("prod-sitio");
  var selMes = document.getElementById("prod-mes");
  var inAnio = document.getElementById("prod-anio");
  var modulos = [];
  var estado = { sitio: null, sitioTexto: "", mes: config.mes, anio: config.anio, ot: null, sitios: [] };

  function contexto() {
    return { sitio: estado.sitio, sitioTexto: estado.sitioTexto, mes: estado.mes, anio: estado.anio, ot: estado.ot };
  }

  function hayCambios() {
    return modulos.some(function (m) { return typeof m.hayCambios === "function" && m.hayCambios(); });
  }

  function confirmarSalida() {
    return !hayCambios() || window.confirm("Hay cambios sin guardar. ¿Descartarlos?");
  }

  function avisar(nombre) {
    modulos.forEach(function (m) { if (typeof m[nombre] === "function") { m[nombre](contexto()); } });
  }

  function leerBarra() {
    var anio = parseInt(inAnio.value, 10);
    if (!(anio >= 2000 && anio <= 2100)) {
      inAnio.classList.add("is-invalid");
      return false;
    }
    inAnio.classList.remove("is-invalid");
    estado.anio = anio;
    estado.mes = parseInt(selMes.value, 10);
    estado.sitio = selSitio.value ? parseInt(selSitio.value, 10) : null;
    estado.sitioTexto = selSitio.value ? selSitio.options[selSitio.selectedIndex].textContent : "";
    return true;
  }

  function pintarBarra() {
    selMes.value = String(estado.mes);
    inAnio.value = String(estado.anio);
    if (estado.sitio) { selSitio.value = String(estado.sitio); }
  }

  /* A change of site or month: the OT stays chosen (its sheet reloads for the new month) unless the site changed. */
  function cambiarContexto(previo) {
    if (!leerBarra()) { return; }
    if (previo && previo.sitio !== estado.sitio) { elegirOT(null); }
    guardarEnDireccion();
    avisar("alCambiarContexto");
  }

  function guardarEnDireccion() {
    var params = new URLSearchParams();
    if (estado.ot) { params.set("id_ot", estado.ot.id); }
    params.set("mes", estado.mes);
    params.set("anio", estado.anio);
    if (estado.sitio) { params.set("id_sitio", estado.sitio); }
    window.history.replaceState(null, "", window.location.pathname + "?" + params.toString() + window.location.hash);
  }

  var previoBarra = null;
  function recordarBarra() { previoBarra = contexto(); }

  [selSitio, selMes, inAnio].forEach(function (control) {
    control.addEventListener("focus", recordarBarra);
    control.addEventListener("change", function () {
      if (!confirmarSalida()) { pintarBarra(); return; }
      cambiarContexto(previoBarra || contexto());
      recordarBarra();
    });
  });

  function moverMes(delta) {
    if (!confirmarSalida()) { return; }
    var previo = contexto();
    var fecha = new Date(estado.anio, estado.mes - 1 + delta, 1);
    if (delta === 0) {
      var hoy = config.hoy.split("-");
      fecha = new Date(Number(hoy[0]), Number(hoy[1]) - 1, 1);
    }
    estado.mes = fecha.getMonth() + 1;
    estado.anio = fecha.getFullYear();
    pintarBarra();
    cambiarContexto(previo);
  }
  document.getElementById("prod-mes-anterior").addEventListener("click", function () { moverMes(-1); });
  document.getElementById("prod-mes-siguiente").addEventListener("click", function () { moverMes(1); });
  document.getElementById("prod-mes-actual").addEventListener("click", function () { moverMes(0); });
  document.getElementById("prod-barra").addEventListener("submit", function (evento) {
    evento.preventDefault();
    if (!confirmarSalida()) { return; }
    cambiarContexto(contexto());
  });

  // --- Tabs and the chosen OT -------------------------------------------------------------------------------

  var pestanaHoja = document.getElementById("pestana-hoja");
  var pestanaGpu = document.getElementById("pestana-gpu");

  function mostrarPestana(boton) {
    if (window.bootstrap) { window.bootstrap.Tab.getOrCreateInstance(boton).show(); }
  }

  /* Choose an OT (an object {id, folio, descripcion}) or none; its tabs open when `abrir` is true. */
  function elegirOT(ot, abrir) {
    var misma = estado.ot && ot && estado.ot.id === ot.id;
    estado.ot = ot || null;
    pestanaHoja.disabled = !ot;
    pestanaGpu.disabled = !ot;
    document.getElementById("prod-ot-elegida").hidden = !ot;
    if (ot) {
      document.getElementById("prod-ot-folio").textContent = ot.folio;
      document.getElementById("prod-ot-enlace").href = conId(urls.ot_detalle, ot.id);
    } else if (!document.getElementById("pestana-reportes").classList.contains("active")) {
      mostrarPestana(document.getElementById("pestana-reportes"));
    }
    guardarEnDireccion();
    if (!misma) { avisar("alElegirOT"); }
    if (ot && abrir) { mostrarPestana(pestanaHoja); }
  }

  document.querySelectorAll("#prod-pestanas [data-bs-toggle=tab]").forEach(function (boton) {
    boton.addEventListener("shown.bs.tab", function () { avisar("alMostrarPestana"); });
  });

  window.addEventListener("beforeunload", function (evento) {
    if (hayCambios()) { evento.preventDefault(); evento.returnValue = ""; }
  });

  // --- Sites ------------------------------------------------------------------------------------------------

  function listaSitios(json) {
    var lista = Array.isArray(json) ? json : (json.sitios || json.data || json.resultados || []);
    return lista.map(function (s) { return { id: Number(s.id), descripcion: s.descripcion || s.nombre || String(s.id) }; });
  }

  function cargarSitios() {
    var pedido = new URLSearchParams(window.location.search);
    return S.getJSON(urls.sitios).then(function (json) {
      estado.sitios = listaSitios(json);
      selSitio.replaceChildren();
      if (!estado.sitios.length) {
        selSitio.appendChild(el("option", null, "No hay sitios con OTs vigentes")).value = "";
        return;
      }
      estado.sitios.forEach(function (s) {
        var opcion = el("option", null, s.descripcion);
        opcion.value = String(s.id);
        selSitio.appendChild(opcion);
      });
      var ids = estado.sitios.map(function (s) { return s.id; });
      var deseado = parseInt(pedido.get("id_sitio"), 10);
      if (config.ot && !(ids.indexOf(deseado) !== -1 && config.ot.sitios.indexOf(deseado) !== -1)) {
        deseado = config.ot.sitios.filter(function (s) { return ids.indexOf(s) !== -1; })[0];
      }
      selSitio.value = String(ids.indexOf(deseado) !== -1 ? deseado : ids[0]);
    }, function (error) {
      selSitio.replaceChildren(el("option", null, "No se pudieron cargar los sitios"));
      S.aviso(error);
    });
  }

  // --- Public API -------------------------------------------------------------------------------------------

  var P = {
    config: config,
    urls: urls,
    permisos: config.permisos || {},
    MESES: MESES,
    dec: dec, sumar: sumar, restar: restar, multiplicar: multiplicar, redondear: redondear, texto: texto,
    normalizado: normalizado, esCero: esCero, formatear: formatear, dinero: dinero, cantidad: cantidad,
    enviar: enviar, conId: conId, el: el, modal: modal, diasDelMes: diasDelMes, letraDia: letraDia, esHoy: esHoy, fechaDmy: fechaDmy,
    contexto: contexto,
    elegirOT: elegirOT,
    confirmarSalida: confirmarSalida,
    pestanaActiva: function (id) {
      var boton = document.getElementById(id);
      return !!boton && boton.classList.contains("active");
    },
    registrar: function (modulo) { modulos.push(modulo); },
    /* Signed days lock production: the sheet reloads when daily reports were saved. */
    avisarReportesGuardados: function () { avisar("alGuardarReportes"); },
    /* Saved production creates or removes GPUs: the GPU tab reloads when next shown. */
    avisarHojaGuardada: function () { avisar("alGuardarHoja"); }
  };
  S.produccion = P;

  document.addEventListener("DOMContentLoaded", function () {
    pintarBarra();
    cargarSitios().then(function () {
      leerBarra();
      avisar("alCambiarContexto");
      if (config.ot && config.ot.sitios.indexOf(estado.sitio) !== -1) {
        elegirOT({ id: config.ot.id, folio: config.ot.folio, descripcion: "" }, true);
      } else if (config.ot) {
        S.aviso({ tipo_aviso: "advertencia", detalles: "La OT " + config.ot.folio + " no tiene sitios con OTs vigentes en este módulo." });
      }
    });
  });
})(window, document);
