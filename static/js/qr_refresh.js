// The attendance QR code page (templates/courses/trainer/attendance_qr.html): reloads itself every
// data-refresh-seconds, so the code shown is always a fresh one (each is valid only briefly) and the count of
// participants recorded stays current. Without JavaScript the page has a button to show a new code.
(function () {
  "use strict";
  var holder = document.querySelector("[data-refresh-seconds]");
  if (!holder) { return; }
  var seconds = parseInt(holder.getAttribute("data-refresh-seconds"), 10);
  if (seconds > 0) {
    window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }
}());
