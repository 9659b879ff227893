// Progress to another device without an account: "Copy a link" puts the progress in the
// link's fragment (#progress=..., which browsers never send to a server), deflated and in
// base64url when the browser can compress, plain base64url JSON otherwise. Opening such a
// link on the course home asks before adding it; it is checked whole and saved whole, or not
// at all.
(function () {
  "use strict";
  var cw = window.courseware;
  var panel = cw && cw.$(".progress-panel");
  if (!panel) return;
  var $ = cw.$, t = cw.t, doc = document, course = doc.documentElement.dataset.course || "";
  var PREFIX = "#progress=";
  var MAX_LINK = 100000;   // characters after the prefix
  var MAX_JSON = 500000;   // bytes of JSON once inflated
  var MAX_ITEMS = 5000;    // entries in each part of the progress
  var SLUG = "[a-z0-9]+(?:-[a-z0-9]+)*";
  var KEY = new RegExp("^" + SLUG + "/" + SLUG + "/$");
  var PARTS = {
    quizzes: new RegExp("^" + SLUG + "/" + SLUG + "/#\\d{1,4}$"),
    checks: new RegExp("^" + SLUG + "/" + SLUG + "/#[\\w./-]{1,200}$"),
    review: new RegExp("^" + SLUG + "/" + SLUG + "/#q\\d{1,4}-\\d{1,4}$")
  };
  var message = $(".progress-message", panel);
  function say(text) { message.textContent = text; }
  function format(key, fallback, values) {
    var text = t(key, fallback);
    Object.keys(values).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }

  // ---- Bytes, base64url and deflate ------------------------------------------------------
  function toBase64url(bytes) {
    var text = "";
    for (var i = 0; i < bytes.length; i += 8192) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function fromBase64url(text) {
    if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("not base64url");
    var binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }
  function canDeflate() {
    try { new CompressionStream("deflate-raw"); new DecompressionStream("deflate-raw"); return true; } catch (e) { return false; }
  }
  // Reads a stream to its end, giving up past MAX_JSON bytes (a small link may inflate a lot).
  function collect(stream) {
    var reader = stream.getReader(), chunks = [], size = 0;
    function next() {
      return reader.read().then(function (part) {
        if (part.done) {
          var all = new Uint8Array(size), at = 0;
          chunks.forEach(function (chunk) { all.set(chunk, at); at += chunk.length; });
          return all;
        }
        size += part.value.length;
        if (size > MAX_JSON) { reader.cancel(); throw new Error("too big"); }
        chunks.push(part.value);
        return next();
      });
    }
    return next();
  }
  function encode(data) {
    var bytes = new TextEncoder().encode(JSON.stringify(data));
    if (!canDeflate()) return Promise.resolve("j." + toBase64url(bytes));
    var stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    return collect(stream).then(function (packed) { return "z." + toBase64url(packed); });
  }
  function decode(text) {
    return Promise.resolve().then(function () {
      if (text.length > MAX_LINK) throw new Error("too long");
      var kind = text.slice(0, 2), bytes = fromBase64url(text.slice(2));
      if (kind === "j.") {
        if (bytes.length > MAX_JSON) throw new Error("too big");
        return bytes;
      }
      if (kind !== "z." || !canDeflate()) throw new Error("unknown format");
      return collect(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")));
    }).then(function (bytes) { return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)); });
  }

  // ---- What a progress link may hold: all of it valid, or nothing is taken ----------------
  function isObject(value) { return !!value && typeof value === "object" && !Array.isArray(value); }
  function isDay(value) { return typeof value === "number" && Math.floor(value) === value && value > 0 && value < 1e6; }
  function entries(value, valid) {
    if (value === undefined) return true;
    if (!isObject(value)) return false;
    var keys = Object.keys(value);
    return keys.length <= MAX_ITEMS && keys.every(function (key) { return valid(key, value[key]); });
  }
  function validate(data) {
    var known = ["version", "course", "lessons", "quizzes", "checks", "review", "seed", "last"];
    return isObject(data) && data.version === 1 && (data.course === undefined || data.course === course) &&
      Object.keys(data).every(function (key) { return known.indexOf(key) >= 0; }) &&
      isObject(data.lessons) &&
      entries(data.lessons, function (key, entry) {
        return KEY.test(key) && isObject(entry) && typeof entry.done === "boolean" &&
          (entry.updated === undefined || (typeof entry.updated === "number" && entry.updated >= 0 && entry.updated < 1e14));
      }) &&
      entries(data.quizzes, function (key, value) { return PARTS.quizzes.test(key) && value === true; }) &&
      entries(data.checks, function (key, value) { return PARTS.checks.test(key) && value === true; }) &&
      entries(data.review, function (key, entry) {
        return PARTS.review.test(key) && isObject(entry) && isDay(entry.due) &&
          [1, 2, 3, 4, 5].indexOf(entry.box) >= 0;
      }) &&
      (data.seed === undefined || (typeof data.seed === "string" && /^[0-9a-f]{8,32}$/.test(data.seed))) &&
      (data.last === undefined || data.last === null || (typeof data.last === "string" && KEY.test(data.last)));
  }
  // The link's progress added to this browser's: the newer record of a lesson wins, passed
  // quizzes and checks add up, the link's review queue and shuffling seed are taken.
  function merge(mine, theirs) {
    var out = JSON.parse(JSON.stringify(mine));
    ["quizzes", "checks", "review"].forEach(function (part) { out[part] = out[part] || {}; });
    Object.keys(theirs.lessons).forEach(function (key) {
      var ours = out.lessons[key], entry = theirs.lessons[key];
      if (!ours || (entry.updated || 0) >= (ours.updated || 0)) out.lessons[key] = { done: entry.done, updated: entry.updated || 0 };
    });
    ["quizzes", "checks", "review"].forEach(function (part) {
      Object.keys(theirs[part] || {}).forEach(function (key) { out[part][key] = theirs[part][key]; });
    });
    if (theirs.seed) out.seed = theirs.seed;
    if (theirs.last) out.last = theirs.last;
    return out;
  }
  // One check and one merge for every way progress comes in (a link, a file: pages.js).
  cw.progressFile = { validate: validate, merge: merge };
  function done(data) {
    return Object.keys(data.lessons).filter(function (key) { return data.lessons[key].done; }).length;
  }

  // ---- Copy a link ----------------------------------------------------------------------
  var copy = $(".progress-link-copy", panel), box = $(".progress-link-box", panel);
  var field = $(".progress-link-url", panel);
  copy.hidden = false;
  copy.addEventListener("click", function () {
    var progress = cw.progress(), data = { version: 1, course: course, lessons: progress.lessons || {} };
    ["quizzes", "checks", "review", "seed", "last"].forEach(function (part) {
      if (progress[part] !== undefined && progress[part] !== null) data[part] = progress[part];
    });
    encode(data).then(function (text) {
      if (text.length > MAX_LINK) throw new Error("too long");
      var link = location.href.split("#")[0] + PREFIX + text;
      field.value = link;
      box.hidden = false;
      var copied = navigator.clipboard ? navigator.clipboard.writeText(link) : Promise.reject(new Error("no clipboard"));
      return copied.then(function () {
        say(t("link.copied", "Link copied. Open it on your other device: it brings your progress there."));
      }, function () {
        field.focus();
        field.select();
        say(t("link.manual", "Copy the link below and open it on your other device."));
      });
    }).catch(function () { say(t("link.failed", "This browser could not make a link of your progress.")); });
  });

  // ---- Open a link: ask first -----------------------------------------------------------
  var offer = $(".progress-offer");
  function forget() { history.replaceState(null, "", location.pathname + location.search); }
  if (location.hash.indexOf(PREFIX) !== 0) return;
  decode(location.hash.slice(PREFIX.length)).then(function (data) {
    if (!validate(data)) throw new Error("not a progress of this course");
    $(".progress-offer-text", offer).textContent = format("link.offer",
      "This link holds progress of this course: {lessons} lessons completed and {review} questions in the review. Add it to the progress kept in this browser?",
      { lessons: done(data), review: Object.keys(data.review || {}).length });
    offer.hidden = false;
    $(".progress-offer-title", offer).focus();
    $(".progress-offer-yes", offer).addEventListener("click", function () {
      cw.setProgress(merge(cw.progress(), data));
      offer.hidden = true;
      forget();
      say(format("link.added", "Progress from the link added: {lessons} lessons completed.", { lessons: done(cw.progress()) }));
      $("#progress-title").focus();
    });
    $(".progress-offer-no", offer).addEventListener("click", function () {
      offer.hidden = true;
      forget();
      say(t("link.declined", "The link was not used; nothing was changed."));
      $("#progress-title").focus();
    });
  }).catch(function () {
    forget();
    say(t("link.bad", "This link does not hold progress of this course, or it is damaged; nothing was changed."));
  });
})();
