// One WebSocket for the whole page: reconnects by itself with back-off and resumes every watched
// project from the last seq it delivered, so nothing is missed and nothing is delivered twice.

import { auth } from "./auth.js";

const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 15000;
const ATTEMPTS_BEFORE_OFFLINE = 4;

export class LiveConnection extends EventTarget {
  constructor(url = defaultUrl()) {
    super();
    this.url = url;
    this.watches = new Map();
    this.state = "connecting";
    this.lastHeartbeat = null;
    this.failedAttempts = 0;
    this.socket = null;
    window.addEventListener("online", () => this.reconnectNow());
    window.addEventListener("offline", () => this.setState("offline"));
    this.connect();
  }

  /**
   * Delivers the project's events to onEvent, each once and in seq order. onReady is called once
   * the server delivers every event from now on, and again if events were missed for good (pruned
   * from the server's log): state read through the REST API after that call misses nothing.
   */
  watch(projectId, onEvent, onReady = () => {}) {
    const watch = { lastSeq: null, onEvent, onReady };
    this.watches.set(projectId, watch);
    this.subscribe(projectId, watch);
    return () => {
      this.watches.delete(projectId);
      this.send({ type: "unsubscribe", project_id: projectId });
    };
  }

  connect() {
    // A browser cannot set Authorization on a WebSocket: the token goes beside the subprotocol,
    // in a header, never in the URL (docs/realtime.md). Without one, wait for the login.
    const token = auth.token();
    if (!token) {
      this.socket = null;
      return;
    }
    const socket = new WebSocket(this.url, ["vibegrapher.v1", `bearer.${token}`]);
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.failedAttempts = 0;
      this.setState("connected");
      this.watches.forEach((watch, projectId) => this.subscribe(projectId, watch));
    };
    socket.onmessage = (message) => {
      if (this.socket === socket) this.receive(JSON.parse(message.data));
    };
    socket.onclose = (closed) => {
      if (this.socket !== socket) return;
      if (closed.code === 1008 && closed.reason.startsWith("token expired")) {
        this.socket = null;
        // A renewed login (the provider's tokens are renewed before they expire) just connects again.
        if (auth.token() && auth.token() !== token) this.connect();
        else auth.expired();
        return;
      }
      this.failedAttempts += 1;
      const offline = !navigator.onLine || this.failedAttempts > ATTEMPTS_BEFORE_OFFLINE;
      this.setState(offline ? "offline" : "reconnecting");
      const backoff = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** (this.failedAttempts - 1));
      this.retry = setTimeout(() => this.connect(), backoff * (0.75 + Math.random() * 0.5));
    };
  }

  reconnectNow() {
    if (this.socket?.readyState === WebSocket.OPEN) return;
    clearTimeout(this.retry);
    // A socket still trying from before is replaced, not left to open beside the new one.
    this.socket?.close();
    this.failedAttempts = 0;
    this.connect();
  }

  /** Logged out: no connection until the next login. */
  disconnect() {
    clearTimeout(this.retry);
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }

  subscribe(projectId, watch) {
    const frame = { type: "subscribe", project_id: projectId };
    if (watch.lastSeq !== null) frame.last_seq = watch.lastSeq;
    this.send(frame);
  }

  send(frame) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  receive(frame) {
    if (frame.type === "heartbeat") {
      this.lastHeartbeat = new Date(frame.data.server_time);
      this.dispatchEvent(new Event("change"));
      return;
    }
    const watch = this.watches.get(frame.project_id);
    if (!watch) return;
    if (frame.type === "subscribed") {
      const { last_seq: newest, first_available_seq: firstKept } = frame.data;
      if (watch.lastSeq === null || firstKept > watch.lastSeq + 1) {
        watch.lastSeq = newest;
        watch.onReady();
      }
      return;
    }
    if (frame.seq === undefined || watch.lastSeq === null || frame.seq <= watch.lastSeq) return;
    watch.lastSeq = frame.seq;
    watch.onEvent(frame);
  }

  setState(state) {
    this.state = state;
    this.dispatchEvent(new Event("change"));
  }
}

function defaultUrl() {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${location.pathname.replace(/[^/]*$/, "")}ws`;
}
