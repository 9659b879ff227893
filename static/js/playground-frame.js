// Shows an HTML response of a learner's app inside the playground's sandboxed frame. Links and
// forms do not leave the frame: they become requests that the page sends to the app in Python.
(function () {
  "use strict";
  var parentOrigin = null;

  function send(message) { if (parentOrigin) parent.postMessage(message, parentOrigin === "null" ? "*" : parentOrigin); }

  function show(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    // Files from other hosts (a CDN stylesheet, say) are not fetched: nothing leaves the site.
    doc.querySelectorAll("link[href], script[src], img[src], iframe[src]").forEach(function (node) {
      var url = node.getAttribute("href") || node.getAttribute("src") || "";
      if (/^(https?:)?\/\//i.test(url) || /^https?:/i.test(url)) node.remove();
    });
    doc.querySelectorAll("script").forEach(function (node) { node.remove(); });
    document.head.innerHTML = "";
    Array.prototype.forEach.call(doc.head.childNodes, function (node) {
      if (node.nodeName === "STYLE" || node.nodeName === "TITLE") document.head.appendChild(document.importNode(node, true));
    });
    document.body.replaceWith(document.importNode(doc.body, true));
    size();
  }

  // The playground sizes the frame to the page: a one-line answer is a one-line frame.
  function size() {
    // The <html> box is as tall as its content (scrollHeight would be the frame's height).
    send({ type: "size", height: document.documentElement.getBoundingClientRect().height });
  }
  if ("ResizeObserver" in window) new ResizeObserver(size).observe(document.documentElement);

  window.addEventListener("message", function (event) {
    if (event.source !== parent || !event.data || event.data.type !== "show") return;
    parentOrigin = event.origin;
    show(event.data.html);
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link) return;
    var href = link.getAttribute("href");
    event.preventDefault();
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.indexOf("//") === 0) return;  // other sites
    if (href.charAt(0) === "#") return;
    send({ type: "request", method: "GET", path: href });
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    event.preventDefault();
    var method = (form.getAttribute("method") || "GET").toUpperCase();
    var action = form.getAttribute("action") || "";
    var fields = [];
    new FormData(form, event.submitter).forEach(function (value, name) {
      if (typeof value === "string") fields.push([name, value]);
    });
    send({ type: "request", method: method, path: action, form: fields });
  });

  send({ type: "frame-ready" });
  parent.postMessage({ type: "frame-ready" }, "*");
})();
