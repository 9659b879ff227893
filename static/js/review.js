// The review page: the quiz questions this learner answered wrongly and that are due today.
// The queue (kept with the progress) names each question by its lesson's key and its id there
// ("mvc/what-is-mvc/#q1-2"); the questions are taken from their lessons (borrow.js) and checked
// by quiz.js, which moves each one up a Leitner box (right) or back to box 1 (wrong). Where
// the lessons cannot be fetched (a page opened from disk), the due questions are links to
// their places in the lessons.
(function () {
  "use strict";
  var cw = window.courseware, quiz = window.coursewareQuiz, borrow = window.coursewareBorrow;
  var page = cw && quiz && borrow && cw.$(".review");
  if (!page) return;
  var $ = cw.$, say = quiz.say;
  var list = $(".review-list", page), status = $(".review-status", page);
  var lessons = page.dataset.lessons || "";
  $(".review-nojs", page).hidden = true;

  var KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*\/$/, QUESTION = /^q\d+-\d+$/;
  function parts(id) {
    var at = id.indexOf("#");
    var found = { lesson: id.slice(0, at), question: id.slice(at + 1) };
    return at > 0 && KEY.test(found.lesson) && QUESTION.test(found.question) ? found : null;
  }

  var queue = cw.progress().review || {}, today = quiz.today();
  var known = Object.keys(queue).filter(function (id) { return parts(id) && queue[id] && typeof queue[id].due === "number"; });
  var due = known.filter(function (id) { return queue[id].due <= today; });
  due.sort(function (a, b) { return queue[a].due - queue[b].due || known.indexOf(a) - known.indexOf(b); });

  function nothingDue(left) {
    var next = left.map(function (id) { return queue[id].due; }).filter(function (day) { return day > today; })
      .sort(function (a, b) { return a - b; })[0];
    status.textContent = next === undefined
      ? say("review.empty", "Nothing to review. The quiz questions you answer wrongly in the lessons come back here.")
      : next - today <= 1 ? say("review.next.tomorrow", "Nothing to review today: the next question comes back tomorrow.")
      : say("review.next.days", "Nothing to review today: the next question comes back in {days} days.", { days: next - today });
  }

  // The question, as its lesson shows it, with the lesson's title and language; or
  // ``{away: true}`` when the lesson could not be fetched, null when it no longer has it.
  function find(id) {
    var where = parts(id), url = borrow.lessonUrl(lessons, where.lesson);
    return borrow.page(url).then(function (lesson) {
      var question = lesson.querySelector('form.quiz .quiz-question[data-question="' + where.question + '"]');
      if (!question) return null;
      var heading = lesson.querySelector("article.lesson h1") || lesson.querySelector("h1");
      var title = heading ? heading.cloneNode(true) : null;
      if (title) Array.prototype.forEach.call(title.querySelectorAll(".badge"), function (badge) { badge.remove(); });
      var article = question.closest("[lang]");
      return {
        id: id, lesson: where.lesson, url: url, question: question,
        title: title ? title.textContent.trim() : where.lesson,
        lang: article && article.lang !== lesson.documentElement.lang ? article.lang : ""
      };
    }, function (error) {
      return error && error.gone ? null : { id: id, away: true };
    });
  }

  function show(found) {
    found.forEach(function (item, index) {
      var number = index + 1, prefix = "r" + number + "-";
      var entry = document.createElement("li");
      entry.className = "review-item";
      var form = document.createElement("form");
      form.className = "quiz review-quiz";
      form.noValidate = true;
      form.dataset.lesson = item.lesson;
      var from = document.createElement("p");
      from.className = "review-from";
      from.id = prefix + "from";
      from.appendChild(document.createTextNode(say("review.from", "From the lesson") + " "));
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title;
      if (item.lang) link.lang = item.lang;
      from.appendChild(link);
      var body = document.createElement("div");
      body.className = "review-question";
      if (item.lang) body.lang = item.lang;
      var question = borrow.adopt(item.question, item.url, prefix);
      question.dataset.number = String(number);
      $(".quiz-number", question).textContent = number + ".";
      body.appendChild(question);
      form.appendChild(from);
      form.appendChild(body);
      form.setAttribute("aria-labelledby", from.id);
      entry.appendChild(form);
      list.appendChild(entry);
      quiz.attach(form);
    });
  }

  // Questions whose lessons could not be fetched (this page opened from disk): each a link
  // to its place in its lesson, where it can be answered.
  function link(ids) {
    ids.forEach(function (id) {
      var where = parts(id), numbers = where.question.slice(1).split("-");
      var entry = document.createElement("li");
      entry.className = "review-away";
      var anchor = document.createElement("a");
      anchor.href = borrow.lessonUrl(lessons, where.lesson) + "#" + where.question + "-0";
      anchor.textContent = say("review.place", "{lesson}: quiz {quiz}, question {question}",
        { lesson: where.lesson.slice(0, -1), quiz: numbers[0], question: numbers[1] });
      entry.appendChild(anchor);
      list.appendChild(entry);
    });
  }

  if (!due.length) { nothingDue(known); return; }
  status.textContent = say("review.loading", "Bringing back the questions due today…");
  Promise.all(due.map(find)).then(function (found) {
    var shown = found.filter(function (item) { return item && !item.away; });
    var away = found.filter(function (item) { return item && item.away; }).map(function (item) { return item.id; });
    if (!shown.length && !away.length) {
      // every due question has left the course: only those still in it count
      nothingDue(known.filter(function (id) { return due.indexOf(id) < 0; }));
      return;
    }
    var text = say("review.due", "Questions to review today: {count}.", { count: shown.length + away.length });
    if (away.length) text += " " + say("review.away", "This page could not load them (pages opened from disk cannot): answer each in its lesson.");
    status.textContent = text;
    show(shown);
    link(away);
    list.hidden = false;
    borrow.scrollers(list);
  });
})();
