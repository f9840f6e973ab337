// Routes between the projects list (#/) and a project (#/projects/{id}); shows the connection state
// and who is logged in.
import { auth } from "./auth.js";
import { LiveConnection } from "./live.js";
import { renderProjects } from "./projects-view.js";
import { ProjectView } from "./project-view.js";

function startDashboard() {
  const live = new LiveConnection();
  const view = document.getElementById("view");
  const indicator = document.getElementById("connection");
  let current = null;

  live.addEventListener("change", () => {
    indicator.dataset.state = live.state;
    const words = {
      connecting: "connecting…",
      connected: "connected",
      reconnecting: "reconnecting…",
      offline: "offline",
    }[live.state];
    const beat = live.lastHeartbeat
      ? ` · heartbeat ${live.lastHeartbeat.toLocaleTimeString()}`
      : "";
    indicator.textContent = words + beat;
  });

  function route() {
    current?.close?.();
    current = null;
    view.replaceChildren();
    const match = location.hash.match(/^#\/projects\/([^/]+)$/);
    if (match) {
      current = new ProjectView(view, decodeURIComponent(match[1]), live);
    } else {
      renderProjects(view);
    }
  }

  window.addEventListener("hashchange", () => {
    if (auth.caller) route();
  });
  document.getElementById("logout").addEventListener("click", () => auth.logout());
  auth.addEventListener("logout", () => {
    live.disconnect();
    current?.close?.();
    current = null;
    view.replaceChildren();
  });
  // The first login shows the page; a login after an expiry reconnects and keeps the page as it is.
  auth.addEventListener("login", () => {
    live.reconnectNow();
    if (!current && !view.hasChildNodes()) route();
  });
  // A renewed login changes nothing on the page; a connection its old token lost comes back.
  auth.addEventListener("renewed", () => {
    if (auth.caller) live.reconnectNow();
  });
  auth.start();
}

auth.takeTokenFromLink();
// The renewal frame and the login popup only hand the provider's answer over: no dashboard there.
if (await auth.prepare()) startDashboard();
