// The page of a background job (templates/jobs/detail.html): while the job is queued or running, ask its status
// URL every second and move the progress bar; when it has ended (or stopped: its worker died), reload once so the
// page shows the download button, the reason it failed or the retry button (the reloaded page no longer loads
// this script).
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box) { return; }
  var bar = box.querySelector(".progress");
  var fill = box.querySelector(".progress-bar");
  var message = document.getElementById("job-progress-message");
  var badge = document.getElementById("job-status-badge");
  var ACTIVE = { queued: true, running: true };
  var BADGE = { queued: "secondary", running: "primary", done: "success", failed: "danger", stopped: "warning" };

  function progressText(state) {
    var steps = state.total ? state.done + " / " + state.total : "";
    return steps + (steps && state.message ? " · " : "") + (state.message || "");
  }

  function show(state) {
    bar.setAttribute("aria-valuenow", String(state.percent));
    fill.style.width = state.percent + "%";
    fill.textContent = state.percent + "%";
    message.textContent = progressText(state);
    if (badge) {
      badge.textContent = state.status_label;
      badge.className = "badge text-bg-" + BADGE[state.status];
    }
  }

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (ACTIVE[state.status]) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });  // offline for a moment: keep trying, slower
  }

  if (ACTIVE[box.dataset.status]) { window.setTimeout(poll, 1000); }
}());
