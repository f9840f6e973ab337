// The project's file at HEAD with line numbers and highlighting; follows code_changed by itself.
import { h, highlighted, languageOf, shortSha } from './dom.js';

export class CodePanel {
  constructor() {
    this.meta = h('div.code-meta');
    this.gutter = h('pre.gutter', { 'aria-hidden': 'true' });
    this.source = h('code.hljs');
    this.tests = h('ul.test-list');
    this.element = h('section.panel.code-panel', { 'aria-label': 'Code' },
      h('h2', {}, 'Code'), this.meta,
      h('div.code-view', { tabindex: '0', 'aria-label': 'Current code' }, this.gutter, h('pre.source', {}, this.source)),
      h('h2', {}, 'Test cases'), this.tests);
  }

  show(project, tests) {
    this.project = project;
    this.render(project.current_code, project.current_commit, project.current_branch);
    this.tests.replaceChildren(...tests.map((test) => h('li', { data: { testId: test.id } }, test.name, test.quick_test ? h('span.badge', {}, 'quick') : null)));
    if (!tests.length) this.tests.append(h('li.muted', {}, 'No test cases.'));
  }

  changed(change) {
    if (!this.project || (change.branch && change.branch !== this.branch)) return;
    this.render(change.new_code, change.commit, change.branch || this.branch);
  }

  render(code, commit, branch) {
    this.branch = branch;
    this.meta.replaceChildren(
      h('span', {}, h('span.mono.file-name', {}, this.project.filename)),
      h('span', {}, 'branch ', h('span.mono.branch', {}, branch || '—')),
      h('span', {}, 'commit ', h('span.mono.commit', { title: commit || '' }, shortSha(commit))));
    const text = code || '';
    const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
    this.gutter.textContent = lines.map((_, i) => i + 1).join('\n');
    this.source.innerHTML = highlighted(lines.join('\n'), languageOf(this.project.filename));
    this.source.dataset.code = text;
  }
}
