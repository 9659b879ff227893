// Quizzes, checked in the browser: each chosen option's explanation, a score, "try again".
// site.js loads this file when a learner first checks a quiz's answers.
(function () {
  "use strict";
  var cw = window.courseware, doc = document, $ = cw.$, $$ = cw.$$, t = cw.t;

  function attach(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    var questions = $$(".quiz-question", form);
    function clear() {
      $$(".quiz-option", form).forEach(function (o) { o.classList.remove("is-right", "is-wrong", "is-missed"); });
      $$(".quiz-explain", form).forEach(function (p) { p.remove(); });
      $$(".quiz-feedback", form).forEach(function (p) { p.textContent = ""; p.className = "quiz-feedback"; });
      $(".quiz-score", form).textContent = "";
    }
    function explain(question, input) {
      // The option's explanation lives in the question's answer disclosure.
      var source = $$(".quiz-answer li", question)[$$("input", question).indexOf(input)];
      if (!source) return;
      var note = doc.createElement("p");
      note.className = "quiz-explain";
      note.innerHTML = source.innerHTML.replace(/^<strong>[^<]*<\/strong>\s*/, "");
      input.closest(".quiz-option").appendChild(note);
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clear();
      var right = 0;
      questions.forEach(function (question) {
        var inputs = $$("input", question);
        var chosen = inputs.filter(function (i) { return i.checked; });
        var feedback = $(".quiz-feedback", question);
        if (!chosen.length) { feedback.textContent = t("quiz.choose", "Choose an answer first."); return; }
        var correct = true;
        inputs.forEach(function (input) {
          var option = input.closest(".quiz-option"), isRight = input.hasAttribute("data-correct");
          if (input.checked) {
            option.classList.add(isRight ? "is-right" : "is-wrong");
            explain(question, input);
          } else if (isRight && question.dataset.type === "multiple") {
            option.classList.add("is-missed");
          }
          if (input.checked !== isRight) correct = false;
        });
        if (correct) right++;
        feedback.textContent = correct ? t("quiz.right", "Correct!") : t("quiz.wrong", "Not quite. Read the explanations and try again.");
        feedback.classList.add(correct ? "is-right" : "is-wrong");
      });
      var score = $(".quiz-score", form);
      score.textContent = t("quiz.score", "Score:") + " " + right + " / " + questions.length;
      if (right === questions.length) cw.pass("quiz", form.dataset.quiz);
    });
    form.addEventListener("reset", function () { setTimeout(clear, 0); });
  }


  window.coursewareQuiz = { attach: attach };
})();
