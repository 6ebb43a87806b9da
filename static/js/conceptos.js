/* Contract catalogue screens: "Contratos y Anexo C" (#configuracion-contratos) and "Catálogo de conceptos / PUEs"
 * (#configuracion-conceptos). Each page hands its URLs, permissions and columns as JSON.
 *
 * Amounts arrive as decimal strings ("1500.5000", "123456789.01") and are formatted here as strings: they never go
 * through a binary float, so a peso is never shown as 0.999999. Every server value is inserted escaped (esc() or
 * textContent); action buttons carry only numeric ids. */
(function () {
  "use strict";

  var S = window.SASCOP;
  if (!S) { return; }

  // --- Shared helpers -------------------------------------------------------------------------------------------

  function esc(valor) {
    return String(valor === null || valor === undefined ? "" : valor)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function entero(valor) {
    var n = Number(valor);
    return Number.isFinite(n) ? Math.round(n) : 0;
  }

  /* "1234567.5000" -> "1,234,567.50" (at least `minimo` decimals, trailing zeros beyond it dropped). Text only. */
  function numero(texto, minimo) {
    var m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(texto === null || texto === undefined ? "" : texto).trim());
    if (!m) { return String(texto || ""); }
    var enteros = m[2].replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    var decimales = (m[3] || "").replace(/0+$/, "");
    while (decimales.length < (minimo || 0)) { decimales += "0"; }
    return m[1] + enteros + (decimales ? "." + decimales : "");
  }

  function dinero(texto) {
    var t = numero(texto, 2);
    if (t === "") { return ""; }
    return t.charAt(0) === "-" ? "-$" + t.slice(1) : "$" + t;
  }

  function esCero(texto) { return /^-?0*(\.0*)?$/.test(String(texto || "0").trim()); }

  /* The server hands URLs with a placeholder id ("…/obtener/0/", "…/contratos/0/subanexos/"). */
  function urlConId(plantilla, id) {
    var i = plantilla.lastIndexOf("/0/");
    return i < 0 ? plantilla : plantilla.slice(0, i) + "/" + encodeURIComponent(id) + "/" + plantilla.slice(i + 3);
  }

  function boton(accion, id, icono, titulo, clase) {
    return '<button type="button" class="btn btn-sm ' + (clase || "btn-outline-primary") + '" data-accion="' + accion +
      '" data-id="' + entero(id) + '" title="' + esc(titulo) + '"><i class="bi ' + icono +
      '" aria-hidden="true"></i><span class="visually-hidden">' + esc(titulo) + "</span></button>";
  }

  function modal(id) {
    var nodo = document.getElementById(id);
    return nodo && window.bootstrap ? window.bootstrap.Modal.getOrCreateInstance(nodo) : null;
  }

  function limpiarErrores(formulario) {
    S.mostrarErrores(formulario, {});
    var generales = formulario.querySelector("[data-errores-generales]");
    if (generales) { generales.textContent = ""; generales.classList.add("d-none"); }
  }

  function mostrarErrores(formulario, envelope) {
    var errores = (envelope && envelope.errores) || {};
    S.mostrarErrores(formulario, errores);
    var sueltos = Object.keys(errores).filter(function (campo) {
      return !formulario.querySelector('[name="' + campo.replace(/"/g, "") + '"]');
    });
    var generales = formulario.querySelector("[data-errores-generales]");
    if (generales && sueltos.length) {
      generales.textContent = sueltos.map(function (c) { return [].concat(errores[c]).join(" "); }).join(" ");
      generales.classList.remove("d-none");
    }
  }

  function llenar(formulario, registro) {
    Array.prototype.forEach.call(formulario.elements, function (control) {
      if (!control.name || control.name === "csrfmiddlewaretoken" || !(control.name in registro)) { return; }
      var valor = registro[control.name];
      if (control.type === "checkbox") {
        control.checked = Boolean(valor);
      } else {
        control.value = valor === null || valor === undefined ? "" : String(valor);
      }
    });
  }

  /* Submit a modal form to `url`; on success hide the modal and run `despues`. */
  function enviar(formulario, url, ventana, despues) {
    limpiarErrores(formulario);
    return S.post(url, new FormData(formulario)).then(function (envelope) {
      S.aviso(envelope);
      if (envelope && envelope.exito) {
        if (ventana) { ventana.hide(); }
        if (despues) { despues(envelope); }
      } else {
        mostrarErrores(formulario, envelope);
      }
    });
  }

  function confirmarYEnviar(pregunta, url, id, despues) {
    if (!window.confirm(pregunta)) { return; }
    S.post(url, { id: id }).then(function (envelope) {
      S.aviso(envelope);
      if (envelope && envelope.exito && despues) { despues(envelope); }
    });
  }

  function insignia(activo) {
    return activo ? '<span class="badge text-bg-success">Activo</span>' : '<span class="badge text-bg-secondary">Inactivo</span>';
  }

  function textoRecortado(texto) {
    return '<span class="sascop-recorte" title="' + esc(texto) + '">' + esc(texto) + "</span>";
  }

  function columnaNumero(data, titulo, formato, orden) {
    return { data: data, titulo: titulo, orden: orden !== false, clase: "text-end text-nowrap",
      render: function (d, tipo) { return tipo === "display" ? esc(formato(d)) : d; } };
  }

  // --- Contracts page -------------------------------------------------------------------------------------------

  function paginaContratos(config) {
    var urls = config.urls;
    var puede = config.puede;
    var filtros = document.getElementById("filtros-contratos");
    var formContrato = document.getElementById("form-contrato");
    var formSubanexo = document.getElementById("form-subanexo");
    var ventanaContrato = modal("modal-contrato");
    var ventanaSubanexo = modal("modal-subanexo");
    var panel = document.getElementById("panel-anexo");
    var contratoElegido = null;
    var idContrato = null;
    var idSubanexo = null;

    function acciones(fila) {
      var b = [];
      if (puede.ver_subanexos) { b.push(boton("subanexos", fila.id, "bi-diagram-3", "Ver Anexo C y sub-anexos", "btn-outline-secondary")); }
      if (puede.editar && fila.activo) { b.push(boton("editar", fila.id, "bi-pencil", "Editar contrato")); }
      if (puede.editar && fila.activo) { b.push(boton("eliminar", fila.id, "bi-slash-circle", "Desactivar contrato", "btn-outline-danger")); }
      if (puede.editar && !fila.activo) { b.push(boton("reactivar", fila.id, "bi-arrow-counterclockwise", "Reactivar contrato", "btn-outline-success")); }
      return '<div class="btn-group">' + b.join("") + "</div>";
    }

    var tabla = S.tabla("#tabla-contratos", {
      url: urls.contratos_datatable,
      columnas: [
        { data: "numero_contrato", titulo: "Contrato",
          render: function (d, tipo, fila) {
            if (tipo !== "display") { return d; }
            return '<span class="fw-semibold text-nowrap">' + esc(d) + "</span>" +
              (fila.descripcion ? '<div class="small text-body-secondary">' + textoRecortado(fila.descripcion) + "</div>" : "");
          } },
        { data: "cliente", titulo: "Cliente" },
        { data: "fecha_inicio", titulo: "Inicio", clase: "text-nowrap" },
        { data: "fecha_termino", titulo: "Término", clase: "text-nowrap" },
        columnaNumero("monto_mn", "Monto M.N.", dinero),
        columnaNumero("monto_usd", "Monto USD", dinero),
        columnaNumero("num_conceptos", "Conceptos", function (d) { return numero(d, 0); }),
        { data: "activo", titulo: "Estado", render: function (d, tipo) { return tipo === "display" ? insignia(d) : d; } },
        { data: null, titulo: "Acciones", orden: false,
          render: function (_d, tipo, fila) { return tipo === "display" ? acciones(fila) : ""; } }
      ],
      filtros: function () { return S.valoresFormulario(filtros); },
      recargarCon: "#filtros-contratos"
    });
    function marcarElegido() {
      tabla.rows({ page: "current" }).every(function () {
        var fila = this.data();
        this.node().classList.toggle("contrato-elegido", Boolean(fila && fila.id === contratoElegido));
      });
    }
    tabla.on("draw", marcarElegido);

    function recargarTodo() {
      tabla.ajax.reload(null, false);
      if (contratoElegido !== null) { verSubanexos(contratoElegido); }
    }

    function filaSubanexo(s) {
      var b = [];
      if (urls.conceptos) {
        b.push('<a class="btn btn-sm btn-outline-secondary" title="Ver sus conceptos" href="' + esc(urls.conceptos) +
          "?sub_anexo=" + entero(s.id) + '"><i class="bi bi-list-columns" aria-hidden="true"></i><span class="visually-hidden">Ver sus conceptos</span></a>');
      }
      if (puede.editar_subanexo && s.activo) {
        b.push(boton("editar-subanexo", s.id, "bi-pencil", "Editar sub-anexo"));
        b.push(boton("eliminar-subanexo", s.id, "bi-slash-circle", "Desactivar sub-anexo", "btn-outline-danger"));
      }
      if (puede.editar_subanexo && !s.activo) {
        b.push(boton("reactivar-subanexo", s.id, "bi-arrow-counterclockwise", "Reactivar sub-anexo", "btn-outline-success"));
      }
      return "<tr><td class=\"fw-semibold text-nowrap\">" + esc(s.clave_anexo) + "</td><td>" + textoRecortado(s.descripcion) +
        '</td><td class="text-end">' + esc(numero(s.num_conceptos, 0)) + '</td><td class="text-end text-nowrap">' +
        esc(dinero(s.importe_mn)) + '</td><td class="text-end text-nowrap">' + esc(dinero(s.importe_usd)) + "</td><td>" +
        insignia(s.activo) + '</td><td><div class="btn-group">' + b.join("") + "</div></td></tr>";
    }

    function verSubanexos(id) {
      S.getJSON(urlConId(urls.contratos_subanexos, id), {}).then(function (datos) {
        contratoElegido = id;
        panel.classList.remove("d-none");
        document.getElementById("panel-anexo-titulo").textContent = "Contrato " + datos.contrato.numero_contrato + " · " +
          (datos.anexo ? "Anexo " + datos.anexo.clave : "sin Anexo C");
        document.getElementById("panel-anexo-descripcion").textContent = datos.anexo ? datos.anexo.descripcion : "";
        var cuerpo = panel.querySelector("#tabla-subanexos tbody");
        cuerpo.innerHTML = datos.subanexos.length ? datos.subanexos.map(filaSubanexo).join("")
          : '<tr><td colspan="7" class="text-body-secondary">El contrato aún no tiene sub-anexos.</td></tr>';
        panel.querySelector('[data-total="num_conceptos"]').textContent = numero(datos.totales.num_conceptos, 0);
        panel.querySelector('[data-total="importe_mn"]').textContent = dinero(datos.totales.importe_mn);
        panel.querySelector('[data-total="importe_usd"]').textContent = dinero(datos.totales.importe_usd);
        var botonNuevo = document.getElementById("boton-nuevo-subanexo");
        if (botonNuevo) { botonNuevo.disabled = !datos.contrato.activo; }
        marcarElegido();
        panel.scrollIntoView({ behavior: "smooth", block: "start" });
      }, S.aviso);
    }

    function abrirContrato(registro) {
      formContrato.reset();
      limpiarErrores(formContrato);
      idContrato = registro ? registro.id : null;
      if (registro) { llenar(formContrato, registro); }
      document.getElementById("modal-contrato-titulo").textContent = registro ? "Editar contrato " + registro.numero_contrato : "Nuevo contrato";
      if (ventanaContrato) { ventanaContrato.show(); }
    }

    function abrirSubanexo(registro) {
      formSubanexo.reset();
      limpiarErrores(formSubanexo);
      idSubanexo = registro ? registro.id : null;
      formSubanexo.elements.namedItem("contrato").value = String(contratoElegido || "");
      if (registro) { llenar(formSubanexo, registro); }
      document.getElementById("modal-subanexo-titulo").textContent = registro ? "Editar sub-anexo " + registro.clave_anexo : "Nuevo sub-anexo";
      if (ventanaSubanexo) { ventanaSubanexo.show(); }
    }

    var botonNuevo = document.getElementById("boton-nuevo-contrato");
    if (botonNuevo) { botonNuevo.addEventListener("click", function () { abrirContrato(null); }); }
    var botonNuevoSub = document.getElementById("boton-nuevo-subanexo");
    if (botonNuevoSub) { botonNuevoSub.addEventListener("click", function () { abrirSubanexo(null); }); }

    formContrato.addEventListener("submit", function (evento) {
      evento.preventDefault();
      var url = idContrato === null ? urls.contratos_crear : urlConId(urls.contratos_editar, idContrato);
      enviar(formContrato, url, ventanaContrato, recargarTodo);
    });
    formSubanexo.addEventListener("submit", function (evento) {
      evento.preventDefault();
      var url = idSubanexo === null ? urls.subanexos_crear : urlConId(urls.subanexos_editar, idSubanexo);
      enviar(formSubanexo, url, ventanaSubanexo, recargarTodo);
    });

    document.getElementById("tabla-contratos").addEventListener("click", function (evento) {
      var b = evento.target.closest("button[data-accion]");
      if (!b) { return; }
      var id = entero(b.dataset.id);
      if (b.dataset.accion === "subanexos") { verSubanexos(id); }
      if (b.dataset.accion === "editar") {
        S.getJSON(urlConId(urls.contratos_obtener, id), {}).then(function (r) { abrirContrato(r.registro); }, S.aviso);
      }
      if (b.dataset.accion === "eliminar") {
        confirmarYEnviar("¿Desactivar este contrato? Sus conceptos dejarán de ofrecerse en las búsquedas; su historia se conserva.",
          urls.contratos_eliminar, id, recargarTodo);
      }
      if (b.dataset.accion === "reactivar") { confirmarYEnviar("¿Reactivar este contrato?", urls.contratos_reactivar, id, recargarTodo); }
    });

    panel.addEventListener("click", function (evento) {
      var b = evento.target.closest("button[data-accion]");
      if (!b) { return; }
      var id = entero(b.dataset.id);
      if (b.dataset.accion === "editar-subanexo") {
        S.getJSON(urlConId(urls.subanexos_obtener, id), {}).then(function (r) { abrirSubanexo(r.registro); }, S.aviso);
      }
      if (b.dataset.accion === "eliminar-subanexo") {
        confirmarYEnviar("¿Desactivar este sub-anexo? Sólo es posible cuando ya no tiene conceptos activos.", urls.subanexos_eliminar, id, recargarTodo);
      }
      if (b.dataset.accion === "reactivar-subanexo") { confirmarYEnviar("¿Reactivar este sub-anexo?", urls.subanexos_reactivar, id, recargarTodo); }
    });
  }

  // --- Concepts page --------------------------------------------------------------------------------------------

  var TRANSICIONES = {
    "EN ELABORACION": ["AUTORIZADO", "CANCELADA"],
    "AUTORIZADO": ["EN ELABORACION", "CANCELADA"],
    "": ["EN ELABORACION", "CANCELADA"],
    "CANCELADA": []
  };
  var COLOR_ESTATUS = { "EN ELABORACION": "text-bg-warning", "AUTORIZADO": "text-bg-success", "CANCELADA": "text-bg-danger" };

  function paginaConceptos(config) {
    var urls = config.urls;
    var puede = config.puede;
    var filtros = document.getElementById("filtros-conceptos");
    var formularios = { ordinarios: document.getElementById("form-ordinario"), pues: document.getElementById("form-pue") };
    var ventanas = { ordinarios: modal("modal-ordinario"), pues: modal("modal-pue") };
    var formEstatus = document.getElementById("form-estatus");
    var formConvertir = document.getElementById("form-convertir");
    var tablas = {};
    var vigentes = {};
    var vista = "ordinarios";
    var editando = { ordinarios: null, pues: null };

    // A link from the contracts page (?sub_anexo=…&contrato=…&vista=pues) arrives with its filters set.
    var inicial = new URLSearchParams(window.location.search);
    ["contrato", "sub_anexo", "unidad", "texto", "estado", "estatus", "convertida"].forEach(function (nombre) {
      var control = filtros.elements.namedItem(nombre);
      if (control && inicial.get(nombre)) { control.value = inicial.get(nombre); }
    });

    function parametros() {
      var valores = S.valoresFormulario(filtros);
      if (vista !== "pues") { delete valores.estatus; }
      Object.keys(valores).forEach(function (k) { if (String(valores[k]).trim() === "") { delete valores[k]; } });
      valores.vista = vista;
      return valores;
    }

    function estatusInsignia(estatus) {
      if (!estatus) { return ""; }
      return '<span class="badge ' + (COLOR_ESTATUS[estatus] || "text-bg-secondary") + '">' + esc(estatus) + "</span>";
    }

    function acciones(fila) {
      var b = [];
      var convertida = fila.tipo === "pue" && fila.convertida_a;
      if (puede.editar && fila.activo) { b.push(boton("editar", fila.id, "bi-pencil", "Editar")); }
      if (puede.editar && fila.activo && fila.tipo === "pue" && fila.estatus !== "CANCELADA") {
        b.push(boton("estatus", fila.id, "bi-flag", "Cambiar estatus", "btn-outline-secondary"));
        if (puede.crear) { b.push(boton("convertir", fila.id, "bi-arrow-left-right", "Convertir en concepto ordinario", "btn-outline-secondary")); }
      }
      if (puede.editar && fila.activo) { b.push(boton("eliminar", fila.id, "bi-slash-circle", "Desactivar", "btn-outline-danger")); }
      if (puede.editar && !fila.activo && !convertida) { b.push(boton("reactivar", fila.id, "bi-arrow-counterclockwise", "Reactivar", "btn-outline-success")); }
      return '<div class="btn-group">' + b.join("") + "</div>";
    }

    var RENDER = {
      codigo: function (d, tipo, fila) {
        if (tipo !== "display") { return d; }
        var extra = fila.activo ? "" : ' <span class="badge text-bg-secondary">Inactivo</span>';
        var interno = fila.codigo_interno ? '<div class="small text-body-secondary">' + esc(fila.codigo_interno) + "</div>" : "";
        return '<span class="fw-semibold text-nowrap">' + esc(d) + "</span>" + extra + interno;
      },
      sub_anexo: function (d, tipo, fila) {
        if (tipo !== "display") { return d; }
        return '<span class="text-nowrap">' + esc(d) + '</span><div class="small text-body-secondary text-nowrap">' + esc(fila.contrato) + "</div>";
      },
      descripcion: function (d, tipo) { return tipo === "display" ? textoRecortado(d) : d; },
      estatus: function (d, tipo) { return tipo === "display" ? estatusInsignia(d) : d; },
      origen_pue: function (d, tipo) { return tipo === "display" && d ? '<span class="text-nowrap">de PUE ' + esc(d) + "</span>" : (d || ""); },
      convertida_a: function (d, tipo) { return tipo === "display" && d ? '<span class="text-nowrap">convertida a ' + esc(d) + "</span>" : (d || ""); },
      comentario: function (d, tipo) { return tipo === "display" ? textoRecortado(d) : d; },
      encabezados: function (d, tipo, fila) {
        if (tipo !== "display") { return d; }
        return ["categoria", "subcategoria", "clasificacion"].filter(function (k) { return fila[k]; }).map(function (k, i) {
          return '<div class="sascop-nivel' + (i ? " small text-body-secondary" : "") + '" title="' + esc(fila[k]) + '">' + esc(fila[k]) + "</div>";
        }).join("");
      },
      creacion: function (d, tipo, fila) {
        if (tipo !== "display") { return d; }
        return '<span class="text-nowrap">' + esc(fila.pte_creacion) + '</span><div class="small text-body-secondary text-nowrap">' +
          esc(fila.ot_creacion) + "</div>";
      }
    };
    var NUMEROS = {
      cantidad: function (d) { return numero(d, 0); },
      precio_unitario_mn: dinero,
      precio_unitario_usd: function (d) { return esCero(d) ? "—" : dinero(d); },
      importe_mn: dinero,
      importe_usd: function (d) { return esCero(d) ? "—" : dinero(d); }
    };

    function columnas(nombreVista) {
      var lista = config.columnas[nombreVista].map(function (c) {
        if (NUMEROS[c.data]) { return columnaNumero(c.data, c.titulo, NUMEROS[c.data], c.orden); }
        return { data: c.data, titulo: c.titulo, orden: c.orden, render: RENDER[c.data] };
      });
      if (puede.editar || puede.crear) {
        lista.push({ data: null, titulo: "Acciones", orden: false,
          render: function (_d, tipo, fila) { return tipo === "display" ? acciones(fila) : ""; } });
      }
      return lista;
    }

    function crearTabla(nombreVista) {
      var t = S.tabla("#tabla-" + nombreVista, {
        url: urls.conceptos_datatable,
        columnas: columnas(nombreVista),
        orden: [],
        filtros: parametros
      });
      t.on("draw", function () {
        t.rows({ page: "current" }).every(function () {
          var fila = this.data();
          if (fila && !fila.activo) { this.node().classList.add("concepto-inactivo"); }
        });
      });
      vigentes[nombreVista] = true;
      return t;
    }

    function recargar(conservarPagina) {
      Object.keys(vigentes).forEach(function (k) { vigentes[k] = false; });
      if (tablas[vista]) {
        tablas[vista].ajax.reload(null, !conservarPagina);
        vigentes[vista] = true;
      }
    }

    function mostrarVista(nueva) {
      vista = nueva;
      document.querySelectorAll("[data-solo-vista]").forEach(function (el) {
        el.classList.toggle("d-none", el.dataset.soloVista !== vista);
      });
      var nuevoOrdinario = document.getElementById("boton-nuevo-concepto");
      var nuevaPue = document.getElementById("boton-nueva-pue");
      if (nuevoOrdinario) { nuevoOrdinario.classList.toggle("d-none", vista !== "ordinarios"); }
      if (nuevaPue) { nuevaPue.classList.toggle("d-none", vista !== "pues"); }
      if (!tablas[vista]) {
        tablas[vista] = crearTabla(vista);
      } else if (!vigentes[vista]) {
        tablas[vista].ajax.reload(null, true);
        vigentes[vista] = true;
      } else {
        tablas[vista].columns.adjust();
      }
    }

    document.querySelectorAll("#pestanas-conceptos [data-vista]").forEach(function (pestana) {
      pestana.addEventListener("shown.bs.tab", function () { mostrarVista(pestana.dataset.vista); });
    });

    var espera = null;
    filtros.addEventListener("change", function (evento) {
      // "Convertida: sí" on the PUE tab means the retired rows: show them without a second click.
      if (evento.target.name === "convertida" && evento.target.value === "si" && vista === "pues") {
        filtros.elements.namedItem("estado").value = "todos";
      }
      recargar(false);
    });
    filtros.addEventListener("input", function (evento) {
      if (evento.target.type !== "search") { return; }
      window.clearTimeout(espera);
      espera = window.setTimeout(function () { recargar(false); }, 400);
    });
    filtros.addEventListener("submit", function (evento) { evento.preventDefault(); recargar(false); });

    if (inicial.get("vista") === "pues") {
      var pestanaPues = document.getElementById("pestana-pues");
      if (window.bootstrap) { window.bootstrap.Tab.getOrCreateInstance(pestanaPues).show(); } else { mostrarVista("pues"); }
      if (!tablas.pues) { mostrarVista("pues"); }
    } else {
      mostrarVista("ordinarios");
    }

    document.getElementById("boton-exportar").addEventListener("click", function () {
      var valores = parametros();
      var busqueda = tablas[vista] ? tablas[vista].search() : "";
      if (busqueda) { valores["search[value]"] = busqueda; }
      window.location.assign(urls.conceptos_exportar + "?" + new URLSearchParams(valores).toString());
    });

    function abrir(nombreVista, registro) {
      var formulario = formularios[nombreVista];
      formulario.reset();
      limpiarErrores(formulario);
      editando[nombreVista] = registro ? registro.id : null;
      if (registro) { llenar(formulario, registro); }
      var titulo = document.getElementById(nombreVista === "pues" ? "modal-pue-titulo" : "modal-ordinario-titulo");
      titulo.textContent = (registro ? "Editar " : "Nuevo ") + (nombreVista === "pues" ? "PUE" : "concepto ordinario") +
        (registro ? " " + registro.codigo : "");
      if (ventanas[nombreVista]) { ventanas[nombreVista].show(); }
    }

    ["ordinarios", "pues"].forEach(function (nombreVista) {
      var formulario = formularios[nombreVista];
      formulario.addEventListener("submit", function (evento) {
        evento.preventDefault();
        var id = editando[nombreVista];
        var url = id !== null ? urlConId(urls.conceptos_editar, id)
          : (nombreVista === "pues" ? urls.conceptos_crear_pue : urls.conceptos_crear);
        enviar(formulario, url, ventanas[nombreVista], function () { recargar(true); });
      });
    });
    ["boton-nuevo-concepto", "boton-nueva-pue"].forEach(function (idBoton) {
      var b = document.getElementById(idBoton);
      if (b) { b.addEventListener("click", function () { abrir(b.dataset.vista, null); }); }
    });

    function abrirEstatus(fila) {
      formEstatus.reset();
      limpiarErrores(formEstatus);
      formEstatus.elements.namedItem("id").value = String(entero(fila.id));
      formEstatus.querySelector('[data-pue="codigo"]').textContent = fila.codigo;
      formEstatus.querySelector('[data-pue="estatus"]').textContent = fila.estatus || "AUTORIZADO";
      var select = formEstatus.elements.namedItem("estatus");
      select.innerHTML = "";
      (TRANSICIONES[fila.estatus] || []).forEach(function (valor) {
        var opcion = document.createElement("option");
        opcion.value = valor;
        opcion.textContent = valor;
        select.appendChild(opcion);
      });
      var ventana = modal("modal-estatus");
      if (ventana) { ventana.show(); }
    }

    function abrirConvertir(fila) {
      formConvertir.reset();
      limpiarErrores(formConvertir);
      formConvertir.elements.namedItem("id").value = String(entero(fila.id));
      formConvertir.querySelector('[data-pue="codigo"]').textContent = fila.codigo;
      formConvertir.elements.namedItem("precio_unitario_mn").placeholder = fila.precio_unitario_mn;
      formConvertir.elements.namedItem("precio_unitario_usd").placeholder = fila.precio_unitario_usd;
      var ventana = modal("modal-convertir");
      if (ventana) { ventana.show(); }
    }

    formEstatus.addEventListener("submit", function (evento) {
      evento.preventDefault();
      enviar(formEstatus, urls.conceptos_cambiar_estatus, modal("modal-estatus"), function () { recargar(true); });
    });
    formConvertir.addEventListener("submit", function (evento) {
      evento.preventDefault();
      enviar(formConvertir, urls.conceptos_convertir, modal("modal-convertir"), function () { recargar(true); });
    });

    document.querySelectorAll(".tabla-conceptos").forEach(function (tablaHtml) {
      tablaHtml.addEventListener("click", function (evento) {
        var b = evento.target.closest("button[data-accion]");
        if (!b) { return; }
        var nombreVista = tablaHtml.dataset.vista;
        var fila = tablas[nombreVista] ? tablas[nombreVista].row(b.closest("tr")).data() : null;
        var id = entero(b.dataset.id);
        if (b.dataset.accion === "editar") {
          S.getJSON(urlConId(urls.conceptos_obtener, id), {}).then(function (r) { abrir(nombreVista, r.registro); }, S.aviso);
        } else if (b.dataset.accion === "estatus" && fila) {
          abrirEstatus(fila);
        } else if (b.dataset.accion === "convertir" && fila) {
          abrirConvertir(fila);
        } else if (b.dataset.accion === "eliminar") {
          confirmarYEnviar("¿Desactivar este concepto? Dejará de ofrecerse en las búsquedas; las OTs que lo usan lo conservan.",
            urls.conceptos_eliminar, id, function () { recargar(true); });
        } else if (b.dataset.accion === "reactivar") {
          confirmarYEnviar("¿Reactivar este concepto?", urls.conceptos_reactivar, id, function () { recargar(true); });
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var nodoContratos = document.getElementById("configuracion-contratos");
    if (nodoContratos && document.getElementById("tabla-contratos")) {
      paginaContratos(JSON.parse(nodoContratos.textContent));
    }
    var nodoConceptos = document.getElementById("configuracion-conceptos");
    if (nodoConceptos && document.getElementById("tabla-ordinarios")) {
      paginaConceptos(JSON.parse(nodoConceptos.textContent));
    }
  });

  // Exposed for the browser tests of the formatting rule (strings in, strings out).
  S.numeroTexto = numero;
  S.dineroTexto = dinero;
})();
