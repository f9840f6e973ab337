// The conversation: every stored step of the session, coder text as it streams, the round in
// progress, the session's token total, and the prompt box (Ctrl/Cmd+Enter sends).
import { api } from "./api.js";
import { explain, h, number } from "./dom.js";

const AGENT_NAMES = { user: "You", vibecoder: "VibeCoder", evaluator: "Evaluator" };
const FINAL_TYPES = ["outcome", "error"];

export class ChatPanel {
  constructor({ onClear, onSessionGone }) {
    this.onClear = onClear;
    this.onSessionGone = onSessionGone;
    this.progress = h("span.progress", { "aria-live": "polite" });
    this.total = h("span.token-total.muted");
    this.list = h("div.messages", { "aria-live": "polite", "aria-label": "Conversation" });
    this.notice = h("div", { role: "alert" });
    this.prompt = h("textarea", {
      rows: 3,
      name: "prompt",
      "aria-label": "Prompt",
      placeholder: "Ask a question or request a change (Ctrl+Enter sends)",
      onkeydown: (event) => this.keydown(event),
    });
    this.sendButton = h("button.button.primary", { type: "submit" }, "Send");
    this.element = h(
      "section.panel.chat-panel",
      { "aria-label": "Chat" },
      h("h2", {}, "Chat"),
      h("div.chat-status", {}, this.progress, this.total),
      this.list,
      this.notice,
      h(
        "form.composer",
        {
          data: { needs: "editor" },
          onsubmit: (event) => {
            event.preventDefault();
            this.send();
          },
        },
        this.prompt,
        h(
          "div.actions",
          {},
          this.sendButton,
          h(
            "button.button.clear-session",
            { type: "button", onclick: () => this.clear() },
            "Clear session",
          ),
        ),
      ),
    );
  }

  show(session, messages, agents) {
    this.session = session;
    this.maxRounds = agents.max_iterations;
    this.messages = new Map();
    this.streams = new Map();
    this.partialStreams = new Set();
    this.evaluations = new Map();
    this.tokenTotal = session.usage_totals?.total_tokens || 0;
    this.list.replaceChildren();
    messages.forEach((message) => this.message(message, false));
    if (messages.length) {
      this.updateProgress(messages[messages.length - 1]);
      this.list.lastElementChild?.scrollIntoView?.({ block: "nearest" });
    }
    this.renderTotal();
    if (!agents.llm_configured)
      this.warn(
        "No LLM key is configured on the server: prompts will fail until OPENAI_API_KEY is set.",
      );
  }

  message(message, live = true) {
    if (this.messages.has(message.id)) return;
    this.messages.set(message.id, message);
    if (message.message_type === "evaluation")
      this.evaluations.set(message.run_id, (this.evaluations.get(message.run_id) || 0) + 1);
    const streamKey = `${message.run_id}:${message.iteration}`;
    if (message.agent === "vibecoder" && message.message_type === "text")
      this.partialStreams.delete(streamKey);
    // The stored text replaces what streamed; a stored step without text (a retried call that
    // ended in a tool call) ends whatever an abandoned attempt had streamed.
    const stream = message.agent === "vibecoder" ? this.streams.get(streamKey) : null;
    const element = this.bubble(message);
    if (stream && message.message_type === "text") {
      stream.replaceWith(element);
    } else {
      stream?.remove();
      this.list.append(element);
    }
    if (stream) this.streams.delete(streamKey);
    // Loading a whole session: progress and scrolling once at the end, not per message.
    if (!live) return;
    this.updateProgress(message);
    element.scrollIntoView?.({ block: "nearest" });
  }

  /**
   * Coder text as it is generated. A stream whose start the page did not see (it was loading) is
   * not shown in pieces: its stored text arrives as a message. A delta of a later attempt (the LLM
   * call was retried) replaces the abandoned attempt's text instead of adding to it.
   */
  delta(data, fromBacklog = false) {
    const key = `${data.run_id}:${data.iteration}`;
    if (fromBacklog) this.partialStreams.add(key);
    if (this.partialStreams.has(key)) return;
    const attempt = data.attempt || 1;
    let stream = this.streams.get(key);
    if (!stream) {
      stream = this.bubble({
        agent: "vibecoder",
        role: "assistant",
        message_type: "text",
        iteration: data.iteration,
        content: "",
      });
      stream.classList.add("streaming");
      stream.dataset.attempt = String(attempt);
      this.streams.set(key, stream);
      this.list.append(stream);
    }
    const content = stream.querySelector(".content");
    if (attempt > Number(stream.dataset.attempt)) {
      stream.dataset.attempt = String(attempt);
      content.textContent = "";
    } else if (attempt < Number(stream.dataset.attempt)) {
      return;
    }
    content.textContent += data.delta;
    this.setProgress(`VibeCoder is writing · round ${data.iteration} of ${this.maxRounds}`, true);
  }

