// medmaas console: the automatic logoff as the page shows it. The server decides (it ends an idle
// session whatever this script does); this warns a minute before and offers to stay.
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.dataset.idleSeconds, 10);
  var warn = parseInt(body.dataset.warnSeconds, 10);
  if (!(idle > 0)) {
    return;
  }
  var dialog = document.getElementById("idle-dialog");
  var left = document.getElementById("idle-left");
  var deadline = 0;
  var ticker = null;

  function restart() {
    deadline = Date.now() + idle * 1000;
    if (dialog.open) {
      dialog.close();
    }
  }

  function end() {
    // the server ends the session (and the provider's) once it is idle past its limit
    window.location.assign("/session/ended");
  }

  function tick() {
    var seconds = Math.round((deadline - Date.now()) / 1000);
    if (seconds <= 0) {
      // another tab may have kept the session alive: ask before leaving
      fetch("/session/status", { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { idleSecondsLeft: 0 }; })
        .then(function (status) {
          if (status.idleSecondsLeft > 1) {
            deadline = Date.now() + status.idleSecondsLeft * 1000;
            if (dialog.open) { dialog.close(); }
          } else {
            end();
          }
        }, end);
      return;
    }
    if (seconds <= warn) {
      left.textContent = String(seconds);
      if (!dialog.open) {
        dialog.showModal();
        document.getElementById("idle-stay").focus();
      }
    }
  }

  document.getElementById("idle-stay").addEventListener("click", function () {
    var token = JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRF-TOKEN"];
    fetch("/session/keepalive", {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-TOKEN": token || "" }
    }).then(function (r) { if (r.ok) { restart(); } else { end(); } }, end);
  });
  document.body.addEventListener("htmx:afterRequest", restart);
  restart();
  ticker = window.setInterval(tick, 1000);
})();
