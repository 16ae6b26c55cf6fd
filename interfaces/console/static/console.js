// The console's only script: plain JavaScript, no build step, no dependency. Pages work without it
// except for what needs it: the live tail, signing in and out, and the buttons that call the API.
"use strict";

const api = async (method, url, body) => {
  const response = await fetch(url, {
    method, credentials: "same-origin",
    headers: body === undefined ? {} : {"Content-Type": "application/json"},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (response.headers.get("content-type") || "").includes("json") ? await response.json() : null;
  if (!response.ok) throw new Error((data && data.detail) || `${response.status} ${response.statusText}`);
  return data;
};

// Times arrive as ISO 8601 UTC; people read them in their own zone.
const localTimes = (root) => root.querySelectorAll("time[datetime]").forEach((el) => {
  el.textContent = new Date(el.dateTime).toLocaleString();
  el.title = el.dateTime;
});

const say = (el, text) => { el.textContent = text; el.hidden = !text; };

function signIn(form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = form.querySelector(".error");
    say(error, "");
    try {
      await api("POST", "/api/v1/auths/signin", {email: form.email.value, password: form.password.value});
      window.location.assign(form.dataset.next);
    } catch (failure) { say(error, failure.message); }
  });
}

function signOut(button) {
  button.addEventListener("click", async () => {
    await api("POST", "/api/v1/auths/signout").catch(() => null);
    window.location.assign("/console/signin");
  });
}

// The live tail: the events API's websocket, filtered there; what it missed while paused or
// disconnected (or before it subscribed) is fetched from the events API by position, per context.
const FILTERS = ["context", "type", "user_id", "aggregate_id"];

class LiveTail {
  constructor(table) {
    this.body = table.tBodies[0];
    this.row = document.querySelector("template[data-live-row]");
    this.status = document.querySelector("[data-live-status]");
    this.pauseButton = document.querySelector("[data-pause]");
    this.seen = JSON.parse(table.dataset.heads);
    this.filters = Object.fromEntries([...new URLSearchParams(window.location.search)]
      .filter(([name, value]) => FILTERS.includes(name) && value.trim()));
    this.paused = false;
    this.pauseButton.addEventListener("click", () => this.toggle());
    this.connect();
  }

  connect() {
    const query = new URLSearchParams({...this.filters, all: "true"});
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    this.buffer = [];
    this.filling = true;
    this.socket = new WebSocket(`${scheme}://${window.location.host}/api/v1/events/live?${query}`);
    this.socket.onmessage = (message) => this.received(JSON.parse(message.data));
    this.socket.onclose = (closed) => this.closed(closed);
  }

  received(message) {
    if (message.type === "ready") { this.fill(); return; }
    if (message.context === undefined || message.position === undefined) return;  // not a log event
    if (this.filling) this.buffer.push(message); else this.show(message);
  }

  async fill() {
    this.say("Catching up…");
    try {
      for (const context of this.contexts()) await this.fillContext(context);
    } catch (failure) { this.say(`Could not catch up: ${failure.message}`); return; }
    this.filling = false;
    this.buffer.forEach((message) => this.show(message));
    this.buffer = [];
    this.say("Live");
  }

  async fillContext(context) {
    let after = this.seen[context] || 0;
    while (after !== null) {
      const query = new URLSearchParams({...this.filters, context, after, limit: 500});
      const page = await api("GET", `/api/v1/events?${query}`);
      page.events.forEach((event) => this.show(event));
      after = page.next_after;
    }
  }

  contexts() {
    return this.filters.context ? [this.filters.context.toLowerCase()] : Object.keys(this.seen);
  }

  show(event) {
    const context = event.context.toLowerCase();
    if (event.position <= (this.seen[context] || 0)) return;  // already shown: the gap and the feed overlap
    this.seen[context] = event.position;
    const row = this.row.content.firstElementChild.cloneNode(true);
    const time = row.querySelector("time");
    time.dateTime = new Date(event.timestamp * 1000).toISOString();
    row.querySelector("[data-context]").textContent = context;
    link(row.querySelector("[data-position]"), `/console/events/${context}/${event.position}`, event.position);
    row.querySelector("[data-type]").textContent = event.type;
    link(row.querySelector("[data-person]"), event.user_id && `/console/people/${event.user_id}`, event.user_id);
    link(row.querySelector("[data-aggregate]"), `/console/aggregates/${event.aggregate_id}`, event.aggregate_id);
    localTimes(row);
    this.body.prepend(row);
    while (this.body.rows.length > 500) this.body.deleteRow(-1);
  }

  toggle() {
    this.paused = !this.paused;
    this.pauseButton.textContent = this.paused ? "Resume" : "Pause";
    if (this.paused) { this.socket.close(); this.say("Paused"); } else this.connect();
  }

  closed(closed) {
    if (this.paused) return;
    if (closed.code === 4401) { this.say(`Stopped: ${closed.reason}`); return; }
    this.say("Disconnected; reconnecting…");
    setTimeout(() => { if (!this.paused) this.connect(); }, 2000);
  }

  say(text) { this.status.textContent = text; }
}

function link(anchor, href, text) {
  anchor.textContent = text || "";
  if (href) anchor.href = href;
}

const FORMATS = {
  verdict: (answer) => answer.contexts.map((c) => c.first_disagreement === null
    ? `${c.context}: intact (${c.events} events)`
    : `${c.context}: DISAGREES at position ${c.first_disagreement} (${c.reason})`).join("; "),
  done: () => "Done.",
  forgetting: () => "Forgetting…",
};

