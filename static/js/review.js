// The review page: the quiz questions this learner answered wrongly and that are due today,
// rebuilt from the page's <template> elements and checked by quiz.js, which moves each one
// up a Leitner box (right) or back to box 1 (wrong).
(function () {
  "use strict";
  var cw = window.courseware, quiz = window.coursewareQuiz;
  var page = cw && quiz && cw.$(".review");
  if (!page) return;
  var $ = cw.$, $$ = cw.$$, say = quiz.say;
  var sources = {};
  $$("template.review-source").forEach(function (template) { sources[template.dataset.id] = template; });
  var list = $(".review-list", page), status = $(".review-status", page);
  $(".review-nojs", page).hidden = true;

  var queue = cw.progress().review || {}, today = quiz.today();
  var known = Object.keys(queue).filter(function (id) { return sources[id] && queue[id] && typeof queue[id].due === "number"; });
  var due = known.filter(function (id) { return queue[id].due <= today; });
  due.sort(function (a, b) { return queue[a].due - queue[b].due || known.indexOf(a) - known.indexOf(b); });

  if (!due.length) {
    var next = known.map(function (id) { return queue[id].due; }).sort(function (a, b) { return a - b; })[0];
    status.textContent = !known.length
      ? say("review.empty", "Nothing to review. The quiz questions you answer wrongly in the lessons come back here.")
      : next - today <= 1 ? say("review.next.tomorrow", "Nothing to review today: the next question comes back tomorrow.")
      : say("review.next.days", "Nothing to review today: the next question comes back in {days} days.", { days: next - today });
    return;
  }
  status.textContent = say("review.due", "Questions to review today: {count}.", { count: due.length });
  due.forEach(function (id, index) {
    var source = sources[id];
    var item = document.createElement("li");
    item.className = "review-item";
    var form = document.createElement("form");
    form.className = "quiz review-quiz";
    form.noValidate = true;
    form.dataset.lesson = source.dataset.lesson;
    form.appendChild(source.content.cloneNode(true));
    form.setAttribute("aria-labelledby", $(".review-from", form).id);
    var question = $(".quiz-question", form);
    question.dataset.number = String(index + 1);
    $(".quiz-number", question).textContent = (index + 1) + ".";
    $(".quiz-check", question).setAttribute("aria-label", say("quiz.check", "Check question {number}", { number: index + 1 }));
    item.appendChild(form);
    list.appendChild(item);
    quiz.attach(form);
  });
  list.hidden = false;
})();
