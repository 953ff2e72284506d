// The library image form: a click (or Enter on the focused picture) sets the
// focal point fields, shown as a marker on the preview.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector(".focal-point");
  const x = document.querySelector("#id_focal_x");
  const y = document.querySelector("#id_focal_y");
  if (!box || !x || !y) {
    return;
  }
  const marker = box.querySelector(".focal-point__marker");
  const show = () => {
    marker.style.left = `${Number(x.value) * 100}%`;
    marker.style.top = `${Number(y.value) * 100}%`;
  };
  box.addEventListener("click", (event) => {
    const rect = box.querySelector("img").getBoundingClientRect();
    const clamp = (value) => Math.min(1, Math.max(0, value)).toFixed(2);
    x.value = clamp((event.clientX - rect.left) / rect.width);
    y.value = clamp((event.clientY - rect.top) / rect.height);
    show();
  });
  x.addEventListener("input", show);
  y.addEventListener("input", show);
  show();
});
