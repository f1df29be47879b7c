// Sums every test layer into the one closing line CI reads: "N passed, N failed, N skipped".
// A layer whose report is missing counts as one failure (it did not run), and so does a failed typecheck.
import { existsSync, readFileSync } from 'node:fs';

const [vitestFile, playwrightFile, typecheckFile] = process.argv.slice(2);
const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
let passed = 0,
  failed = 0,
  skipped = 0;
const rows = [];

const vitest = read(vitestFile);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
  rows.push(`vitest:     ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed, ${vitest.numPendingTests + vitest.numTodoTests} skipped`);
} else {
  failed += 1;
  rows.push('vitest:     did not report');
}

const playwright = read(playwrightFile);
if (playwright) {
  const s = playwright.stats;
  passed += s.expected;
  failed += s.unexpected + s.flaky;
  skipped += s.skipped;
  rows.push(`playwright: ${s.expected} passed, ${s.unexpected + s.flaky} failed, ${s.skipped} skipped`);
  for (const reason of skipReasons(playwright)) rows.push(`  skipped: ${reason}`);
} else {
  failed += 1;
  rows.push('playwright: did not report');
}

const typecheck = existsSync(typecheckFile) ? readFileSync(typecheckFile, 'utf8') : '';
const typeErrors = (typecheck.match(/ ERROR /g) ?? []).length;
if (!/COMPLETED/.test(typecheck) || typeErrors > 0) {
  failed += 1;
  rows.push(`typecheck:  ${typeErrors} errors`);
} else rows.push('typecheck:  clean');

console.log(rows.join('\n'));
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);

function skipReasons(report) {
  const reasons = [];
  const visit = (suite) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? []) {
        for (const a of t.annotations ?? []) if (a.type === 'skip') reasons.push(`${spec.title}: ${a.description ?? 'no reason given'}`);
      }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of report.suites ?? []) visit(suite);
  return reasons;
}
