// The project's file at HEAD with line numbers and highlighting; follows code_changed by itself.
import { api } from "./api.js";
import { h, highlighted, languageOf, shortSha } from "./dom.js";

export class CodePanel {
  constructor() {
    this.meta = h("div.code-meta");
    this.lastChange = h("p.muted.last-change", { "aria-live": "polite" });
    this.gutter = h("pre.gutter", { "aria-hidden": "true" });
    this.source = h("code.hljs");
    this.tests = h("ul.test-list");
    this.history = h("ol.history", { "aria-label": "History" });
    this.element = h(
      "section.panel.code-panel",
      { "aria-label": "Code" },
      h("h2", {}, "Code"),
      this.meta,
      this.lastChange,
      h(
        "div.code-view",
        { tabindex: "0", "aria-label": "Current code" },
        this.gutter,
        h("pre.source", {}, this.source),
      ),
      h("h2", {}, "Test cases"),
      this.tests,
      h("h2", {}, "History"),
      this.history,
    );
  }

  show(project, tests) {
    this.project = project;
    this.render(project.current_code, project.current_commit, project.current_branch);
    this.tests.replaceChildren(
      ...tests.map((test) =>
        h(
          "li",
          { data: { testId: test.id } },
          test.name,
          test.quick_test ? h("span.badge", {}, "quick") : null,
        ),
      ),
    );
    if (!tests.length) this.tests.append(h("li.muted", {}, "No test cases."));
    this.loadHistory();
  }

  /** The branch's commits, newest first, each by the person who committed it. */
  async loadHistory() {
    const project = this.project;
    const read = (this.historyReads = (this.historyReads || 0) + 1);
    let commits;
    try {
      commits = await api.commits(project.id);
    } catch (unreachable) {
      return; // the next code_changed or a reload reads it again
    }
    // Another project, or a later read (two commits close together): that one is newer.
    if (project !== this.project || read !== this.historyReads) return;
    this.history.replaceChildren(
      ...commits.map((commit) =>
        h(
          "li",
          { data: { sha: commit.sha } },
          h("span.mono.commit", { title: commit.sha }, shortSha(commit.sha)),
          " ",
          h("span.subject", {}, commit.message.split("\n")[0]),
          " ",
          h(
            "span.muted.author",
            { title: commit.author_email },
            `${commit.author_name} · ${new Date(commit.committed_at).toLocaleString()}`,
          ),
        ),
      ),
    );
  }

  changed(change) {
    if (!this.project || (change.branch && change.branch !== this.branch)) return;
    this.render(change.new_code, change.commit, change.branch || this.branch);
    const verb = change.kind === "revert" ? "reverted with" : "committed";
    this.lastChange.textContent = change.actor
      ? `${change.actor.name} ${verb} ${shortSha(change.commit)}`
      : "";
    this.loadHistory();
  }

  render(code, commit, branch) {
    this.branch = branch;
    this.meta.replaceChildren(
      h("span", {}, h("span.mono.file-name", {}, this.project.filename)),
      h("span", {}, "branch ", h("span.mono.branch", {}, branch || "—")),
      h("span", {}, "commit ", h("span.mono.commit", { title: commit || "" }, shortSha(commit))),
    );
    const text = code || "";
    const lines = text.endsWith("\n") ? text.slice(0, -1).split("\n") : text.split("\n");
    this.gutter.textContent = lines.map((_, i) => i + 1).join("\n");
    this.source.innerHTML = highlighted(lines.join("\n"), languageOf(this.project.filename));
    this.source.dataset.code = text;
  }
}
