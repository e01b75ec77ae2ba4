// Adds up vitest's and Playwright's JSON reports into one closing line, so a reader (or CI) sees
// the whole suite's count in one place: "crossbook: N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';

const [vitestFile, playwrightFile] = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };

const vitest = JSON.parse(readFileSync(vitestFile, 'utf8'));
totals.passed += vitest.numPassedTests;
totals.failed += vitest.numFailedTests;
totals.skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);

const playwright = JSON.parse(readFileSync(playwrightFile, 'utf8'));
const stats = playwright.stats;
totals.passed += stats.expected + (stats.flaky ?? 0);
totals.failed += stats.unexpected;
totals.skipped += stats.skipped;

console.log(
  `vitest: ${vitest.numPassedTests} passed; playwright: ${stats.expected} passed, ${stats.skipped} skipped`,
);
console.log(`crossbook: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
