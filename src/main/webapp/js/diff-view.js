// A unified diff as a table: old and new line numbers, added and removed lines marked, each code
// line highlighted for the file's language.
import { h, highlighted } from "./dom.js";

export function diffTable(diffText, language) {
  const rows = [];
  let oldLine = 0;
  let newLine = 0;
  for (const line of (diffText || "").replace(/\n$/, "").split("\n")) {
    const hunk = line.match(/^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/);
    if (hunk) {
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      rows.push(row("hunk", "", "", line));
    } else if (
      line.startsWith("---") ||
      line.startsWith("+++") ||
      line.startsWith("diff ") ||
      line.startsWith("index ")
    ) {
      rows.push(row("file", "", "", line));
    } else if (line.startsWith("+")) {
      rows.push(row("add", "", newLine++, line.slice(1), "+", language));
    } else if (line.startsWith("-")) {
      rows.push(row("del", oldLine++, "", line.slice(1), "-", language));
    } else if (line.startsWith("\\")) {
      rows.push(row("file", "", "", line));
    } else {
      rows.push(row("context", oldLine++, newLine++, line.slice(1), " ", language));
    }
  }
  return h(
    "div.diff",
    { tabindex: "0", "aria-label": "Diff" },
    h("table", {}, h("tbody", {}, rows)),
  );
}

function row(kind, oldNumber, newNumber, text, sign = "", language = null) {
  const code = h("td.code");
  if (language) code.innerHTML = sign + highlighted(text, language);
  else code.textContent = text;
  return h(
    `tr.${kind}`,
    {},
    h("td.num", {}, String(oldNumber)),
    h("td.num", {}, String(newNumber)),
    code,
  );
}
