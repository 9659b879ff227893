// A printable chapter: the page lists the chapter's lessons, and this script gathers them from
// their own pages (borrow.js) into one, ready to print. Without it, or opened from disk where
// the lessons cannot be fetched, the list is there to open and print each lesson alone.
(function () {
  "use strict";
  var cw = window.courseware, borrow = window.coursewareBorrow;
  var section = cw && borrow && cw.$(".print-chapter");
  if (!section) return;
  var $ = cw.$, $$ = cw.$$, say = borrow.say;
  var status = $(".print-status", section), actions = $(".print-actions", section);
  var target = $(".print-lessons");
  var links = $$(".print-contents a", section), fetched = 0;
  $(".print-nojs", section).hidden = true;

  function progress() {
    status.textContent = say("print.loading", "Gathering the lessons: {done} of {count}…", { done: fetched, count: links.length });
  }

  // The lesson's article as it reads in its page, its title a heading under the chapter's.
  function lesson(link, index) {
    return borrow.page(link.href).then(function (page) {
      fetched++;
      progress();
      var article = page.querySelector("article.lesson");
      if (!article) return null;
      var prefix = "l" + (index + 1) + "-";
      var copy = borrow.adopt(article, link.href, prefix);
      $$(".lesson-done", copy).forEach(function (node) { node.remove(); });
      copy.removeAttribute("data-key");
      copy.className = "print-lesson";
      var title = $("h1", copy), heading = document.createElement("h2");
      heading.className = "print-lesson-title";
      heading.id = prefix + "title";
      heading.appendChild(document.createTextNode((index + 1) + ". "));
      while (title && title.firstChild) heading.appendChild(title.firstChild);
      if (title) title.replaceWith(heading);
      copy.setAttribute("aria-labelledby", heading.id);
      return copy;
    }, function () { return { away: true }; });
  }

  progress();
  Promise.all(links.map(lesson)).then(function (articles) {
    var away = articles.filter(function (item) { return item && item.away; }).length;
    articles.forEach(function (article) { if (article && !article.away) target.appendChild(article); });
    borrow.scrollers(target);
    if (away) {
      status.textContent = say("print.away", "This page could not load {count} of the lessons (pages opened from disk cannot): open them from the list, each prints on its own.", { count: away });
      return;
    }
    status.textContent = say("print.ready", "All {count} lessons are on this page, ready to print.", { count: links.length });
    actions.hidden = false;
  });
  $(".print-button", section).addEventListener("click", function () { window.print(); });
})();
