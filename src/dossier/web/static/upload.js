"use strict";
// Add articles: send the form to /api/uploads, then poll the job's progress.
(function () {
  const D = window.dossier;
  const form = document.getElementById("upload");
  const status = document.getElementById("upload-status");
  const files = document.getElementById("upload-files");
  if (!form) return;

  function show(job) {
    status.textContent = job.done
      ? `Done: ${job.finished} of ${job.total} files.`
      : `Working: ${job.finished} of ${job.total} files done...`;
    status.dataset.done = job.done ? "yes" : "no";
    files.textContent = "";
    for (const file of job.files) {
      const li = document.createElement("li");
      li.textContent = `${file.name}: ${file.state}` + (file.events ? `, ${file.events} events` : "");
      li.dataset.state = file.state;
      for (const error of file.errors) {
        const p = document.createElement("p");
        p.className = "error";
        p.textContent = error;
        li.appendChild(p);
      }
      files.appendChild(li);
    }
    if (job.done) {
      const link = document.createElement("a");
      link.href = "/documents";
      link.textContent = "See the documents";
      status.appendChild(document.createTextNode(" "));
      status.appendChild(link);
    }
  }

  async function poll(id) {
    const job = await D.getJSON("/api/uploads/" + encodeURIComponent(id));
    show(job);
    if (!job.done) setTimeout(() => poll(id).catch(fail), 500);
  }

  function fail(error) {
    status.textContent = "The upload failed: " + error.message;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "Sending...";
    try {
      const response = await fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" });
      const body = await response.json();
      if (!response.ok) throw new Error(body.detail || response.status);
      show(body);
      if (!body.done) poll(body.id).catch(fail);
    } catch (error) {
      fail(error);
    }
  });
})();
