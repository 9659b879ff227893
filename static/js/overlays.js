// Courseware: what opens over the page: the drawer on phones, the search screen's focus trap
// and the glossary popovers. site.js loads this file and overlays.css on the first use of one.
(function () {
  "use strict";
  var doc = document;
  var cw = window.courseware;
  var $ = cw.$, $$ = cw.$$;

  // The parts of the page outside an open drawer or full-screen search: made inert while
  // it is open, so focus and screen readers stay inside it.
  function outside(keep) {
    var found = [];
    var node = keep;
    while (node && node !== doc.body) {
      var parent = node.parentElement;
      Array.prototype.forEach.call(parent.children, function (sibling) {
        if (sibling !== node && sibling.tagName !== "SCRIPT") found.push(sibling);
      });
      node = parent;
    }
    return found;
  }

  // Tab from the last control goes back to the first, Shift+Tab from the first to the last.
  function keepFocus(event, box) {
    if (event.key !== "Tab") return;
    var all = $$("a[href], button, input, summary, [tabindex='0']", box).filter(function (node) {
      return node.offsetParent !== null || node === doc.activeElement;
    });
    if (!all.length) return;
    var first = all[0], last = all[all.length - 1];
    if (event.shiftKey && doc.activeElement === first) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && doc.activeElement === last) { event.preventDefault(); first.focus(); }
  }

  // Keep focus in ``box`` and the rest of the page inert (``on``), or let them go.
  var trapped = [];
  function trap(box, on) {
    if (trapped.indexOf(box) < 0) {
      trapped.push(box);
      box.addEventListener("keydown", function (event) {
        if (box.dataset.trapped) keepFocus(event, box);
      });
    }
    if (on) box.dataset.trapped = "1";
    else delete box.dataset.trapped;
    outside(box).forEach(function (node) { node.inert = on; });
  }

  // ---- Search on phones: the box over the whole screen (site.js opens and closes it) -----
  // Called on each opening and closing: focus stays inside while it is open.
  function searchScreen(form, setSearching) {
    var header = form.closest(".site-header");
    var open = function () { return header.classList.contains("is-searching"); };
    var narrow = window.matchMedia("(max-width: 50rem)");
    // search.js closes its results on the first Escape; the second closes the screen
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && open() && !event.defaultPrevented) {
        event.preventDefault();
        setSearching(false);
      }
    });
    narrow.addEventListener("change", function () { if (!narrow.matches && open()) setSearching(false); });
    return function () { trap(form, open()); };
  }

  // ---- Sidebar drawer on small screens --------------------------------------------------
  function drawer(button, sidebar) {
    // Its close button: in the drawer only, which opens with JavaScript only
    var close = doc.createElement("button");
    close.type = "button";
    close.className = "icon-button sidebar-close";
    close.setAttribute("aria-label", cw.t("menu.close", "Close the menu"));
    close.innerHTML = '<svg class="icon icon-close" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path d="M6 6l12 12M18 6 6 18"/></svg>';
    sidebar.prepend(close);
    var narrow = window.matchMedia("(max-width: 50rem)");
    var isOpen = function () { return sidebar.classList.contains("is-open"); };
    var setOpen = function (open, returnFocus) {
      if (open === isOpen()) return;
      sidebar.classList.toggle("is-open", open);
      button.setAttribute("aria-expanded", String(open));
      trap(sidebar, open);
      if (open) close.focus();
      else if (returnFocus) button.focus();
    };
    close.addEventListener("click", function () { setOpen(false, true); });
    doc.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && isOpen()) { event.preventDefault(); setOpen(false, true); }
    });
    doc.addEventListener("click", function (event) {
      if (isOpen() && !sidebar.contains(event.target) && !button.contains(event.target)) setOpen(false, false);
    });
    // Wider than a phone the sidebar is no drawer: never leave the page inert.
    narrow.addEventListener("change", function () { if (!narrow.matches) setOpen(false, false); });
    return { toggle: function () { setOpen(!isOpen(), true); } };
  }

  // ---- Glossary terms: the definition in a popover on hover and focus ------------------
  // The popover stays while the pointer is on it, Escape closes it, and on a touch screen the
  // first tap shows it and the second follows the link.
  function glossary(definitions) {
    var pop = doc.createElement("div");
    pop.className = "glossary-popover";
    pop.id = "glossary-popover";
    pop.setAttribute("role", "tooltip");
    pop.hidden = true;
    doc.body.appendChild(pop);
    var current = null, hideTimer = null, touched = false, shownBefore = false;
    var termOf = function (event) {
      var link = event.target.closest && event.target.closest("a.glossary-link");
      return link && definition(link) ? link : null;
    };
    var definition = function (link) {
      return definitions.content.querySelector('[data-term="' + decodeURIComponent(link.hash.slice(1)).replace(/"/g, "") + '"]');
    };
    var hidePop = function () {
      clearTimeout(hideTimer);
      if (current) current.removeAttribute("aria-describedby");
      current = null;
      pop.hidden = true;
    };
    var showPop = function (link) {
      clearTimeout(hideTimer);
      var found = definition(link);
      if (!found) return;
      if (current !== link) {
        hidePop();
        pop.textContent = "";
        var copy = found.cloneNode(true);
        $$("a", copy).forEach(function (a) {  // a tooltip holds no controls: links become text
          var span = doc.createElement("span");
          span.textContent = a.textContent;
          a.replaceWith(span);
        });
        while (copy.firstChild) pop.appendChild(copy.firstChild);
        current = link;
        link.setAttribute("aria-describedby", pop.id);
      }
      pop.hidden = false;
      place(link);
    };
    var place = function (link) {
      // below the term, or above it when there is no room; kept inside the window
      var box = link.getBoundingClientRect(), width = pop.offsetWidth, height = pop.offsetHeight;
      var rtl = getComputedStyle(link).direction === "rtl";
      var left = rtl ? box.right - width : box.left;
      left = Math.max(8, Math.min(left, doc.documentElement.clientWidth - width - 8));
      var top = box.bottom + 6;
      if (top + height > window.innerHeight - 8 && box.top - height - 6 > 8) top = box.top - height - 6;
      pop.style.left = left + "px";
      pop.style.top = top + "px";
    };
    var hideSoon = function () { clearTimeout(hideTimer); hideTimer = setTimeout(hidePop, 250); };
    // Entering and leaving a term (mouseover and mouseout that cross its edge), focus and blur
    doc.addEventListener("mouseover", function (event) {
      var link = termOf(event);
      if (link && !link.contains(event.relatedTarget)) showPop(link);
    });
    doc.addEventListener("mouseout", function (event) {
      var link = termOf(event);
      if (link && !link.contains(event.relatedTarget)) hideSoon();
    });
    doc.addEventListener("focusin", function (event) {
      var link = termOf(event);
      if (link) showPop(link);
    });
    doc.addEventListener("focusout", function (event) { if (termOf(event)) hideSoon(); });
    // A tap also hovers and focuses the term, so whether its definition was showing is
    // noted when the tap begins: the first tap shows it, the second follows the link.
    doc.addEventListener("pointerdown", function (event) {
      var link = termOf(event);
      if (link) {
        touched = event.pointerType === "touch";
        shownBefore = current === link && !pop.hidden;
      } else if (!pop.hidden && !pop.contains(event.target)) {
        hidePop();
      }
    });
    doc.addEventListener("click", function (event) {
      var link = termOf(event);
      if (link && touched && !shownBefore) { event.preventDefault(); showPop(link); shownBefore = true; }
    });
    pop.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    pop.addEventListener("mouseleave", hideSoon);
    doc.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !pop.hidden) { hidePop(); }
    });
    var placing = false;  // the popover follows its term as the page scrolls
    window.addEventListener("scroll", function () {
      if (pop.hidden || !current || placing) return;
      placing = true;
      requestAnimationFrame(function () { placing = false; if (current && !pop.hidden) place(current); });
    }, { passive: true });
    return {
      // The hover, focus or tap that loaded this file: shown if the pointer or focus is
      // still on the term, or it was tapped (site.js kept that tap from following the link).
      start: function (link, touch, tapped) {
        if (!definition(link)) {  // a term without a definition here: a link like any other
          if (tapped) location.href = link.href;
          return;
        }
        touched = touch;
        shownBefore = false;
        if (tapped || link.matches(":hover") || doc.activeElement === link) showPop(link);
      }
    };
  }

  var made = {};  // each made once, on its first use
  window.coursewareOverlays = {
    searchScreen: function (form, setSearching) {
      (made.search || (made.search = searchScreen(form, setSearching)))();
    },
    drawer: function (button, sidebar) { return made.drawer || (made.drawer = drawer(button, sidebar)); },
    glossary: function (definitions) { return made.glossary || (made.glossary = glossary(definitions)); }
  };
})();
