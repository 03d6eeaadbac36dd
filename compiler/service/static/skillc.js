// Progressive enhancement only: every form works without this file.
"use strict";

// A busy indicator on forms that take a while (Refresh schema, Describe it).
document.querySelectorAll("form[data-busy]").forEach(function (form) {
  form.addEventListener("submit", function () {
    var status = form.querySelector(".busy");
    var button = form.querySelector("button[type=submit]");
    if (status) { status.textContent = form.getAttribute("data-busy"); }
    if (button) { button.setAttribute("aria-busy", "true"); setTimeout(function () { button.disabled = true; }, 0); }
  });
});

// The live check: the binding is checked as it is typed (the "Check binding" button does the
// same without script).
(function () {
  var form = document.getElementById("binding-form");
  var result = document.getElementById("check-result");
  if (!form || !result) { return; }
  var binding = form.querySelector("textarea[name=binding]");
  var timer = null;
  var sent = 0;
  function check() {
    if (!binding.value.trim()) { result.textContent = ""; return; }
    var body = new FormData(form);
    body.set("fragment", "1");
    var mine = ++sent;
    fetch(form.getAttribute("data-check"), { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html !== null && mine === sent) { result.innerHTML = html; }
      })
      .catch(function () { /* the button still checks without script */ });
  }
  binding.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  });
})();
