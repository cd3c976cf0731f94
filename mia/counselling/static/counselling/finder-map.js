/*
 * The counselling finder's optional map. The list is the finder; the map only adds to it.
 * Nothing is loaded from the tile server until the visitor presses "Show map": Leaflet
 * itself is served by MIA, and only the map images come from the configured tile server.
 * Without JavaScript the map section stays hidden.
 */
(function () {
  "use strict";

  function loadLeaflet(section, done) {
    if (window.L) {
      done();
      return;
    }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = section.dataset.leafletCss;
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = section.dataset.leaflet;
    script.onload = done;
    document.head.appendChild(script);
  }

  function showMap(section, points) {
    var canvas = section.querySelector("[data-map-canvas]");
    canvas.hidden = false;
    var L = window.L;
    L.Icon.Default.imagePath = section.dataset.iconPath;
    var map = L.map(canvas, { scrollWheelZoom: false });
    L.tileLayer(section.dataset.tiles, {
      maxZoom: 18,
      attribution: section.dataset.attribution,
    }).addTo(map);
    var bounds = [];
    points.forEach(function (point) {
      var marker = L.marker([point.lat, point.lon], { title: point.name, alt: point.name });
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.name;
      var popup = document.createElement("p");
      popup.appendChild(link);
      if (point.distance) {
        popup.appendChild(document.createElement("br"));
        popup.appendChild(document.createTextNode(point.distance));
      }
      marker.bindPopup(popup).addTo(map);
      bounds.push([point.lat, point.lon]);
    });
    if (section.dataset.originLat) {
      var origin = [Number(section.dataset.originLat), Number(section.dataset.originLon)];
      L.circleMarker(origin, { radius: 7, weight: 3 })
        .bindTooltip(section.dataset.originLabel)
        .addTo(map);
      bounds.push(origin);
    }
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    } else {
      map.setView([Number(section.dataset.lat), Number(section.dataset.lon)], 12);
    }
    section.classList.add("is-shown");
  }

  function init() {
    var section = document.querySelector("[data-finder-map]");
    var data = document.getElementById("finder-points");
    if (!section || !data) {
      return;
    }
    var points = JSON.parse(data.textContent);
    var button = section.querySelector("[data-map-consent]");
    section.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      loadLeaflet(section, function () {
        // removed, not hidden: the design system's button style would override `hidden`
        button.remove();
        showMap(section, points);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
