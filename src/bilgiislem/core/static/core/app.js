/* Bilgi İşlem: the little behaviour the pages need. No inline scripts or handlers (CSP), no framework.
 *
 *  data-confirm="Question?"   on a <form> or a submit button: ask before submitting.
 *  data-autosubmit            on a <select> or checkbox inside a <form>: submit the form when it changes.
 */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) {
      if (typeof field.form.requestSubmit === "function") {
        field.form.requestSubmit();
      } else {
        field.form.submit();
      }
    }
  });

  /* htmx: a failed request must not fail silently. */
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail && event.detail.xhr ? event.detail.xhr.status : "";
    var box = document.querySelector(".app-messages") || document.getElementById("content");
    if (!box) { return; }
    var alert = document.createElement("div");
    alert.className = "alert alert-danger";
    alert.setAttribute("role", "alert");
    var text = document.body.getAttribute("data-request-failed") || "The request failed.";
    alert.textContent = text + (status ? " (HTTP " + status + ")" : "");
    box.prepend(alert);
  });
})();
