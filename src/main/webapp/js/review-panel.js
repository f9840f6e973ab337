// The diff waiting for the human: the change, the evaluator's reasoning, tests that report live,
// and the decisions (approve, reject with feedback, commit with an editable message).
import { api } from "./api.js";
import { diffTable } from "./diff-view.js";
import { explain, h, languageOf, shortSha } from "./dom.js";

export class ReviewPanel {
  constructor() {
    this.onOpened = () => {};
    this.showCount = 0;
    this.body = h("div.review-body");
    this.notice = h("div", { role: "alert" });
    this.element = h(
      "section.panel.review-panel",
      { "aria-label": "Review" },
      h("h2", {}, "Review"),
      this.notice,
      this.body,
    );
    this.show(null);
  }

  show(diff, fileName = this.fileName, opened = false) {
    this.showCount += 1;
    this.diff = diff;
    this.fileName = fileName;
    if (!diff) {
      this.body.replaceChildren(h("p.muted.empty", {}, "No diff is waiting for review."));
      return;
    }
    this.notice.replaceChildren();
    this.tests = new Map();
    this.testList = h("ul.tests", { "aria-label": "Test results" });
    this.message = h("textarea.commit-message", { rows: 3, "aria-label": "Commit message" });
    this.message.value = diff.commit_message || "";
    this.hint = h("input.refine-hint", {
      type: "text",
      placeholder: "Hint for a better message (optional)",
      "aria-label": "Hint for the commit message",
    });
    this.feedback = h("textarea.feedback", {
      rows: 2,
      "aria-label": "Feedback for the coder",
      placeholder: "What should change? (needed to reject)",
    });
    const approved = diff.status === "human_approved";
    this.body.replaceChildren(
      h(
        "p",
        {},
        h("span.badge.status", { data: { status: diff.status } }, diff.status.replace("_", " ")),
        " ",
        h("span.muted", {}, `on ${diff.target_branch} from ${shortSha(diff.base_commit)}`),
        diff.reviewed_by
          ? h("span.muted.reviewed-by", {}, ` · approved by ${diff.reviewed_by.name}`)
          : null,
      ),
      h("h3", {}, "Evaluator"),
      h("p.reasoning", {}, diff.evaluator_reasoning || "—"),
      diffTable(diff.diff_content, languageOf(fileName)),
      h(
        "div.review-actions",
        { data: { needs: "editor" } },
        this.button("Run tests", "run-tests", () => this.runTests()),
      ),
      this.testList,
      h("label", { data: { needs: "reviewer" } }, "Commit message", this.message),
      h(
        "div.review-actions",
        { data: { needs: "reviewer" } },
        this.hint,
        this.button("Refine message", "refine", () => this.refine()),
      ),
      h(
        "div.review-actions",
        { data: { needs: "reviewer" } },
        this.button("Approve", "approve", () => this.approve(), approved ? { disabled: true } : {}),
        this.button(
          "Commit",
          "commit",
          () => this.commit(),
          approved
            ? { class: "button primary commit" }
            : { disabled: true, title: "Approve first" },
        ),
      ),
      h("label", { data: { needs: "reviewer" } }, "Feedback", this.feedback),
      h(
        "div.review-actions",
        { data: { needs: "reviewer" } },
        this.button("Reject with feedback", "reject", () => this.reject(), {
          class: "button danger reject",
        }),
      ),
    );
    (diff.test_results || []).forEach((result) =>
      this.testCompleted({ ...result, diff_id: diff.id }),
    );
    if (opened) this.onOpened();
  }

  button(label, name, action, props = {}) {
    return h(
      "button.button",
      { type: "button", class: `button ${name}`, onclick: () => this.busy(action), ...props },
      label,
    );
  }

  async busy(action) {
    const buttons = [...this.body.querySelectorAll("button")];
    const enabled = buttons.filter((b) => !b.disabled);
    enabled.forEach((b) => {
      b.disabled = true;
    });
    try {
      await action();
    } catch (error) {
      this.say(explain(error), "error");
    } finally {
      enabled.forEach((b) => {
        if (b.isConnected) b.disabled = false;
      });
    }
  }

  testCompleted(result) {
    if (!this.diff || result.diff_id !== this.diff.id) return;
    const item = h(
      "li",
      { data: { testId: result.test_id, status: result.status } },
      h("span.badge", { class: `badge ${result.status}` }, result.status),
      " ",
      result.test_name,
      h("span.muted", {}, ` · ${result.duration_ms} ms`),
      result.output ? h("pre", {}, result.output) : null,
    );
    const existing = this.tests.get(result.test_id);
    if (existing) existing.replaceWith(item);
    else this.testList.append(item);
    this.tests.set(result.test_id, item);
  }

  async runTests() {
    this.say("Running the tests…", "info");
    const diff = await api.runTests(this.diff.id);
    (diff.test_results || []).forEach((result) =>
      this.testCompleted({ ...result, diff_id: diff.id }),
    );
    const failing = (diff.test_results || []).filter((r) => r.status !== "passed").length;
    this.say(
      diff.test_results?.length
        ? `${diff.test_results.length - failing} of ${diff.test_results.length} tests passed.`
        : "The project has no test cases.",
      failing ? "error" : "info",
    );
  }

  async refine() {
    const refined = await api.refineMessage(this.diff.id, this.hint.value.trim());
    this.message.value = refined.commit_message;
    this.say("The evaluator proposed a new commit message.", "info");
  }

  async approve() {
    const { id } = this.diff;
    // Read before the wait: the diff_updated of this approval may redraw the panel meanwhile.
    const message = this.message.value;
    const reviewed = await api.review(id, true);
    if (this.diff?.id !== id) return; // it left review meanwhile (committed or rejected elsewhere)
    this.show(reviewed.diff);
    this.message.value = message;
    this.say("Approved: commit it when ready.", "info");
  }

  /** The diff left review (rejected, committed, reverted), here or elsewhere: say how, and by whom. */
  closed(diff) {
    if (this.diff && this.diff.id !== diff.id) return;
    this.show(null);
    if (diff.status === "human_rejected")
      this.say(
        `${diff.reviewed_by?.name || "Someone"} rejected it: a new attempt is under way in the chat.`,
        "info",
      );
    else if (diff.status === "committed")
      this.say(
        `${diff.committed_by?.name || "Someone"} committed ${shortSha(diff.committed_sha)}.`,
        "info",
      );
  }

  async reject() {
    const feedback = this.feedback.value.trim();
    if (!feedback) {
      this.feedback.focus();
      return this.say(
        "Say what should change: the feedback goes to the coder for a new attempt.",
        "error",
      );
    }
    const decision = await api.review(this.diff.id, false, feedback);
    this.closed(decision.diff);
  }

  async commit() {
    try {
      this.closed(await api.commit(this.diff.id, this.message.value.trim() || undefined));
    } catch (error) {
      if (error.status !== 409 || !error.problem.head_commit) throw error;
      this.feedback.value =
        "The code changed since this diff was made: please redo the change on top of the current code.";
      this.say(
        `The branch moved since this diff was made (made on ${shortSha(error.problem.base_commit)}, the branch is now at ${shortSha(error.problem.head_commit)}), so it cannot be committed as it is. Reject it with feedback below to get a fresh attempt on the current code.`,
        "error",
      );
      this.feedback.focus();
    }
  }

  say(text, kind) {
    this.notice.replaceChildren(h(`div.notice.${kind}`, {}, text));
  }
}
