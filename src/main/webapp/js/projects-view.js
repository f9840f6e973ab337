// The projects list: create, open, delete with confirmation.
import { api } from "./api.js";
import { h, shortSha, when } from "./dom.js";

export async function renderProjects(root) {
  const notice = h("div", { role: "alert" });
  const list = h("ul.project-list", { "aria-label": "Projects" });
  const older = h(
    "button.button.older-projects",
    { type: "button", hidden: true, onclick: showOlder },
    "Show older projects",
  );
  let nextCursor = null;
  const name = h("input", {
    type: "text",
    name: "name",
    placeholder: "Project name",
    "aria-label": "Project name",
    required: true,
  });
  const filename = h("input", {
    type: "text",
    name: "filename",
    placeholder: "File name (main.py)",
    "aria-label": "File name",
  });
  const form = h(
    "form.create-project",
    { onsubmit: create, data: { needs: "editor" } },
    name,
    filename,
    h("button.button.primary", { type: "submit" }, "Create project"),
  );
  root.append(h("h1", {}, "Projects"), form, notice, list, older);
  await refresh();

  async function refresh() {
    try {
      const page = await api.projects();
      list.replaceChildren(...page.projects.map(item));
      if (!page.projects.length)
        list.append(h("li.muted", {}, "No projects yet: create one above."));
      follow(page);
    } catch (error) {
      show(error.message);
    }
  }

  /** The server sends a page at a time: older projects are added below on request. */
  async function showOlder() {
    try {
      const page = await api.projects(nextCursor);
      list.append(...page.projects.map(item));
      follow(page);
    } catch (error) {
      show(error.message);
    }
  }

  function follow(page) {
    nextCursor = page.next_cursor;
    older.hidden = !nextCursor;
  }

  function item(project) {
    return h(
      "li.project-item",
      { data: { projectId: project.id } },
      h("a.name", { href: `#/projects/${encodeURIComponent(project.id)}` }, project.name),
      h("span.meta.mono", { title: "slug" }, project.slug),
      h(
        "span.meta",
        { title: "last commit" },
        "commit ",
        h("span.mono", {}, shortSha(project.current_commit)),
      ),
      h("span.meta", { title: "updated" }, "updated ", when(project.updated_at)),
      h(
        "button.button.danger",
        {
          type: "button",
          data: { needs: "admin" },
          "aria-label": `Delete ${project.name}`,
          onclick: () => confirmDelete(project),
        },
        "Delete",
      ),
    );
  }

  async function create(event) {
    event.preventDefault();
    try {
      const project = await api.createProject(name.value.trim(), filename.value.trim());
      location.hash = `#/projects/${encodeURIComponent(project.id)}`;
    } catch (error) {
      show(error.message);
    }
  }

  function confirmDelete(project) {
    const dialog = h(
      "dialog",
      { "aria-labelledby": "delete-title" },
      h("h2", { id: "delete-title" }, `Delete “${project.name}”?`),
      h("p", {}, "Its repository, sessions and diffs go with it. This cannot be undone."),
      h(
        "form.dialog-actions",
        { method: "dialog" },
        h("button.button", { value: "cancel", autofocus: true }, "Cancel"),
        h("button.button.danger", { value: "delete" }, "Delete project"),
      ),
    );
    dialog.addEventListener("close", async () => {
      dialog.remove();
      if (dialog.returnValue !== "delete") return;
      try {
        await api.deleteProject(project.id);
        await refresh();
      } catch (error) {
        show(error.message);
      }
    });
    root.append(dialog);
    dialog.showModal();
  }

  function show(message) {
    notice.replaceChildren(h("div.notice.error", {}, message));
  }
}
