"use strict";
// Filter forms: leave empty fields out of the URL, so shared links stay short.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.classList || !form.classList.contains("filters")) return;
  for (const field of form.elements) {
    if (field.name && field.value === "") field.disabled = true;
  }
  setTimeout(() => { for (const field of form.elements) field.disabled = false; }, 0);
});
