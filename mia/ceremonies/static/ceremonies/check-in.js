/* The door's check-in page: reads the QR code of a letter or ticket with the phone's camera
   (BarcodeDetector where the browser has one, else jsQR, served by MIA), sends the code as the
   typed-code form would, and keeps the arrival count up to date. Without JavaScript the form
   alone works. Everything said to staff comes from the page (data-text-…), in their language. */
(function () {
  "use strict";
  var root = document.getElementById("checkin");
  if (!root) return;
  var text = function (name) { return root.getAttribute("data-text-" + name) || ""; };
  var statusUrl = root.getAttribute("data-status-url");
  var actionUrl = root.getAttribute("data-action-url");
  var form = document.getElementById("checkin-form");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var result = document.getElementById("checkin-result");
  var count = document.getElementById("checkin-count");
  var camera = document.getElementById("checkin-camera");
  var toggle = document.getElementById("checkin-camera-toggle");
  var state = document.getElementById("checkin-camera-state");
  var video = document.getElementById("checkin-video");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null, detector = null, busy = false, lastCode = "", lastAt = 0;

  function show(data) {
    result.className = "checkin-result checkin-result--" + data.outcome;
    result.textContent = "";
    var message = document.createElement("p");
    message.className = "checkin-message";
    message.textContent = data.message;
    result.appendChild(message);
    var old = document.getElementById("checkin-anyway-form");
    if (old) old.remove();
    if (data.name) {
      var list = document.createElement("dl");
      list.className = "checkin-person";
      [[form.getAttribute("data-label-answer"), data.status_label],
       [form.getAttribute("data-label-companions"), data.companions],
       [form.getAttribute("data-label-code"), data.code]].forEach(function (pair) {
        var term = document.createElement("dt"); term.textContent = pair[0];
        var value = document.createElement("dd"); value.textContent = pair[1];
        list.appendChild(term); list.appendChild(value);
      });
      result.appendChild(list);
    }
    if (data.outcome === "no_seat") {
      var anyway = document.createElement("form");
      anyway.method = "post"; anyway.action = actionUrl;
      anyway.className = "checkin-anyway"; anyway.id = "checkin-anyway-form";
      [["csrfmiddlewaretoken", csrf], ["code", data.code], ["anyway", "1"]].forEach(function (pair) {
        var input = document.createElement("input");
        input.type = "hidden"; input.name = pair[0]; input.value = pair[1];
        anyway.appendChild(input);
      });
      var button = document.createElement("button");
      button.type = "submit"; button.className = "button button-secondary checkin-button";
      button.textContent = text("let-in");
      anyway.appendChild(button);
      anyway.addEventListener("submit", function (event) {
        event.preventDefault();
        send(data.code, true);
      });
      result.insertAdjacentElement("afterend", anyway);
    }
    if (data.figures) figures(data.figures);
  }

  function figures(data) {
    var sentence = text("arrivals")
      .replace("%(arrived)s", data.arrived)
      .replace("%(expected)s", data.expected)
      .replace("%(guests)s", data.guests);
    // only a change is announced (aria-live): the same sentence is not written again
    if (count.textContent !== sentence) count.textContent = sentence;
  }

  function send(code, anyway) {
    busy = true;
    var body = new FormData();
    body.append("code", code);
    if (anyway) body.append("anyway", "1");
    result.className = "checkin-result";
    result.textContent = text("checking");
    return fetch(actionUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf },
    }).then(function (response) { return response.json(); })
      .then(show)
      .catch(function () { show({ outcome: "invalid", message: text("failed") }); })
      .then(function () { busy = false; });
  }

  form.addEventListener("submit", function (event) {
    var field = form.querySelector("input[name=code]");
    if (!field.value.trim()) return; // the server says what is missing
    event.preventDefault();
    send(field.value, false).then(function () { field.value = ""; field.focus(); });
  });

  function found(code) {
    var now = Date.now();
    // the same code held in front of the camera is sent once, not every frame
    if (busy || (code === lastCode && now - lastAt < 5000)) return;
    lastCode = code; lastAt = now;
    send(code, false);
  }

  function scan() {
    if (!stream) return;
    if (video.readyState >= 2 && !busy) {
      if (detector) {
        detector.detect(video).then(function (codes) {
          if (codes.length) found(codes[0].rawValue);
        }).catch(function () {});
      } else if (window.jsQR) {
        canvas.width = video.videoWidth; canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
        if (code && code.data) found(code.data);
      }
    }
    window.setTimeout(scan, 250);
  }

  function stop() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
    toggle.setAttribute("aria-pressed", "false");
    toggle.textContent = toggle.getAttribute("data-start");
    state.textContent = text("camera-off");
  }

  function start() {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        return video.play();
      })
      .then(function () {
        toggle.setAttribute("aria-pressed", "true");
        toggle.textContent = toggle.getAttribute("data-stop");
        state.textContent = text("camera-on");
        scan();
      })
      .catch(function () { stop(); state.textContent = text("camera-denied"); });
  }

  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    camera.hidden = false;
    if ("BarcodeDetector" in window) {
      try { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); } catch (e) { detector = null; }
    }
    toggle.addEventListener("click", function () { if (stream) stop(); else start(); });
  }

  window.setInterval(function () {
    if (document.hidden) return;
    fetch(statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) figures(data); })
      .catch(function () {});
  }, 5000);
}());
