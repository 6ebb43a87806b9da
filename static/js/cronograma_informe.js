/* OT "Programa" tab: the import report of a schedule version, drawn in a container (upload dialog or the dialog of a
 * stored version). window.CronogramaInforme.pintar(contenedor, reporte). Every text goes in through textContent.
 *
 * reporte (operaciones/cronograma/services.py): {archivo, leido: {proyecto, tareas, resumenes, hitos, niveles,
 * dependencias: {total, FS, SS, FF, SF}, recursos, lista_recursos, campos_personalizados, con_ponderacion},
 * cambios: {version_anterior, agregadas, eliminadas, renombradas, refechadas, avances_conservados, avances_perdidos},
 * ignorado: {clave: cantidad}, advertencias: [texto]}.
 */
(function (window, document) {
  "use strict";

  var formatoEntero = new Intl.NumberFormat("es-MX");
  var USOS = { ponderacion: "ponderación", avance: "avance", otro: "sin uso" };
  var IGNORADO = {
    resumen_proyecto: "Fila resumen del proyecto",
    filas_en_blanco: "Filas en blanco",
    dependencias_a_tareas_ignoradas: "Dependencias hacia tareas no importadas",
    asignaciones_sin_recurso: "Asignaciones sin recurso",
    dependencias_repetidas: "Dependencias repetidas",
    padres_desconocidos: "Tareas con un resumen que no está en el archivo"
  };
  var MAXIMO_LISTA = 50;

  function nodo(etiqueta, clase, texto) {
    var el = document.createElement(etiqueta);
    if (clase) { el.className = clase; }
    if (texto !== undefined && texto !== null) { el.textContent = String(texto); }
    return el;
  }

  function fecha(iso) {
    if (!iso) { return "—"; }
    var texto = String(iso);
    var p = texto.substring(0, 10).split("-");
    return p.length === 3 ? p[2] + "/" + p[1] + "/" + p[0] + (texto.length > 10 ? " " + texto.substring(11, 16) : "") : texto;
  }

  function entero(n) { return formatoEntero.format(Number(n) || 0); }

  function seccion(contenedor, titulo, clave) {
    var bloque = nodo("section", "mb-3");
    if (clave) { bloque.dataset.seccion = clave; }
    bloque.appendChild(nodo("h3", "h6 mb-2", titulo));
    contenedor.appendChild(bloque);
    return bloque;
  }

  function conteos(bloque, pares) {
    var dl = nodo("dl", "row small mb-0");
    pares.forEach(function (par) {
      dl.appendChild(nodo("dt", "col-sm-5 fw-normal text-body-secondary", par[0]));
      var dd = nodo("dd", "col-sm-7 mb-1", par[1]);
      if (par[2]) { dd.dataset.conteo = par[2]; }
      dl.appendChild(dd);
    });
    bloque.appendChild(dl);
  }

  /* A <details> listing up to MAXIMO_LISTA items (texto(item) gives each line). */
  function lista(bloque, titulo, elementos, texto, clave) {
    var detalles = nodo("details", "small mb-1");
    detalles.dataset.lista = clave;
    var resumen = nodo("summary", "", titulo + ": " + entero(elementos.length));
    detalles.appendChild(resumen);
    if (!elementos.length) {
      detalles.classList.add("text-body-secondary");
      bloque.appendChild(detalles);
      return;
    }
    var ul = nodo("ul", "mb-1 mt-1");
    elementos.slice(0, MAXIMO_LISTA).forEach(function (el) { ul.appendChild(nodo("li", "", texto(el))); });
    if (elementos.length > MAXIMO_LISTA) {
      ul.appendChild(nodo("li", "text-body-secondary", "… y " + entero(elementos.length - MAXIMO_LISTA) + " más"));
    }
    detalles.appendChild(ul);
    bloque.appendChild(detalles);
  }

  function leido(contenedor, r) {
    var l = r.leido || {};
    var p = l.proyecto || {};
    var d = l.dependencias || {};
    var bloque = seccion(contenedor, "Lo que se leyó", "leido");
    var tipos = ["FS", "SS", "FF", "SF"].filter(function (t) { return d[t]; })
      .map(function (t) { return t + " " + entero(d[t]); }).join(", ");
    var campos = (l.campos_personalizados || []).map(function (c) {
      return (c.alias || c.campo) + " (" + c.campo + ", " + (USOS[c.uso] || c.uso) + ")";
    }).join("; ");
    conteos(bloque, [
      ["Archivo", r.archivo || "—"],
      ["Proyecto", (p.titulo || "—") + (p.formato ? " · " + p.formato + (p.version_aplicacion ? " " + p.version_aplicacion : "") : "")],
      ["Periodo", fecha(p.inicio) + " al " + fecha(p.fin)],
      ["Tareas", entero(l.tareas), "tareas"],
      ["Resúmenes", entero(l.resumenes), "resumenes"],
      ["Hitos", entero(l.hitos), "hitos"],
      ["Niveles de esquema", entero(l.niveles), "niveles"],
      ["Dependencias", entero(d.total) + (tipos ? " (" + tipos + ")" : ""), "dependencias"],
      ["Recursos", entero(l.recursos) + ((l.lista_recursos || []).length ? ": " + l.lista_recursos.join(", ") : ""), "recursos"],
      ["Campos personalizados", campos || "Ninguno reconocido"],
      ["Ponderación", l.con_ponderacion ? "Del campo de ponderación del archivo" : "Sin ponderación: se pondera por duración"]
    ]);
  }

  function cambios(contenedor, r) {
    var c = r.cambios || {};
    var bloque = seccion(contenedor, "Cambios contra la versión anterior", "cambios");
    if (!c.version_anterior) {
      bloque.appendChild(nodo("p", "small text-body-secondary mb-0", "Es la primera versión del programa de la OT: no hay contra qué comparar."));
      return;
    }
    bloque.appendChild(nodo("p", "small mb-2", "Comparada con «" + c.version_anterior.nombre + "», por Id. único de tarea."));
    var sinNombre = function (t) { return "#" + t.uid + " " + (t.nombre || ""); };
    lista(bloque, "Tareas agregadas", c.agregadas || [], sinNombre, "agregadas");
    lista(bloque, "Tareas eliminadas", c.eliminadas || [], sinNombre, "eliminadas");
    lista(bloque, "Tareas renombradas", c.renombradas || [], function (t) {
      return "#" + t.uid + " «" + t.antes + "» → «" + t.despues + "»";
    }, "renombradas");
    lista(bloque, "Tareas con fechas nuevas", c.refechadas || [], function (t) {
      return "#" + t.uid + " " + t.nombre + ": " + fecha(t.inicio_antes) + " – " + fecha(t.fin_antes) + " → " +
        fecha(t.inicio_despues) + " – " + fecha(t.fin_despues);
    }, "refechadas");
    var conservados = nodo("p", "small mb-1");
    conservados.dataset.conteo = "avances_conservados";
    conservados.textContent = "Avances conservados (real y cliente): " + entero(c.avances_conservados);
    bloque.appendChild(conservados);
    lista(bloque, "Avances que no pasaron a esta versión", c.avances_perdidos || [], function (t) {
      return "#" + t.uid + " " + t.nombre + " (real " + t.porcentaje_real + " %, cliente " + t.porcentaje_cliente + " %): " + t.motivo;
    }, "avances_perdidos");
  }

  function ignorado(contenedor, r) {
    var bloque = seccion(contenedor, "Lo que no se importó", "ignorado");
    var claves = Object.keys(r.ignorado || {}).filter(function (k) { return Number(r.ignorado[k]) > 0; });
    if (!claves.length) {
      bloque.appendChild(nodo("p", "small text-body-secondary mb-0", "Nada: se importó todo lo leído."));
      return;
    }
    conteos(bloque, claves.map(function (k) { return [IGNORADO[k] || k.replace(/_/g, " "), entero(r.ignorado[k]), k]; }));
  }

  function advertencias(contenedor, r) {
    var lista_ = r.advertencias || [];
    if (!lista_.length) { return; }
    var alerta = nodo("div", "alert alert-warning small py-2 mb-3");
    alerta.dataset.seccion = "advertencias";
    var ul = nodo("ul", "mb-0 ps-3");
    lista_.forEach(function (texto) { ul.appendChild(nodo("li", "", texto)); });
    alerta.appendChild(ul);
    contenedor.appendChild(alerta);
  }

  function pintar(contenedor, reporte) {
    contenedor.replaceChildren();
    if (!reporte || typeof reporte !== "object" || !Object.keys(reporte).length) {
      contenedor.appendChild(nodo("p", "sascop-vacio mb-0", "Esta versión no tiene informe de importación."));
      return;
    }
    advertencias(contenedor, reporte);
    leido(contenedor, reporte);
    cambios(contenedor, reporte);
    ignorado(contenedor, reporte);
  }

  window.CronogramaInforme = { pintar: pintar };
})(window, document);