// A reaction's monitor (RFC 5989), asked until the reaction has done its work.
async function follow(monitor, result) {
  while (!(await api("GET", monitor)).done) await new Promise((wait) => setTimeout(wait, 1000));
  say(result, "Done: forgotten.");
}

// Buttons that call the API: data-call="METHOD /url", optionally data-confirm, data-form (a form
// whose fields are the JSON body), data-result (where the answer goes) and data-format (how it reads).
function caller(button) {
  button.addEventListener("click", async () => {
    if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
    const [method, url] = button.dataset.call.split(" ");
    const form = button.dataset.form && document.getElementById(button.dataset.form);
    const body = form ? Object.fromEntries(new FormData(form)) : undefined;
    const result = document.getElementById(button.dataset.result);
    button.disabled = true;
    say(result, "Working…");
    try {
      const answer = await api(method, url, body);
      say(result, (FORMATS[button.dataset.format] || JSON.stringify)(answer));
      if (answer && answer.monitor) await follow(answer.monitor, result);
      if (button.dataset.reload !== undefined) window.location.reload();
    } catch (failure) { say(result, `Failed: ${failure.message}`); }
    button.disabled = false;
  });
}

// Verifying now: one context at a time (each a read of its whole log), so the page shows how far
// it has got; each result replaces that context's last one, as the audit log now records it.
function verifier(button) {
  const contexts = JSON.parse(button.dataset.verify);
  const progress = document.querySelector("[data-verify-progress]");
  const verdict = document.getElementById("verdict");
  button.addEventListener("click", async () => {
    button.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    const broken = [];
    try {
      for (const [done, context] of contexts.entries()) {
        say(verdict, `Checking ${context} (${done + 1} of ${contexts.length})…`);
        const answer = await api("GET", `/api/v1/audit/verify?context=${encodeURIComponent(context)}`);
        if (!answer.intact) broken.push(context);
        const shown = document.querySelector(`[data-verified="${context}"]`);
        if (shown) shown.textContent = `${FORMATS.verdict(answer)}, just now`;
        progress.value = done + 1;
      }
      say(verdict, broken.length ? `DISAGREES: ${broken.join(", ")}` : `All ${contexts.length} logs intact.`);
    } catch (failure) { say(verdict, `Failed: ${failure.message}`); }
    button.disabled = false;
  });
}

// A person's archive: made on the server (the bar moves to and fro until its first byte), then
// downloaded (the bar fills as it arrives), then saved under the name the server gives it.
const kib = (bytes) => `${Math.ceil(bytes / 1024).toLocaleString()} KiB`;

function exporter(button) {
  const progress = document.querySelector("[data-export-progress]");
  const result = document.getElementById(button.dataset.result);
  button.addEventListener("click", async () => {
    button.disabled = true;
    progress.hidden = false;
    progress.removeAttribute("value");
    say(result, "Preparing the archive…");
    try {
      const response = await fetch(button.dataset.export, {credentials: "same-origin"});
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      const total = Number(response.headers.get("content-length")) || 0;
      const chunks = await received(response, total, progress, result);
      const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") || "");
      save(new Blob(chunks, {type: "application/zip"}), name ? name[1] : "archive.zip");
      say(result, `Done: ${name ? name[1] : "archive.zip"}, ${kib(chunks.reduce((n, c) => n + c.length, 0))}.`);
    } catch (failure) { say(result, `Failed: ${failure.message}`); }
    progress.hidden = true;
    button.disabled = false;
  });
}

async function received(response, total, progress, result) {
  const reader = response.body.getReader();
  const chunks = [];
  let count = 0;
  if (total) progress.max = total;
  for (;;) {
    const {done, value} = await reader.read();
    if (done) return chunks;
    chunks.push(value);
    count += value.length;
    if (total) progress.value = count;
    say(result, `Downloading… ${kib(count)}${total ? ` of ${kib(total)}` : ""}`);
  }
}

function save(blob, name) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

function shortcuts(event) {
  const typing = ["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName);
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "j" || event.key === "k") { event.preventDefault(); nextRow(event.key === "j" ? 1 : -1); return; }
  const target = {"/": "[data-first-filter]", "p": "[data-pause]"}[event.key];
  const element = target && document.querySelector(target);
  if (!element) return;
  event.preventDefault();
  if (event.key === "/") element.focus(); else element.click();
}

// j and k move through a table's rows (the first link of each; Enter opens it).
function nextRow(step) {
  const links = [...document.querySelectorAll("main table tbody tr")].map((row) => row.querySelector("a[href]"))
    .filter(Boolean);
  if (!links.length) return;
  const at = links.findIndex((link) => link.closest("tr") === document.activeElement.closest("tr"));
  const next = links[at === -1 ? 0 : Math.min(Math.max(at + step, 0), links.length - 1)];
  next.focus();
  next.scrollIntoView({block: "nearest"});
}

document.addEventListener("DOMContentLoaded", () => {
  localTimes(document);
  document.querySelectorAll("form[data-sign-in]").forEach(signIn);
  document.querySelectorAll("[data-sign-out]").forEach(signOut);
  document.querySelectorAll("[data-call]").forEach(caller);
  document.querySelectorAll("[data-verify]").forEach(verifier);
  document.querySelectorAll("[data-export]").forEach(exporter);
  document.querySelectorAll("table[data-live]").forEach((table) => new LiveTail(table));
  document.addEventListener("keydown", shortcuts);
});