  /**
   * An LLM call was paid for: the frame carries the session's total after it. A session's total
   * only grows, and a frame replayed after a load may be older than the total the load read.
   */
  tokens(data) {
    if (typeof data.session_total_tokens !== "number") return;
    this.tokenTotal = Math.max(this.tokenTotal, data.session_total_tokens);
    this.renderTotal();
  }

  finished() {
    this.setProgress("", false);
  }

  failed(data) {
    this.setProgress("", false);
    this.streams.forEach((stream) => stream.remove());
    this.streams.clear();
    this.warn(`The run failed: ${data.detail}`);
  }

  bubble(message) {
    const usage = message.token_usage;
    return h(
      "article.message",
      {
        data: {
          agent: message.agent,
          type: message.message_type,
          messageId: message.id || "",
          runId: message.run_id || "",
        },
      },
      h(
        "header",
        {},
        h(
          "span.agent",
          { title: message.author?.email || "" },
          message.author?.name || AGENT_NAMES[message.agent] || message.agent,
        ),
        message.iteration ? h("span.badge.iteration", {}, `round ${message.iteration}`) : null,
        message.message_type !== "text"
          ? h("span.badge.kind", {}, message.message_type.replace("_", " "))
          : null,
        usage
          ? h(
              "span.badge.tokens",
              {
                title: `${number(usage.prompt_tokens)} in, ${number(usage.completion_tokens)} out · ${usage.model}`,
              },
              `${number(usage.total_tokens)} tokens`,
            )
          : null,
      ),
      h("div.content", {}, message.content || ""),
      message.patch_preview
        ? h("pre.patch-preview", { "aria-label": "Patch preview" }, message.patch_preview)
        : null,
    );
  }

  /** Who works now, read from the run's last stored step. */
  updateProgress(message) {
    if (FINAL_TYPES.includes(message.message_type)) return this.setProgress("", false);
    const round = Math.min(this.maxRounds, (this.evaluations.get(message.run_id) || 0) + 1);
    const evaluatorWorks = message.agent === "vibecoder" && message.message_type === "tool_call";
    this.setProgress(
      `${evaluatorWorks ? "Evaluator is reviewing" : "VibeCoder is working"} · round ${round} of ${this.maxRounds}`,
      true,
    );
  }

  setProgress(text, active) {
    this.progress.textContent = text;
    this.progress.dataset.active = String(active);
  }

  renderTotal() {
    this.total.textContent = `${number(this.tokenTotal)} tokens this session`;
  }

  keydown(event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.send();
    }
  }

  async send() {
    const prompt = this.prompt.value;
    if (!prompt.trim()) return this.warn("Write a prompt first.");
    this.notice.replaceChildren();
    this.sendButton.disabled = true;
    try {
      const accepted = await api.send(this.session.id, prompt);
      this.prompt.value = "";
      // Unless the run's own events came first (a run can fail at once): they set the progress.
      if (!this.messages.has(accepted.message_id))
        this.setProgress(`VibeCoder is working · round 1 of ${this.maxRounds}`, true);
    } catch (error) {
      if (error.status === 404) {
        this.onSessionGone();
        this.warn(
          "This session was cleared elsewhere, so the prompt was not sent: the new session is shown now, send it again.",
        );
      } else {
        this.warn(explain(error));
      }
    } finally {
      this.sendButton.disabled = false;
    }
  }

  async clear() {
    try {
      await this.onClear();
      this.notice.replaceChildren(
        h("div.notice.info", {}, "Session cleared: both agents start afresh."),
      );
    } catch (error) {
      this.warn(explain(error));
    }
  }

  warn(text) {
    this.notice.replaceChildren(h("div.notice.error", {}, text));
  }
}
