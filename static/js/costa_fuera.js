/* Offshore daily reports: the list with its "Nuevo reporte" modal (#configuracion-reportes) and the day page's
 * header workflow, "Cambiar responsable" modal and "Bitácora" tab (#configuracion-bitacora). Each part runs only
 * where its configuration is.
 *
 * The time log is edited as rows and sent whole as one JSON list; the server validates everything (formats,
 * overlaps, gaps, OTs) and answers errors keyed `bitacora[i].campo`, which are marked on row i. Totals always come
 * from the server. Every text is put in through textContent (escaped).
 */
(function (window, document) {
  "use strict";

  var S = window.SASCOP;
  if (!S) { return; }

  var configuracion = S.configuracion;
  var esc = S.escapar;

  function elemento(etiqueta, clase, texto) {
    var el = document.createElement(etiqueta);
    if (clase) { el.className = clase; }
    if (texto !== undefined) { el.textContent = texto; }
    return el;
  }

  /* --- List ------------------------------------------------------------------------------------------------- */

  function iniciarLista(config) {
    var columnas = config.columnas.map(function (c) {
      var col = { data: c.data, titulo: c.titulo, orden: c.orden };
      if (c.data === "fecha") {
        col.render = function (dato, tipo, fila) {
          return tipo === "display" ? '<a href="' + esc(fila.url) + '">' + esc(dato) + "</a>" : dato;
        };
      } else if (c.data === "estado") {
        col.render = function (dato, tipo, fila) {
          if (tipo !== "display") { return dato; }
          return '<span class="badge text-bg-' + esc(config.colores[dato] || "secondary") + '">' + esc(fila.estado_texto) + "</span>";
        };
      }
      return col;
    });
    S.tabla("#tabla-reportes", {
      url: config.urls.datatable,
      columnas: columnas,
      filtros: function () { return S.valoresFormulario("#filtros-reportes"); },
      orden: [[0, "desc"]],
      recargarCon: "#filtros-reportes"
    });

    var form = document.getElementById("form-nuevo-reporte");
    if (!form) { return; }
    form.addEventListener("submit", function (evento) {
      evento.preventDefault();
      var boton = document.getElementById("n-crear");
      boton.disabled = true;
      var datos = S.valoresFormulario(form);
      datos.clonar = document.getElementById("n-clonar").checked;
      S.post(config.urls.nuevo, datos).then(function (json) {
        boton.disabled = false;
        S.aviso(json);
        if (json.exito) {
          window.location.assign(json.url);
        } else {
          S.mostrarErrores(form, json.errores);
        }
      });
    });
  }

  /* --- Day page: workflow ----------------------------------------------------------------------------------- */

  function iniciarFlujo(config) {
    document.querySelectorAll(".cf-accion-estado").forEach(function (boton) {
      boton.addEventListener("click", function () {
        boton.disabled = true;
        S.post(config.urls.estado, { estado: boton.dataset.estado }).then(function (json) {
          S.aviso(json);
          if (json.exito) {
            window.setTimeout(function () { window.location.reload(); }, 600);
          } else {
            boton.disabled = false;
          }
        });
      });
    });
    var representante = document.getElementById("form-representante");
    if (representante) {
      representante.addEventListener("submit", function (evento) {
        evento.preventDefault();
        var boton = document.getElementById("rp-guardar");
        boton.disabled = true;
        S.post(config.urls.representante, S.valoresFormulario(representante)).then(function (json) {
          boton.disabled = false;
          S.aviso(json);
          if (json.exito) {
            S.mostrarErrores(representante, {});
            document.getElementById("dato-representante").textContent = json.representante;
            var modal = window.bootstrap && window.bootstrap.Modal.getInstance(document.getElementById("modal-representante"));
            if (modal) { modal.hide(); }
          } else {
            S.mostrarErrores(representante, json.errores);
          }
        });
      });
    }
    var reabrir = document.getElementById("form-reabrir");
    if (reabrir) {
      reabrir.addEventListener("submit", function (evento) {
        evento.preventDefault();
        S.post(config.urls.reabrir, S.valoresFormulario(reabrir)).then(function (json) {
          S.aviso(json);
          if (json.exito) {
            window.setTimeout(function () { window.location.reload(); }, 600);
          } else {
            S.mostrarErrores(reabrir, json.errores);
          }
        });
      });
    }
  }

  /* --- Day page: time log ----------------------------------------------------------------------------------- */

  function opcion(valor, texto, elegido) {
    var o = document.createElement("option");
    o.value = valor;
    o.textContent = texto;
    if (String(valor) === String(elegido === null || elegido === undefined ? "" : elegido)) { o.selected = true; }
    return o;
  }

  function celdaConControl(control) {
    var td = document.createElement("td");
    td.appendChild(control);
    return td;
  }

  function entrada(nombre, valor, clase, etiqueta) {
    var input = document.createElement("input");
    input.type = "text";
    input.name = nombre;
    input.className = "form-control form-control-sm " + (clase || "");
    input.value = valor || "";
    input.setAttribute("aria-label", etiqueta);
    return input;
  }

  function filaEditable(config, e) {
    var tr = document.createElement("tr");
    tr.className = "cf-fila-bitacora";
    tr.appendChild(elemento("td", "cf-numero"));
    var inicio = entrada("hora_inicio", e.hora_inicio, "cf-hora", "Hora de inicio");
    inicio.placeholder = "HH:MM";
    inicio.maxLength = 5;
    var fin = entrada("hora_fin", e.hora_fin, "cf-hora", "Hora de fin");
    fin.placeholder = "HH:MM";
    fin.maxLength = 5;
    tr.appendChild(celdaConControl(inicio));
    tr.appendChild(celdaConControl(fin));
    var actividad = entrada("actividad", e.actividad, "", "Actividad");
    actividad.maxLength = 2000;
    tr.appendChild(celdaConControl(actividad));

    var categoria = document.createElement("select");
    categoria.name = "estatus_operativo";
    categoria.className = "form-select form-select-sm";
    categoria.setAttribute("aria-label", "Categoría operativa");
    config.categorias.forEach(function (c) { categoria.appendChild(opcion(c.valor, c.etiqueta, e.estatus_operativo || "OPERANDO")); });
    tr.appendChild(celdaConControl(categoria));

    var ot = document.createElement("select");
    ot.name = "ot";
    ot.className = "form-select form-select-sm";
    ot.setAttribute("aria-label", "OT");
    ot.appendChild(opcion("", "Sin OT", e.ot));
    config.ots.forEach(function (o) { ot.appendChild(opcion(o.id, o.folio, e.ot)); });
    tr.appendChild(celdaConControl(ot));

    var hueco = document.createElement("input");
    hueco.type = "checkbox";
    hueco.name = "hueco_justificado";
    hueco.className = "form-check-input";
    hueco.checked = !!e.hueco_justificado;
    hueco.setAttribute("aria-label", "Hueco justificado");
    var tdHueco = celdaConControl(hueco);
    tdHueco.className = "text-center";
    tr.appendChild(tdHueco);

    var quitar = elemento("button", "btn btn-sm btn-outline-danger cf-quitar");
    quitar.type = "button";
    quitar.setAttribute("aria-label", "Quitar actividad");
    quitar.innerHTML = '<i class="bi bi-trash" aria-hidden="true"></i>';
    quitar.addEventListener("click", function () { tr.remove(); numerar(); });
    tr.appendChild(celdaConControl(quitar));
    return tr;
  }

  function filas() {
    return Array.prototype.slice.call(document.querySelectorAll("#bitacora-filas tr.cf-fila-bitacora"));
  }

  function numerar() {
    filas().forEach(function (tr, i) { tr.querySelector(".cf-numero").textContent = String(i + 1); });
  }

  function pintarFilas(config, entradas) {
    var cuerpo = document.getElementById("bitacora-filas");
    cuerpo.replaceChildren();
    entradas.forEach(function (e) { cuerpo.appendChild(filaEditable(config, e)); });
    numerar();
  }

  function leerFilas() {
    return filas().map(function (tr) {
      var ot = tr.querySelector("[name=ot]").value;
      return {
        hora_inicio: tr.querySelector("[name=hora_inicio]").value.trim(),
        hora_fin: tr.querySelector("[name=hora_fin]").value.trim(),
        actividad: tr.querySelector("[name=actividad]").value,
        estatus_operativo: tr.querySelector("[name=estatus_operativo]").value,
        ot: ot ? Number(ot) : null,
        hueco_justificado: tr.querySelector("[name=hueco_justificado]").checked
      };
    });
  }

  function limpiarErrores() {
    document.querySelectorAll("#bitacora-filas .is-invalid").forEach(function (el) { el.classList.remove("is-invalid"); });
    document.querySelectorAll("#bitacora-filas .invalid-feedback").forEach(function (el) { el.remove(); });
  }

  /* Errors keyed `bitacora[i].campo` are shown under that control of row i. */
  function marcarErrores(errores) {
    var lista = filas();
    Object.keys(errores || {}).forEach(function (clave) {
      var m = /^bitacora\[(\d+)\]\.?(\w*)$/.exec(clave);
      if (!m || !lista[Number(m[1])]) { return; }
      var control = lista[Number(m[1])].querySelector("[name=" + (m[2] || "hora_inicio") + "]");
      if (!control) { return; }
      control.classList.add("is-invalid");
      var aviso = elemento("div", "invalid-feedback", [].concat(errores[clave]).join(" "));
      control.insertAdjacentElement("afterend", aviso);
    });
  }

  function pintarTotales(totales) {
    function tabla(id, renglones, nombre) {
      var cuerpo = document.querySelector("#" + id + " tbody");
      cuerpo.replaceChildren();
      if (!renglones.length) {
        var vacio = document.createElement("tr");
        var td = elemento("td", "text-body-secondary", "Sin horas.");
        td.colSpan = 2;
        vacio.appendChild(td);
        cuerpo.appendChild(vacio);
      }
      renglones.forEach(function (r) {
        var tr = document.createElement("tr");
        tr.appendChild(elemento("td", "", r[nombre]));
        tr.appendChild(elemento("td", "text-end", r.horas));
        cuerpo.appendChild(tr);
      });
    }
    tabla("totales-categoria", totales.por_categoria, "etiqueta");
    tabla("totales-ot", totales.por_ot, "ot");
    document.getElementById("total-horas").textContent = totales.total_horas;
  }

  function iniciarBitacora(config) {
    if (!config.editable) { return; }
    pintarFilas(config, config.entradas);
    document.getElementById("bitacora-agregar").addEventListener("click", function () {
      var ultima = leerFilas().pop();
      var cuerpo = document.getElementById("bitacora-filas");
      var fila = filaEditable(config, { hora_inicio: ultima ? ultima.hora_fin : "00:00", estatus_operativo: "OPERANDO", ot: ultima ? ultima.ot : null });
      cuerpo.appendChild(fila);
      numerar();
      fila.querySelector("[name=hora_fin]").focus();
    });
    var guardar = document.getElementById("bitacora-guardar");
    guardar.addEventListener("click", function () {
      guardar.disabled = true;
      limpiarErrores();
      S.post(config.urls.guardar, { bitacora: JSON.stringify(leerFilas()) }).then(function (json) {
        guardar.disabled = false;
        S.aviso(json);
        if (json.exito) {
          pintarFilas(config, json.entradas);
          pintarTotales(json.totales);
        } else {
          marcarErrores(json.errores);
        }
      });
    });
  }

  var lista = configuracion("configuracion-reportes");
  if (lista) { iniciarLista(lista); }
  var dia = configuracion("configuracion-bitacora");
  if (dia) {
    iniciarFlujo(dia);
    iniciarBitacora(dia);
  }
})(window, document);
