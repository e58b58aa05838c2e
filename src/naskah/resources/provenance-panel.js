/* naskah: the provenance panel of a review copy's HTML.
   An advisor should see which numbers, tables and quotations are traceable and where one comes from
   without leaving the page. filters/provenance.lua marks each of them (data-naskah-trace: the id that
   `naskah trace` accepts; role=button; tabindex=0) and puts the accounts in #naskah-panel-data
   (naskah.writing.annotations.panel_accounts, in the thesis language). A click, or Enter/Space on a
   focused marker, opens this panel; Escape or the close button closes it and gives focus back.
   Everything is written as text (textContent), never as HTML. The filter inlines this file into the
   page's head: the draft stays one file and loads nothing. Final copies have none of it. */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function init() {
    var source = document.getElementById("naskah-panel-data");
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var words = data.words || {};
    var accounts = data.accounts || {};

    var panel = el("dialog", "naskah-panel");
    panel.id = "naskah-panel";
    panel.setAttribute("aria-labelledby", "naskah-panel-title");
    var head = el("div", "naskah-panel-head");
    var close = el("button", "naskah-panel-close", "\u00d7");
    close.type = "button";
    close.title = words.close;
    close.setAttribute("aria-label", words.close);
    head.append(el("p", "naskah-panel-kicker", words.panel), close);
    var title = el("h2", "naskah-panel-title");
    title.id = "naskah-panel-title";
    title.tabIndex = -1;
    var body = el("div", "naskah-panel-body");
    panel.append(head, title, body);
    document.body.appendChild(panel);
    var current = null;  // the marker whose account is shown

    function fill(account, marker) {
      title.textContent = account.title;
      body.replaceChildren();
      var trace = el("p", "naskah-panel-trace", (words.trace || "") + " ");  // what to ask naskah trace
      trace.append(el("code", null, "naskah trace " + account.trace));
      body.append(trace);
      if (account.quote) body.append(el("blockquote", "naskah-panel-quote", account.quote));
      var rows = el("dl", "naskah-panel-rows");
      (account.rows || []).forEach(function (row) {
        rows.append(el("dt", null, row.label));
        var value = el("dd", null, row.text);
        if (row.where) value.prepend(el("span", "naskah-panel-where", row.where));
        rows.append(value);
      });
      body.append(rows);
      (account.groups || []).forEach(function (group) {
        body.append(el("p", "naskah-panel-group", group.label));
        var list = el("ul", "naskah-panel-items");
        (group.items || []).forEach(function (item) { list.append(el("li", null, item)); });
        body.append(list);
      });
      var href = marker.getAttribute("href");  // a quotation reference: on to its Lampiran entry
      if (href && href.charAt(0) === "#") {
        var link = el("a", "naskah-panel-link", words.appendix);
        link.href = href;
        body.append(link);
      }
    }

    // next to the marker, below it (above when there is more room there), never over it: when the
    // account is longer than the room, the panel scrolls. It is positioned in the page, so it scrolls
    // with the text it explains.
    function place(marker) {
      var gap = 6, edge = 8;
      var box = marker.getBoundingClientRect();
      var viewWidth = document.documentElement.clientWidth, viewHeight = window.innerHeight;
      var below = viewHeight - box.bottom - gap - edge, above = box.top - gap - edge;
      panel.style.maxHeight = "";
      var height = panel.offsetHeight;
      var under = below >= height || below >= above;
      var room = under ? below : above;
      if (height > room && room >= 120) {
        panel.style.maxHeight = Math.floor(room) + "px";
        height = panel.offsetHeight;
      }
      var top = under ? box.bottom + gap : box.top - gap - height;
      var left = Math.max(edge, Math.min(box.left - 16, viewWidth - panel.offsetWidth - edge));
      panel.style.top = Math.round(top + window.scrollY) + "px";
      panel.style.left = Math.round(left + window.scrollX) + "px";
    }

    function open(marker) {
      var account = accounts[marker.getAttribute("data-naskah-trace")];
      if (!account) return;
      if (current && current !== marker) current.setAttribute("aria-expanded", "false");
      fill(account, marker);
      current = marker;
      marker.setAttribute("aria-expanded", "true");
      if (!panel.open) {
        // show() focuses the panel's first button, which would scroll the page to wherever the panel
        // still is: put it by the marker first, and keep the reader where they were
        var x = window.scrollX, y = window.scrollY;
        panel.style.top = Math.round(marker.getBoundingClientRect().bottom + y) + "px";
        panel.show();
        window.scrollTo(x, y);
      }
      place(marker);
      title.focus({ preventScroll: true });  // a screen reader reads the account; Tab goes on to the close button
    }

    function shut(giveBack) {
      var marker = current;
      if (panel.open) panel.close();
      current = null;
      if (marker) {
        marker.setAttribute("aria-expanded", "false");
        if (giveBack) marker.focus();
      }
    }

    close.addEventListener("click", function () { shut(true); });
    window.addEventListener("resize", function () { if (current && panel.open) place(current); });
    panel.addEventListener("close", function () { if (current) shut(false); });
    panel.addEventListener("click", function (event) {
      if (event.target.closest(".naskah-panel-link")) shut(false);
    });
    document.addEventListener("click", function (event) {
      var marker = event.target.closest ? event.target.closest("[data-naskah-trace]") : null;
      if (marker) {
        event.preventDefault();  // a quotation reference opens the panel, not the Lampiran
        if (marker === current && panel.open) shut(true); else open(marker);
      } else if (panel.open && !panel.contains(event.target)) {
        shut(false);
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && panel.open) {
        event.preventDefault();
        shut(true);
        return;
      }
      var marker = event.target.closest ? event.target.closest("[data-naskah-trace]") : null;
      // Enter on a link already clicks it; Space and a span's Enter are the button's keys
      if (marker && (event.key === " " || (event.key === "Enter" && marker.tagName !== "A"))) {
        event.preventDefault();
        open(marker);
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
