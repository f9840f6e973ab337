// The one door to the REST API: every call of the dashboard goes through call(), with the caller's token.
import { auth } from "./auth.js";

/** An error answer of the API, carrying its RFC 9457 problem. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

async function call(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const token = auth.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(`api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (unreachable) {
    throw new ApiError(0, {
      detail: "The server cannot be reached. Check the connection and try again.",
    });
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = { detail: text };
    }
  }
  if (response.status === 401) auth.expired();
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

const id = encodeURIComponent;

export const api = {
  agents: () => call("GET", "/agents"),
  /** A page of projects, newest first: `{projects, next_cursor}`; pass `next_cursor` back for the next page. */
  projects: (cursor) => call("GET", cursor ? `/projects?cursor=${id(cursor)}` : "/projects"),
  project: (projectId) => call("GET", `/projects/${id(projectId)}`),
  createProject: (name, filename) =>
    call("POST", "/projects", filename ? { name, filename } : { name }),
  deleteProject: (projectId) => call("DELETE", `/projects/${id(projectId)}`),
  commits: (projectId, limit = 20) =>
    call("GET", `/projects/${id(projectId)}/commits?limit=${limit}`),
  tests: (projectId) => call("GET", `/projects/${id(projectId)}/tests`),
  openSession: (projectId) =>
    call("POST", `/projects/${id(projectId)}/sessions`, { session_type: "global" }),
  sessions: (projectId) => call("GET", `/projects/${id(projectId)}/sessions`),
  /** The project's global session: opened (made if need be) by an editor, only found by a viewer. */
  projectSession: async (projectId) => {
    if (auth.may("editor")) return api.openSession(projectId);
    const globals = (await api.sessions(projectId)).filter(
      (session) => session.session_type === "global" && !session.node_id,
    );
    if (!globals.length)
      throw new ApiError(409, {
        detail:
          "Nobody has talked to the agents about this project yet: an editor starts the conversation.",
      });
    return globals.find((session) => !session.branch) || globals[globals.length - 1];
  },
  deleteSession: (sessionId) => call("DELETE", `/sessions/${id(sessionId)}`),
  messages: (sessionId) => call("GET", `/sessions/${id(sessionId)}/messages`),
  send: (sessionId, prompt) => call("POST", `/sessions/${id(sessionId)}/messages`, { prompt }),
  sessionDiffs: (sessionId) => call("GET", `/sessions/${id(sessionId)}/diffs`),
  review: (diffId, approved, feedback) =>
    call("POST", `/diffs/${id(diffId)}/review`, feedback ? { approved, feedback } : { approved }),
  commit: (diffId, commitMessage) =>
    call("POST", `/diffs/${id(diffId)}/commit`, { commit_message: commitMessage }),
  refineMessage: (diffId, hint) =>
    call("POST", `/diffs/${id(diffId)}/refine-message`, hint ? { hint } : {}),
  runTests: (diffId) => call("POST", `/diffs/${id(diffId)}/tests`),
};
