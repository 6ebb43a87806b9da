/* PTE list: server-side table, create/edit modal, header status, child rows with the step checklist
 * (status, dates, comment, evidence link, sub-steps of the parent steps) and "Crear OT" once a PTE is finished.
 * The server sends data only: every text reaches the page through textContent or esc(). */
(function () {
  "use strict";

  function esc(valor) {
    return String(valor === null || valor === undefined ? "" : valor)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function el(etiqueta, atributos, hijos) {
    var nodo = document.createElement(etiqueta);
    Object.keys(atributos || {}).forEach(function (clave) {
      var valor = atributos[clave];
      if (valor === null || valor === undefined || valor === false) { return; }
      if (clave === "texto") { nodo.textContent = valor; }
      else if (clave === "clase") { nodo.className = valor; }
      else if (clave === "datos") { Object.keys(valor).forEach(function (k) { nodo.dataset[k] = valor[k]; }); }
      else if (valor === true) { nodo.setAttribute(clave, ""); }
      else { nodo.setAttribute(clave, String(valor)); }
    });
    (hijos || []).forEach(function (h) { if (h) { nodo.appendChild(typeof h === "string" ? document.createTextNode(h) : h); } });
    return nodo;
  }

  function colorAvance(pct) { return pct < 25 ? "bg-danger" : (pct < 75 ? "bg-warning" : "bg-success"); }

  /* Progress bar as a DOM node (and as HTML for DataTables cells: the numbers are integers). */
  /* The figure sits beside the bar, so it stays readable at 4 % as at 96 %. */
  function barra(pct) {
    var valor = Math.max(0, Math.min(100, parseInt(pct, 10) || 0));
    var interior = el("div", { clase: "progress-bar " + colorAvance(valor), style: "width: " + valor + "%" });
    var progreso = el("div", {
      clase: "progress pte-progreso flex-grow-1", role: "progressbar", "aria-label": "Avance",
      "aria-valuenow": valor, "aria-valuemin": 0, "aria-valuemax": 100
    }, [interior]);
    return el("div", { clase: "d-flex align-items-center gap-1" }, [
      progreso, el("small", { clase: "text-nowrap", texto: valor + "%" })
    ]);
  }

  function fechaDMY(iso) {
    if (!iso) { return ""; }
    var p = String(iso).split("-");
    return p.length === 3 ? p[2] + "/" + p[1] + "/" + p[0] : String(iso);
  }

  function limpiarErrores(form) {
    form.querySelectorAll(".is-invalid").forEach(function (c) { c.classList.remove("is-invalid"); });
    form.querySelectorAll("[data-errores]").forEach(function (c) { c.textContent = ""; });
    var generales = form.querySelector(".alert-danger");
    if (generales) { generales.textContent = ""; generales.classList.add("d-none"); }
  }

  function erroresEnFormulario(form, errores) {
    Object.keys(errores || {}).forEach(function (campo) {
      var mensajes = [].concat(errores[campo]).join(" ");
      var control = form.elements.namedItem(campo);
      var destino = form.querySelector('[data-errores="' + CSS.escape(campo) + '"]');
      if (control && destino) {
        control.classList.add("is-invalid");
        destino.textContent = mensajes;
      } else {
        var generales = form.querySelector(".alert-danger");
        if (generales) {
          generales.textContent = (generales.textContent + " " + mensajes).trim();
          generales.classList.remove("d-none");
        }
      }
    });
  }

  function filtrosActuales(form) {
    var valores = {};
    new FormData(form).forEach(function (valor, clave) {
      if (String(valor).trim() === "") { return; }
      valores[clave] = Object.prototype.hasOwnProperty.call(valores, clave) ? [].concat(valores[clave], valor) : valor;
    });
    return valores;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var tablaHtml = document.getElementById("tabla-pte");
    var nodoConfig = document.getElementById("configuracion-pte");
    if (!tablaHtml || !nodoConfig || !window.SASCOP) { return; }
    var S = window.SASCOP;
    var config = JSON.parse(nodoConfig.textContent);
    var puede = config.puede || {};
    var COLOR_PTE = config.colores_pte || {};
    var COLOR_PASO = config.colores_paso || {};
    var urls = tablaHtml.dataset;
    var filtros = document.getElementById("filtros-pte");
    var abiertas = new Set();
    var subAbiertos = new Set();

    function modal(id) { return window.bootstrap.Modal.getOrCreateInstance(document.getElementById(id)); }

    function acciones(fila) {
      var id = Number(fila.id);
      var html = "";
      if (puede.editar) {
        html += '<button type="button" class="btn btn-sm btn-outline-primary" data-accion="editar" data-id="' + id +
          '" title="Editar"><i class="bi bi-pencil" aria-hidden="true"></i><span class="visually-hidden">Editar</span></button> ';
      }
      if (puede.eliminar) {
        html += '<button type="button" class="btn btn-sm btn-outline-danger" data-accion="eliminar" data-id="' + id +
          '" title="Eliminar"><i class="bi bi-trash" aria-hidden="true"></i><span class="visually-hidden">Eliminar</span></button> ';
      }
      if (fila.tiene_ot) {
        html += '<span class="badge text-bg-light border">Con OT</span>';
      } else if (fila.listo_para_ot && puede.crear_ot) {
        html += '<button type="button" class="btn btn-sm btn-success" data-accion="crear-ot" data-id="' + id +
          '"><i class="bi bi-box-arrow-right" aria-hidden="true"></i> Crear OT</button>';
      }
      return '<div class="d-flex flex-nowrap gap-1 align-items-center">' + html + "</div>";
    }

    var columnas = [
      { data: "id", titulo: "", orden: false, clase: "dt-control-pte", render: function (d, tipo) {
        return tipo === "display" ? '<button type="button" class="btn btn-sm btn-link p-0" data-accion="pasos" title="Ver pasos">' +
          '<i class="bi bi-chevron-right" aria-hidden="true"></i><span class="visually-hidden">Ver pasos</span></button>' : "";
      } },
      { data: "oficio_pte", titulo: "Folio", render: function (d, tipo, fila) {
        if (tipo !== "display") { return d; }
        var url = urls.urlDetalle.replace(/\/0\/$/, "/" + Number(fila.id) + "/");
        return '<a class="fw-semibold text-nowrap" href="' + esc(url) + '">' + esc(d) + "</a>";
      } },
      { data: "descripcion_tipo", titulo: "Tipo" },
      { data: "descripcion_trabajo", titulo: "Descripción", render: function (d, tipo) {
        if (tipo !== "display") { return d; }
        var texto = String(d || "");
        return '<span title="' + esc(texto) + '">' + esc(texto.length > 90 ? texto.slice(0, 90) + "…" : texto) + "</span>";
      } },
      { data: "cliente", titulo: "Cliente", orden: false },
      { data: "responsable_nombre", titulo: "Responsable" },
      { data: "fecha_solicitud", titulo: "Solicitud", render: function (d, tipo) { return tipo === "display" ? esc(fechaDMY(d)) : d; } },
      { data: "fecha_entrega", titulo: "Entrega" },
      { data: "estatus", titulo: "Estatus", render: function (d, tipo, fila) {
        if (tipo !== "display") { return d; }
        var clase = "badge " + (COLOR_PTE[d] || "text-bg-light");
        if (!puede.editar) { return '<span class="' + clase + '">' + esc(fila.estatus_texto) + "</span>"; }
        return '<button type="button" class="btn btn-sm border-0 ' + clase + '" data-accion="estatus" data-id="' + Number(fila.id) +
          '">' + esc(fila.estatus_texto) + ' <i class="bi bi-caret-down-fill" aria-hidden="true"></i></button>';
      } },
      { data: "progreso", titulo: "Avance", render: function (d, tipo, fila) {
        if (tipo !== "display") { return d; }
        return barra(d).outerHTML + '<div class="small text-body-secondary">' + Number(fila.pasos_completados) + " / " +
          Number(fila.total_pasos) + " pasos</div>";
      } },
      { data: "id", titulo: "Acciones", orden: false, render: function (d, tipo, fila) { return tipo === "display" ? acciones(fila) : ""; } }
    ];

    var tabla = S.tabla("#tabla-pte", {
      url: urls.url,
      columnas: columnas,
      orden: [],
      filtros: function () { return filtrosActuales(filtros); }
    });
    var filas = {};
    tabla.on("draw", function () {
      filas = {};
      tabla.rows().every(function () {
        var datos = this.data();
        filas[datos.id] = datos;
        if (abiertas.has(datos.id)) { abrirPasos(this); }
      });
    });

    function actualizarExportar() {
      var parametros = new URLSearchParams();
      var valores = filtrosActuales(filtros);
      Object.keys(valores).forEach(function (k) { [].concat(valores[k]).forEach(function (v) { parametros.append(k, v); }); });
      var consulta = parametros.toString();
      document.getElementById("boton-exportar").href = urls.urlExportar + (consulta ? "?" + consulta : "");
    }
    var espera = null;
    function recargar() { actualizarExportar(); tabla.ajax.reload(null, true); }
    filtros.addEventListener("change", recargar);
    filtros.addEventListener("input", function (evento) {
      if (evento.target && evento.target.type === "search") { window.clearTimeout(espera); espera = window.setTimeout(recargar, 400); }
    });
    filtros.addEventListener("submit", function (evento) { evento.preventDefault(); recargar(); });
    filtros.addEventListener("reset", function () { window.setTimeout(recargar, 0); });

    /* ---- Step checklist (child rows) ---- */

    function enviarPaso(url, datos, recargarTabla) {
      return S.post(url, datos).then(function (respuesta) {
        S.aviso(respuesta);
        if (respuesta.exito && recargarTabla) { tabla.ajax.reload(null, false); }
        return respuesta;
      });
    }

    function selectEstatus(paso) {
      var select = el("select", {
        clase: "form-select form-select-sm " + (COLOR_PASO[paso.estatus_pte] || ""),
        "aria-label": "Estatus del paso " + paso.orden, disabled: !puede.pasos, datos: { campo: "estatus" }
      });
      config.estatus_pasos.forEach(function (op) {
        var opcion = el("option", { value: op[0], texto: op[1] });
        if (Number(op[0]) === Number(paso.estatus_pte)) { opcion.selected = true; }
        select.appendChild(opcion);
      });
      select.addEventListener("change", function () {
        enviarPaso(urls.urlEstatusPaso, { paso_id: paso.id, nuevo_estatus: select.value }, true);
      });
      return select;
    }

    function entradaFecha(paso, tipo, valor, etiqueta) {
      var entrada = el("input", {
        type: "date", clase: "form-control form-control-sm", value: valor || "",
        "aria-label": etiqueta + " del paso " + paso.orden, disabled: !puede.pasos, datos: { campo: "fecha" + tipo }
      });
      entrada.addEventListener("change", function () {
        enviarPaso(urls.urlFecha, { id_paso: paso.id, fecha: entrada.value, tipo: tipo }, false);
      });
      return entrada;
    }

    function entradaComentario(paso) {
      var entrada = el("input", {
        type: "text", clase: "form-control form-control-sm", value: paso.comentario || "", maxlength: 2000,
        "aria-label": "Comentario del paso " + paso.orden, disabled: !puede.pasos, datos: { campo: "comentario" }
      });
      entrada.addEventListener("change", function () {
        enviarPaso(urls.urlEstatusPaso, { paso_id: paso.id, nuevo_estatus: paso.estatus_pte, comentario: entrada.value }, false);
      });
      return entrada;
    }

    function evidencia(paso) {
      var entrada = el("input", {
        type: "url", clase: "form-control form-control-sm", value: paso.archivo || "", placeholder: "https://…",
        "aria-label": "Enlace de evidencia del paso " + paso.orden, disabled: !puede.pasos, datos: { campo: "archivo" }
      });
      var hijos = [entrada];
      if (/^https?:\/\//i.test(paso.archivo || "")) {
        hijos.push(el("a", { clase: "btn btn-sm btn-outline-secondary", href: paso.archivo, target: "_blank", rel: "noopener noreferrer", title: "Abrir evidencia" },
          [el("i", { clase: "bi bi-box-arrow-up-right", "aria-hidden": "true" }), el("span", { clase: "visually-hidden", texto: "Abrir evidencia" })]));
      }
      if (puede.pasos) {
        var guardar = el("button", { type: "button", clase: "btn btn-sm btn-outline-primary", title: "Guardar enlace" },
          [el("i", { clase: "bi bi-save", "aria-hidden": "true" }), el("span", { clase: "visually-hidden", texto: "Guardar enlace" })]);
        guardar.addEventListener("click", function () {
          S.post(urls.urlArchivo, { paso_id: paso.id, archivo: entrada.value }).then(function (respuesta) {
            S.aviso(respuesta);
            entrada.classList.toggle("is-invalid", !respuesta.exito);
          });
        });
        hijos.push(guardar);
      }
      return el("div", { clase: "input-group input-group-sm flex-nowrap" }, hijos);
    }

    function filaPaso(paso, pteId) {
      var nombre = [el("span", { texto: paso.desc_paso })];
      if (paso.tiene_subpasos) {
        var clave = pteId + ":" + paso.id_paso;
        var boton = el("button", { type: "button", clase: "btn btn-sm btn-outline-secondary ms-2", datos: { subpasos: clave },
          texto: "Entregables " + paso.subpasos_completados + "/" + paso.total_subpasos });
        boton.addEventListener("click", function () {
          var destino = boton.closest("tr").nextElementSibling;
          var oculto = destino.classList.toggle("d-none");
          if (oculto) { subAbiertos.delete(clave); } else { subAbiertos.add(clave); cargarSubpasos(pteId, paso, destino.firstChild); }
        });
        nombre.push(boton);
        nombre.push(el("div", { clase: "mt-1" }, [barra(paso.progreso_subpasos)]));
      }
      return el("tr", { datos: { paso: paso.id } }, [
        el("td", { clase: "text-nowrap", texto: paso.orden }),
        el("td", {}, nombre),
        el("td", {}, [selectEstatus(paso)]),
        el("td", {}, [entradaFecha(paso, 1, paso.fecha_inicio, "Fecha de inicio")]),
        el("td", {}, [entradaFecha(paso, 2, paso.fecha_termino, "Fecha de término")]),
        el("td", {}, [entradaFecha(paso, 3, paso.fecha_entrega, "Fecha de entrega")]),
        el("td", {}, [entradaComentario(paso)]),
        el("td", {}, [evidencia(paso)])
      ]);
    }

    function tablaPasos(pasos, pteId, anidada) {
      var cuerpo = el("tbody");
      pasos.forEach(function (paso) {
        cuerpo.appendChild(filaPaso(paso, pteId));
        if (paso.tiene_subpasos && !anidada) {
          var clave = pteId + ":" + paso.id_paso;
          var abierta = subAbiertos.has(clave);
          var celda = el("td", { colspan: 8, clase: "pte-subpasos ps-5" }, [el("div", { clase: "text-body-secondary small", texto: "Cargando entregables…" })]);
          var fila = el("tr", { clase: abierta ? "" : "d-none", datos: { subpasosDe: clave } }, [celda]);
          cuerpo.appendChild(fila);
          if (abierta) { cargarSubpasos(pteId, paso, celda); }
        }
      });
      var encabezados = ["Orden", anidada ? "Entregable" : "Paso", "Estatus", "Inicio", "Término", "Entrega", "Comentario", "Evidencia"];
      return el("table", { clase: "table table-sm mb-0 pte-pasos" + (anidada ? "" : " table-bordered bg-white") }, [
        el("thead", {}, [el("tr", {}, encabezados.map(function (t) { return el("th", { scope: "col", texto: t }); }))]),
        cuerpo
      ]);
    }

    function cargarSubpasos(pteId, padre, celda) {
      S.getJSON(urls.urlSubpasos, { pte_header_id: pteId }).then(function (respuesta) {
        var propios = (respuesta.data || []).filter(function (s) { return Number(s.paso_padre_id) === Number(padre.id_paso); });
        celda.replaceChildren(tablaPasos(propios, pteId, true));
      }, function (envelope) { S.aviso(envelope); });
    }

    function abrirPasos(fila) {
      var datos = fila.data();
      var contenedor = el("div", { clase: "p-2 pte-pasos-marco", datos: { pasosDe: datos.id } }, [el("div", { clase: "text-body-secondary small", texto: "Cargando pasos…" })]);
      fila.child(contenedor).show();
      fila.node().classList.add("dt-hasChild");
      S.getJSON(urls.urlPasos, { pte_header_id: datos.id, draw: 1, start: 0, length: 500 }).then(function (respuesta) {
        var pasos = respuesta.data || [];
        contenedor.replaceChildren(pasos.length ? tablaPasos(pasos, datos.id, false)
          : el("div", { clase: "sascop-vacio", texto: "Esta PTE no tiene pasos." }));
      }, function (envelope) { S.aviso(envelope); });
    }

    /* ---- Row actions ---- */

    var formPte = document.getElementById("form-pte");
    var tituloPte = document.getElementById("modal-pte-titulo");

    function asegurarOpcion(select, valor, texto) {
      if (!select || valor === null || valor === undefined || valor === "") { return; }
      var existe = Array.prototype.some.call(select.options, function (o) { return o.value === String(valor); });
      if (!existe) { select.appendChild(el("option", { value: valor, texto: texto || String(valor) })); }
    }

    function abrirFormulario(datos) {
      limpiarErrores(formPte);
      formPte.reset();
      formPte.elements.namedItem("id").value = datos ? datos.id : "";
      tituloPte.textContent = datos ? "Editar PTE " + datos.oficio_pte : "Nueva PTE";
      if (datos) {
        asegurarOpcion(formPte.elements.namedItem("id_tipo"), datos.id_tipo, datos.descripcion_tipo);
        asegurarOpcion(formPte.elements.namedItem("id_cliente"), datos.id_cliente, datos.cliente);
        asegurarOpcion(formPte.elements.namedItem("id_responsable_proyecto"), datos.id_responsable_proyecto, datos.responsable_nombre);
        ["oficio_pte", "id_cliente", "id_responsable_proyecto", "id_tipo", "prioridad", "oficio_solicitud", "descripcion_trabajo",
          "fecha_solicitud", "plazo_dias", "total_homologado", "id_orden_trabajo", "comentario"].forEach(function (campo) {
          var control = formPte.elements.namedItem(campo);
          if (control) { control.value = datos[campo] === null || datos[campo] === undefined ? "" : String(datos[campo]); }
        });
      }
      modal("modal-pte").show();
    }

    var botonNueva = document.getElementById("boton-nueva-pte");
    if (botonNueva) { botonNueva.addEventListener("click", function () { abrirFormulario(null); }); }

    formPte.addEventListener("submit", function (evento) {
      evento.preventDefault();
      limpiarErrores(formPte);
      var editando = formPte.elements.namedItem("id").value !== "";
      var datos = new FormData(formPte);
      if (!editando) { datos.delete("id"); }
      S.post(editando ? urls.urlEditar : urls.urlCrear, datos).then(function (respuesta) {
        S.aviso(respuesta);
        if (respuesta.exito) {
          modal("modal-pte").hide();
          if (respuesta.id_nuevo) { abiertas.add(Number(respuesta.id_nuevo)); }
          tabla.ajax.reload(null, !editando);
        } else {
          erroresEnFormulario(formPte, respuesta.errores);
        }
      });
    });

    var formEstatus = document.getElementById("form-estatus-pte");
    formEstatus.addEventListener("submit", function (evento) {
      evento.preventDefault();
      S.post(urls.urlEstatus, new FormData(formEstatus)).then(function (respuesta) {
        S.aviso(respuesta);
        if (respuesta.exito) { modal("modal-estatus-pte").hide(); tabla.ajax.reload(null, false); }
      });
    });

    var formOt = document.getElementById("form-crear-ot");
    var bloqueRepro = document.getElementById("ot-reprogramacion");
    formOt.elements.namedItem("tipo_ot").addEventListener("change", function (evento) {
      bloqueRepro.classList.toggle("d-none", Number(evento.target.value) !== Number(config.tipo_reprogramacion));
    });
    formOt.addEventListener("submit", function (evento) {
      evento.preventDefault();
      S.mostrarErrores(formOt, {});
      S.post(urls.urlCrearOt, new FormData(formOt)).then(function (respuesta) {
        S.aviso(respuesta);
        if (respuesta.exito) { modal("modal-crear-ot").hide(); tabla.ajax.reload(null, false); }
        else { S.mostrarErrores(formOt, respuesta.errores); }
      });
    });

    tablaHtml.addEventListener("click", function (evento) {
      var boton = evento.target.closest("[data-accion]");
      if (!boton || !tablaHtml.contains(boton)) { return; }
      var accion = boton.dataset.accion;
      var tr = boton.closest("tr");
      if (accion === "pasos") {
        var fila = tabla.row(tr);
        var id = fila.data().id;
        if (fila.child.isShown()) { fila.child.hide(); tr.classList.remove("dt-hasChild"); abiertas.delete(id); }
        else { abiertas.add(id); abrirPasos(fila); }
        return;
      }
      var datos = filas[Number(boton.dataset.id)];
      if (!datos) { return; }
      if (accion === "editar") {
        S.getJSON(urls.urlObtener, { id: datos.id }).then(function (r) { abrirFormulario(r.datos); }, S.aviso);
      } else if (accion === "eliminar") {
        if (window.confirm("¿Eliminar la PTE " + datos.oficio_pte + "? Dejará de mostrarse en las listas.")) {
          S.post(urls.urlEliminar, { id: datos.id }).then(function (r) { S.aviso(r); if (r.exito) { tabla.ajax.reload(null, false); } });
        }
      } else if (accion === "estatus") {
        formEstatus.reset();
        formEstatus.elements.namedItem("pte_id").value = datos.id;
        formEstatus.elements.namedItem("nuevo_estatus").value = datos.estatus;
        document.getElementById("estatus-folio").textContent = "PTE " + datos.oficio_pte;
        modal("modal-estatus-pte").show();
      } else if (accion === "crear-ot") {
        formOt.reset();
        S.mostrarErrores(formOt, {});
        bloqueRepro.classList.add("d-none");
        formOt.elements.namedItem("pte_id").value = datos.id;
        document.getElementById("crear-ot-folio").textContent = "PTE " + datos.oficio_pte + ": " + datos.descripcion_trabajo;
        modal("modal-crear-ot").show();
      }
    });
  });
})();
