// Drives one notebook through Jupyter's web UI in Debian's chromium, as a
// student would, and writes down what the page showed.
//
//   node run.mjs CONFIG.json
//
// tests/test_browser.py starts the Jupyter server, writes CONFIG (server URL,
// token, UI, notebook, where to save screenshots and the result) and checks
// the result against the real process tree. This script only clicks, waits and
// reads; its own failures are UI failures (a page that never loads, a kernel
// that never goes idle), reported with a screenshot.
//
// The notebook ends with two cells the test appended: a long cell and an
// "after" cell. The script selects the long cell and runs everything above it
// (the course notebook itself), waits for the kernel to go idle, reads every
// cell; then runs the long cell, clicks the toolbar's stop button, runs the
// after cell and reads both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { UIS } from './ui.mjs';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const ui = UIS[config.ui];
if (!ui) throw new Error(`unknown UI ${config.ui}; known: ${Object.keys(UIS).join(', ')}`);

const SECOND = 1000;
const LIMITS = {          // hang guards only; a normal run takes a fraction of each
  kernelReady: 90 * SECOND,
  runAll: 120 * SECOND,
  longCellStarts: 30 * SECOND,
  interrupt: 20 * SECOND,
  afterCell: 30 * SECOND,
};

const shots = config.screenshots;
fs.mkdirSync(shots, { recursive: true });
const log = (...parts) => console.error(`[browser ${((Date.now() - started) / SECOND).toFixed(1)} s]`, ...parts);
const started = Date.now();

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ptlab-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: config.chromium,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
});
const result = { ui: config.ui, screenshots: [] };
let page;
try {
  page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(15 * SECOND);
  await page.goto(ui.url(config.server, config.notebook, config.token));
  await ui.waitForKernel(page, LIMITS.kernelReady);
  log('notebook open, kernel idle');

  const cells = ui.codeCells(page);
  const count = await cells.count();
  if (count !== config.courseCells + 2) {
    throw new Error(`the page shows ${count} code cells, expected ${config.courseCells} + 2`);
  }
  const course = [...Array(config.courseCells).keys()];
  const long = config.courseCells;
  const after = long + 1;

  // 1. Run All Above the long cell = the whole course notebook.
  await ui.select(page, long);
  await ui.runAllAbove(page);
  await waitUntil(page, LIMITS.runAll, 'the course cells to finish', async () => {
    const s = await state(page);
    return s.idle && course.every(i => /^\d+$/.test(s.prompts[i]));
  });
  log('course cells ran; kernel idle');
  result.cells = [];
  for (const i of course) result.cells.push(await ui.readCell(page, i));
  await shoot('01-run-all', () => ui.screenshotNotebook(page, path.join(shots, `${config.ui}-01-run-all.png`)));
  const svgCell = result.cells.findIndex(c => c.svgs.length > 0);
  if (svgCell >= 0) {
    await shoot('02-timeline', () => ui.cell(page, svgCell).screenshot({ path: path.join(shots, `${config.ui}-02-timeline.png`) }));
  }

  // 2. The long cell, stopped with the toolbar's stop button.
  await ui.select(page, long);
  await page.keyboard.press('Control+Enter');
  await waitUntil(page, LIMITS.longCellStarts, 'the long cell to start', async () => {
    const s = await state(page);
    return s.prompts[long] === '*' && (await ui.readCell(page, long)).text.includes(config.longMarker);
  });
  log('long cell running');
  await shoot('03-long-cell-running', () => page.screenshot({ path: path.join(shots, `${config.ui}-03-long-cell-running.png`) }));
  await ui.interruptButton(page).click();
  const clicked = Date.now();
  await waitUntil(page, LIMITS.interrupt, 'the interrupted cell to end', async () => {
    const s = await state(page);
    return s.idle && /^\d+$/.test(s.prompts[long]);
  });
  result.interruptSeconds = (Date.now() - clicked) / SECOND;
  result.longCell = await ui.readCell(page, long);
  log(`long cell ended ${result.interruptSeconds.toFixed(1)} s after the click`);

  // 3. The next cell still runs.
  const before = (await state(page)).prompts[after];
  await ui.select(page, after);
  await page.keyboard.press('Control+Enter');
  await waitUntil(page, LIMITS.afterCell, 'the cell after the interrupt to run', async () => {
    const s = await state(page);
    return s.idle && /^\d+$/.test(s.prompts[after]) && s.prompts[after] !== before;
  });
  result.afterCell = await ui.readCell(page, after);
  log('cell after the interrupt ran');
  await ui.cell(page, after).scrollIntoViewIfNeeded();
  await shoot('04-after-interrupt', () => page.screenshot({ path: path.join(shots, `${config.ui}-04-after-interrupt.png`) }));
} catch (error) {
  result.error = String(error?.stack ?? error);
  log('FAILED:', error?.message ?? error);
  if (page) await shoot('failure', () => page.screenshot({ path: path.join(shots, `${config.ui}-failure.png`) }));
} finally {
  await context.close().catch(() => {});
  fs.rmSync(profile, { recursive: true, force: true });
  fs.writeFileSync(config.result, JSON.stringify(result, null, 2));
  log('browser closed');
}

// The kernel's state and every code cell's prompt ('12', '*' or '').
async function state(page) {
  return { idle: await ui.kernelIdle(page), prompts: await ui.prompts(page) };
}

async function waitUntil(page, limit, what, condition) {
  const deadline = Date.now() + limit;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      const s = await state(page);
      throw new Error(`waited ${limit / SECOND} s for ${what}; kernel idle: ${s.idle}, prompts: ${JSON.stringify(s.prompts)}`);
    }
    await page.waitForTimeout(100);
  }
}

async function shoot(name, take) {
  try {
    await take();
    result.screenshots.push(name);
  } catch (error) {
    log(`screenshot ${name} failed: ${error.message}`);
  }
}
