// Quizzes in the browser: the options shuffled for each learner, each question checked alone
// or the whole quiz at once, explanations (missed options too), and the questions a learner
// gets wrong queued for review, spaced over days (Leitner boxes kept with the progress).
// site.js loads this file on pages with a quiz; review.js uses it on the review page.
(function () {
  "use strict";
  var cw = window.courseware, doc = document, $ = cw.$, $$ = cw.$$, t = cw.t;
  var LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  //: days until a question comes back, by box: a right answer moves it up a box, a wrong one
  //: back to box 1; a right answer in the last box takes it out of the review
  var INTERVALS = [1, 3, 7, 16, 35];

  function say(key, fallback, values) {
    var text = t(key, fallback);
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }

  // Days are counted in the learner's own time zone, so "tomorrow" starts at midnight.
  function today() {
    var now = new Date();
    return Math.floor((now.getTime() - now.getTimezoneOffset() * 60000) / 86400000);
  }

  // ---- The order of the options: random per learner, the same on every visit ------------
  function learnerSeed() {
    var progress = cw.progress();
    if (typeof progress.seed !== "string" || !/^[0-9a-f]{8,32}$/.test(progress.seed)) {
      var words = new Uint32Array(2);
      if (window.crypto && crypto.getRandomValues) crypto.getRandomValues(words);
      else { words[0] = Math.random() * 4294967296; words[1] = Date.now(); }
      progress.seed = Array.prototype.map.call(words, function (w) { return ("0000000" + w.toString(16)).slice(-8); }).join("");
      cw.setProgress(progress);
    }
    return progress.seed;
  }
  // A small seeded generator (FNV-1a to seed, then mulberry32): the same numbers everywhere.
  function generator(text) {
    var state = 2166136261;
    for (var i = 0; i < text.length; i++) state = Math.imul(state ^ text.charCodeAt(i), 16777619);
    return function () {
      state = (state + 0x6D2B79F5) | 0;
      var x = Math.imul(state ^ (state >>> 15), 1 | state);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
  }
  function shuffle(question, id) {
    if (question.dataset.shuffle === "false") return;
    var options = $$(".quiz-option", question), answers = $$(".quiz-answer li", question);
    var movable = [];
    options.forEach(function (option, index) { if (!option.hasAttribute("data-fixed")) movable.push(index); });
    var random = generator(learnerSeed() + " " + id);
    for (var last = movable.length - 1; last > 0; last--) {
      var other = Math.floor(random() * (last + 1)), kept = movable[last];
      movable[last] = movable[other];
      movable[other] = kept;
    }
    var next = 0;
    options.forEach(function (option, index) {
      var from = option.hasAttribute("data-fixed") ? index : movable[next++];
      options[from].parentNode.appendChild(options[from]);
      if (answers[from]) answers[from].parentNode.appendChild(answers[from]);
    });
    $$(".quiz-letter", question).forEach(function (letter, index) { letter.textContent = LETTERS[index % LETTERS.length]; });
  }

  // ---- The review queue -----------------------------------------------------------------
  // Returns the question's place in the queue after this answer, or null when it has none.
  function record(id, right) {
    var progress = cw.progress(), day = today();
    var queue = progress.review = progress.review || {};
    var entry = queue[id];
    if (!right) {
      queue[id] = { box: 1, due: day + INTERVALS[0] };
    } else if (entry && entry.due <= day) {
      if (entry.box >= INTERVALS.length) delete queue[id];
      else queue[id] = { box: entry.box + 1, due: day + INTERVALS[entry.box] };
    } else {
      return entry || null;  // right again before it is due: it keeps its place
    }
    cw.setProgress(progress);
    return queue[id] || { box: 0, due: 0 };
  }
  function schedule(entry) {
    if (!entry) return "";
    if (!entry.box) return say("review.learned", "You know this one now: it leaves your review.");
    var days = entry.due - today();
    return days <= 1 ? say("review.tomorrow", "It comes back in your review tomorrow.")
      : say("review.days", "It comes back in your review in {days} days.", { days: days });
  }

  // ---- Checking -------------------------------------------------------------------------
  function label(question) {
    return say("quiz.question", "Question {number}", { number: question.dataset.number });
  }
  function clear(question) {
    question.classList.remove("is-unanswered", "is-right", "is-wrong");
    $$(".quiz-option", question).forEach(function (o) { o.classList.remove("is-right", "is-wrong", "is-missed"); });
    $$(".quiz-explain", question).forEach(function (p) { p.remove(); });
    var feedback = $(".quiz-feedback", question);
    feedback.textContent = "";
    feedback.className = "quiz-feedback";
  }
  function explain(question, input, kind, verdict) {
    var inputs = $$("input", question);
    var source = $$(".quiz-answer li", question)[inputs.indexOf(input)];
    var why = source && $(".quiz-why", source);
    var note = doc.createElement("p");
    note.className = "quiz-explain";
    var strong = doc.createElement("strong");
    strong.textContent = verdict;
    note.appendChild(strong);
    if (why) {
      note.appendChild(doc.createTextNode(" "));
      Array.prototype.forEach.call(why.cloneNode(true).childNodes, function (node) { note.appendChild(node); });
    }
    var option = input.closest(".quiz-option");
    option.classList.add(kind);
    option.appendChild(note);
  }

  // Marks one question; returns "right", "wrong" or "unanswered" and says so under it.
  function grade(form, question) {
    clear(question);
    var inputs = $$("input", question);
    var feedback = $(".quiz-feedback", question);
    if (!inputs.some(function (i) { return i.checked; })) {
      question.classList.add("is-unanswered");
      feedback.classList.add("is-unanswered");
      feedback.textContent = label(question) + ": " + t("quiz.unanswered", "Not answered yet.") + " " + t("quiz.choose", "Choose an answer first.");
      return "unanswered";
    }
    var right = true;
    inputs.forEach(function (input) {
      var isRight = input.hasAttribute("data-correct");
      if (input.checked) {
        explain(question, input, isRight ? "is-right" : "is-wrong",
          isRight ? t("quiz.option.right", "Your choice is correct.") : t("quiz.option.wrong", "Your choice is not correct."));
      } else if (isRight && question.dataset.type === "multiple") {
        explain(question, input, "is-missed", t("quiz.option.missed", "Also correct, and you did not choose it."));
      }
      if (input.checked !== isRight) right = false;
    });
    var result = right ? "right" : "wrong";
    question.classList.add("is-" + result);
    feedback.classList.add("is-" + result);
    var text = label(question) + ": " + (right ? t("quiz.right", "Correct!") : t("quiz.wrong", "Not quite. Read the explanations and try again."));
    var key = form.dataset.lesson || (form.closest("[data-key]") || { dataset: {} }).dataset.key;
    if (key) {
      var entry = record(key + "#" + question.dataset.question, right);
      if (!right || form.classList.contains("review-quiz")) text += " " + schedule(entry);
    }
    feedback.textContent = text;
    return result;
  }

  function box(className, children) {
    var div = doc.createElement("div");
    div.className = className;
    children.forEach(function (child) { div.appendChild(child); });
    return div;
  }
  function button(className, text, type) {
    var made = doc.createElement("button");
    made.type = type || "button";
    made.className = className;
    made.textContent = text;
    return made;
  }
  function paragraph(className) {
    var made = doc.createElement("p");
    made.className = className;
    return made;
  }

  // The look of checked answers (quiz.css), loaded once a learner starts on a quiz: checking
  // waits for it, so an answer is never shown unstyled.
  function styled() {
    return cw.stylesheet(doc.documentElement.dataset.quizCss);
  }

  function attach(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    form.addEventListener("focusin", styled);
    form.addEventListener("pointerdown", styled);
    var questions = $$(".quiz-question", form);
    var key = form.dataset.lesson || (form.closest("[data-key]") || { dataset: {} }).dataset.key || "";
    var status = null;  // the score, where the quiz has one
    var right = {};
    questions.forEach(function (question) { shuffle(question, key + "#" + question.dataset.question); });
    // The buttons that only this script answers: Check under each question and, for a
    // lesson's quiz, Check answers, Try again and the score
    questions.forEach(function (question) {
      var check = button("button button-secondary quiz-check", t("quiz.checkone", "Check"));
      check.setAttribute("aria-label", say("quiz.check", "Check question {number}", { number: question.dataset.number }));
      $(".quiz-answer", question).before(box("quiz-question-actions", [check, paragraph("quiz-feedback")]));
    });
    if (form.dataset.quiz) {
      status = paragraph("quiz-score");
      status.setAttribute("role", "status");
      form.appendChild(box("quiz-actions", [
        button("button", t("quiz.checkall", "Check answers"), "submit"),
        button("button button-secondary", t("quiz.again", "Try again"), "reset"),
        status
      ]));
    }

    function passed() {
      if (form.dataset.quiz && questions.every(function (q) { return right[q.dataset.question]; })) cw.pass("quiz", form.dataset.quiz);
    }
    function checkOne(question) {
      styled().then(function () {
        var result = grade(form, question);
        right[question.dataset.question] = result === "right";
        var said = $(".quiz-feedback", question).textContent;
        if (status) status.textContent = said;
        else cw.announce(said);
        passed();
      });
    }
    questions.forEach(function (question) {
      $(".quiz-check", question).addEventListener("click", function () { checkOne(question); });
    });
    // Enter in an option checks that question only, never the whole quiz.
    form.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || !event.target.matches(".quiz-option input")) return;
      event.preventDefault();
      checkOne(event.target.closest(".quiz-question"));
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      styled().then(checkAll);
    });
    function checkAll() {
      var score = 0, skipped = [];
      questions.forEach(function (question) {
        var result = grade(form, question);
        right[question.dataset.question] = result === "right";
        if (result === "right") score++;
        if (result === "unanswered") skipped.push(question.dataset.number);
      });
      var text = t("quiz.score", "Score:") + " " + score + " / " + (questions.length - skipped.length);
      if (skipped.length) text += ". " + t("quiz.skipped", "Not answered yet, so not counted:") + " " + skipped.join(", ");
      status.textContent = text;
      passed();
    }
    form.addEventListener("reset", function () {
      right = {};
      setTimeout(function () { questions.forEach(clear); if (status) status.textContent = ""; }, 0);
    });
  }

  window.coursewareQuiz = { attach: attach, today: today, intervals: INTERVALS, say: say };
})();
