// Confirmation before a destructive or irreversible action, for every page (templates/base.html loads it).
// A form, or the button that sends it, carries data-confirm="the question"; the form is sent only when the user
// answers OK. Also for links with data-confirm. No inline handler is needed, so the Content-Security-Policy can
// forbid them (kompeten/security.py). Without JavaScript the form is sent at once, as with any form.
(function () {
  "use strict";

  function question(form, submitter) {
    if (submitter && submitter.hasAttribute("data-confirm")) { return submitter.getAttribute("data-confirm"); }
    return form.getAttribute("data-confirm");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) { return; }
    var text = question(form, event.submitter);
    if (text && !window.confirm(text)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a[data-confirm]") : null;
    if (link && !window.confirm(link.getAttribute("data-confirm"))) { event.preventDefault(); }
  });
}());
