// A project's page: code, chat and review panels fed by the REST API and by the project's live
// events. The state is read once the subscription stands, so nothing published in between is
// lost; events that arrive while it loads wait, then apply on top (each panel ignores what it
// already holds).
import { api } from "./api.js";
import { h } from "./dom.js";
import { CodePanel } from "./code-panel.js";
import { ChatPanel } from "./chat-panel.js";
import { ReviewPanel } from "./review-panel.js";

const TABS = ["code", "chat", "review"];
const OFFLINE_LOAD_DELAY_MS = 1500;

export class ProjectView {
  constructor(root, projectId, live) {
    this.root = root;
    this.projectId = projectId;
    this.pending = [];
    this.loaded = false;
    this.loads = 0;
    this.diffReads = 0;
    this.build();
    this.unwatch = live.watch(
      projectId,
      (frame) => this.receive(frame),
      () => this.load(),
    );
    // Without a live connection the page still shows the stored state, a moment later.
    this.fallback = setTimeout(() => {
      if (!this.loads) this.load();
    }, OFFLINE_LOAD_DELAY_MS);
  }

  build() {
    this.title = h("h1", {}, "Loading…");
    this.notice = h("div", { role: "alert" });
    this.code = new CodePanel();
    this.chat = new ChatPanel({
      onClear: () => this.clearSession(),
      onSessionGone: () => this.load(),
    });
    this.review = new ReviewPanel();
    const panels = {
      code: this.code.element,
      chat: this.chat.element,
      review: this.review.element,
    };
    this.tabButtons = TABS.map((tab) =>
      h(
        "button",
        {
          type: "button",
          role: "tab",
          id: `tab-${tab}`,
          "aria-controls": `panel-${tab}`,
          onclick: () => this.showTab(tab),
        },
        tab[0].toUpperCase() + tab.slice(1),
      ),
    );
    TABS.forEach((tab) => {
      panels[tab].id = `panel-${tab}`;
      panels[tab].setAttribute("role", "tabpanel");
    });
    this.panels = panels;
    this.root.append(
      h("div.project-header", {}, this.title, h("a", { href: "#/" }, "← all projects")),
      this.notice,
      h("div.tabs", { role: "tablist", "aria-label": "Project panels" }, this.tabButtons),
      h("div.panels", {}, panels.code, panels.chat, panels.review),
    );
    this.showTab("chat");
    this.review.onOpened = () => this.showTab("review");
  }

  showTab(tab) {
    TABS.forEach((name, i) => {
      this.panels[name].classList.toggle("active", name === tab);
      this.tabButtons[i].setAttribute("aria-selected", String(name === tab));
    });
  }

  async load() {
    const load = ++this.loads;
    this.loaded = false;
    try {
      const [project, tests, agents, session] = await Promise.all([
        api.project(this.projectId),
        api.tests(this.projectId),
        api.agents(),
        api.projectSession(this.projectId),
      ]);
      const [messages, diffs] = await Promise.all([
        api.messages(session.id),
        api.sessionDiffs(session.id),
      ]);
      if (load !== this.loads) return;
      this.session = session;
      this.notice.replaceChildren();
      this.title.textContent = project.name;
      document.title = `${project.name} · Vibegrapher`;
      this.code.show(project, tests);
      this.chat.show(session, messages, agents);
      this.filename = project.filename;
      this.review.show(openDiff(diffs), project.filename);
      this.loaded = true;
      this.pending.splice(0).forEach((frame) => this.apply(frame, true));
    } catch (error) {
      if (load !== this.loads) return;
      this.notice.replaceChildren(
        h(
          "div.notice.error",
          {},
          error.status === 404 ? "This project does not exist (any more)." : error.message,
        ),
      );
    }
  }

  receive(frame) {
    if (this.loaded) this.apply(frame);
    else this.pending.push(frame);
  }

  apply(frame, fromBacklog = false) {
    const data = frame.data || {};
    if (frame.type === "code_changed") {
      this.code.changed(data);
      return this.reloadDiffs();
    }
    if (data.session_id && data.session_id !== this.session.id) {
      // A prompt in another session: the project's session may have been cleared and opened anew elsewhere.
      if (frame.type === "conversation_message" && data.agent === "user") this.followSession();
      return undefined;
    }
    switch (frame.type) {
      case "conversation_message":
        // A new run may follow a rejection made elsewhere (another dashboard, a script).
        if (data.agent === "user") this.reloadDiffs();
        return this.chat.message(data);
      case "conversation_delta":
        return this.chat.delta(data, fromBacklog);
      case "token_usage":
        return this.chat.tokens(data);
      case "vibecode_completed":
        return this.chat.finished(data);
      case "vibecode_error":
        return this.chat.failed(data);
      // A frame that waited for the load may be older than what the load read.
      case "diff_created":
        return fromBacklog
          ? this.reloadDiffs(true)
          : this.review.show(data.diff, this.filename, true);
      case "diff_updated":
        return fromBacklog ? this.reloadDiffs() : this.diffUpdated(data.diff);
      case "test_completed":
        return this.review.testCompleted(data);
      default:
        return undefined;
    }
  }

  async followSession() {
    try {
      const session = await api.projectSession(this.projectId);
      if (session.id !== this.session.id) await this.load();
    } catch (unreachable) {
      // the next event or a reload brings the page up to date
    }
  }

  async clearSession() {
    await api.deleteSession(this.session.id);
    this.review.show(null);
    await this.load();
  }

  /** A decision on a diff, made here or in another dashboard or a script. */
  diffUpdated(diff) {
    const shown = this.review.diff;
    if (!isOpen(diff)) return this.review.closed(diff);
    // Same diff, same status (tests ran, a new message): what is on screen, edits included, stays.
    if (shown?.id === diff.id && shown.status === diff.status) return undefined;
    if (!shown || shown.id === diff.id) this.review.show(diff, this.filename);
    return undefined;
  }

  /**
   * Shows the session's open diff as the server has it now, if that is not what is shown; with
   * {@code opened}, a newly shown diff brings its panel forward (on a phone, its tab).
   */
  async reloadDiffs(opened = false) {
    const read = ++this.diffReads;
    const showCount = this.review.showCount;
    let diffs;
    try {
      diffs = await api.sessionDiffs(this.session.id);
    } catch (unreachable) {
      return; // the next event or a reload brings the review up to date
    }
    // A later read, or what the panel was given meanwhile (a new diff, a decision made here), is newer.
    if (read !== this.diffReads || this.review.showCount !== showCount) return;
    const open = openDiff(diffs);
    const shown = this.review.diff;
    if (open?.id !== shown?.id || open?.status !== shown?.status)
      this.review.show(open, this.filename, opened && open?.id !== shown?.id);
  }

  close() {
    this.loads += 1; // a load still in flight belongs to a page that is gone
    clearTimeout(this.fallback);
    this.unwatch();
  }
}

/** The session's newest diff still waiting for the human (approve or commit), or null. */
function openDiff(diffs) {
  return diffs.filter(isOpen).pop() || null;
}

function isOpen(diff) {
  return ["evaluator_approved", "human_approved"].includes(diff.status);
}
