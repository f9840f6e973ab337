// Small helpers to build the page from plain DOM nodes (text is always set as text, never as HTML).

/** h('div.message', {data: {agent: 'user'}, onclick}, child, ...) */
export function h(tag, props = {}, ...children) {
  const [name, ...classes] = tag.split(".");
  const element = document.createElement(name);
  if (classes.length) element.className = classes.join(" ");
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "data")
      Object.entries(value).forEach(([k, v]) => {
        element.dataset[k] = v;
      });
    else if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
    else if (key in element && typeof value !== "string") element[key] = value;
    else element.setAttribute(key, value === true ? "" : value);
  }
  element.append(
    ...children.flat().filter((child) => child !== null && child !== undefined && child !== false),
  );
  return element;
}

export function shortSha(sha) {
  return sha ? sha.slice(0, 8) : "—";
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : "";
}

export function number(n) {
  return new Intl.NumberFormat().format(n || 0);
}

/** The highlight.js language for a file name, or null to let it guess. */
export function languageOf(fileName) {
  const extension = (fileName || "").split(".").pop().toLowerCase();
  const known = {
    py: "python",
    java: "java",
    js: "javascript",
    mjs: "javascript",
    ts: "typescript",
    json: "json",
    md: "markdown",
    sql: "sql",
    sh: "bash",
    yml: "yaml",
    yaml: "yaml",
    xml: "xml",
    html: "xml",
    css: "css",
    go: "go",
    rs: "rust",
    rb: "ruby",
    kt: "kotlin",
  };
  return known[extension] || null;
}

/** Source as highlighted HTML; highlight.js escapes the text it is given. */
export function highlighted(source, language) {
  const hljs = window.hljs;
  if (!hljs) return escapeHtml(source);
  if (language && hljs.getLanguage(language))
    return hljs.highlight(source, { language, ignoreIllegals: true }).value;
  return escapeHtml(source);
}

function escapeHtml(text) {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );
}

/** A message for a failed API call, in words a person can act on. */
export function explain(error) {
  if (error.status === 409 && error.problem.run_id)
    return `A run is already working in this session (run ${shortSha(error.problem.run_id)}). Wait for it to finish.`;
  if (error.status === 413)
    return `Too large: ${error.problem.detail || "the server refused the size of this request."}`;
  if (error.status === 429 && error.problem.type === "urn:vibegrapher:problem:too-many-runs") {
    return `You have ${error.problem.max_runs_per_caller} runs working already, as many as one person may. Send this once one has finished.`;
  }
  if (error.status === 429) return `Token budget used up: ${error.problem.detail || ""}`;
  return error.message;
}
