// What differs between the two Jupyter UIs the course runs in: where things
// are in the page and how "run all above", "stop" and "is the kernel idle"
// are done. run.mjs uses only what is exported here.
//
// - notebook: the classic Jupyter Notebook 6 UI (Debian's jupyter-notebook);
//   this is what the tests drive on a Debian machine.
// - lab: JupyterLab 4 (what Binder gives students), written from JupyterLab
//   4's DOM: Lumino menus with data-command, toolbar buttons with
//   data-command, outputs with data-mime-type, kernel state in the status bar
//   (as JupyterLab's own Playwright helpers, galata, read it). Used when the
//   server's Python has JupyterLab.

const notebook = {
  url: (server, nb, token) => `${server}/notebooks/${encodePath(nb)}?token=${token}`,
  cellSelector: '#notebook-container .cell.code_cell',
  scroller: '#site',

  async waitForKernel(page, timeout) {
    await page.locator(this.cellSelector).first().waitFor({ timeout });
    await page.locator('#kernel_indicator_icon.kernel_idle_icon').waitFor({ state: 'attached', timeout });
  },
  kernelIdle: page => page.locator('#kernel_indicator_icon.kernel_idle_icon').count().then(n => n === 1),
  async runAllAbove(page) {
    await page.locator('#celllink').click();
    await page.locator('#run_all_cells_above > a').click();
  },
  interruptButton: page => page.locator('button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]'),
  editor: cell => cell.locator('.input_area'),
};

const lab = {
  url: (server, nb, token) => `${server}/lab/tree/${encodePath(nb)}?token=${token}`,
  cellSelector: '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell.jp-CodeCell',
  scroller: '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer',

  async waitForKernel(page, timeout) {
    await page.locator(this.cellSelector).first().waitFor({ timeout });
    await page.locator('#jp-main-statusbar').getByText('Idle').first().waitFor({ timeout });
  },
  kernelIdle: page => page.locator('#jp-main-statusbar').getByText('Idle').count().then(n => n > 0),
  async runAllAbove(page) {
    await page.locator('.lm-MenuBar .lm-MenuBar-itemLabel', { hasText: /^Run$/ }).click();
    await page.locator('.lm-Menu.lm-MenuBar-menu li[data-command="notebook:run-all-above"]').click();
  },
  interruptButton: page =>
    page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-NotebookPanel-toolbar button[data-command="notebook:interrupt-kernel"]'),
  editor: cell => cell.locator('.jp-InputArea-editor'),
};

// The operations run.mjs uses, the same for both UIs.
function withCommon(flavor, ui) {
  return {
    ...ui,
    codeCells: page => page.locator(ui.cellSelector),
    cell: (page, index) => page.locator(ui.cellSelector).nth(index),
    // Every code cell's prompt: '12' (ran), '*' (queued or running) or '' (never ran).
    prompts: page => page.locator(ui.cellSelector).evaluateAll((cells, flavor) => cells.map(cell => {
      const prompt = cell.querySelector(flavor === 'lab' ? '.jp-InputPrompt' : '.input_prompt');
      const match = /\[\s*(\d+|\*)?\s*\]/.exec(prompt?.textContent ?? '');
      return match ? (match[1] ?? '') : '';
    }), flavor),
    // Clicks into the cell's editor: the cell is selected (in edit mode, where
    // Ctrl+Enter runs it).
    async select(page, index) {
      const cell = page.locator(ui.cellSelector).nth(index);
      await cell.scrollIntoViewIfNeeded();
      await ui.editor(cell).click();
    },
    // What one code cell shows: its prompt, its outputs as text with their
    // kind, and the SVG pictures among them.
    async readCell(page, index) {
      const cell = page.locator(ui.cellSelector).nth(index);
      await cell.scrollIntoViewIfNeeded();
      if (flavor === 'lab') await settleLabOutputs(page, cell);
      return cell.evaluate(readCellInPage, flavor);
    },
    // The whole notebook in one picture: the viewport is made as tall as the
    // notebook's scroll area for the shot, then put back.
    async screenshotNotebook(page, file) {
      const viewport = page.viewportSize();
      const scroller = page.locator(ui.scroller).first();
      const extra = await scroller.evaluate(el => el.scrollHeight - el.clientHeight).catch(() => 0);
      await page.setViewportSize({ width: viewport.width, height: Math.min(viewport.height + extra, 12000) });
      await scroller.evaluate(el => el.scrollTo(0, 0)).catch(() => {});
      await page.waitForTimeout(300);
      try {
        await page.screenshot({ path: file });
      } finally {
        await page.setViewportSize(viewport);
      }
    },
  };
}

// JupyterLab renders text outputs only while they are on screen: scroll each
// output of the cell into view and give it a few frames.
async function settleLabOutputs(page, cell) {
  const outputs = cell.locator('.jp-OutputArea-output');
  for (let i = 0; i < await outputs.count(); i++) {
    await outputs.nth(i).scrollIntoViewIfNeeded();
    await page.waitForTimeout(50);
  }
}

// Runs in the page: one code cell, read the way a student sees it.
function readCellInPage(cell, flavor) {
  const lab = flavor === 'lab';
  const promptNode = cell.querySelector(lab ? '.jp-InputPrompt' : '.input_prompt');
  const match = /\[\s*(\d+|\*)?\s*\]/.exec(promptNode?.textContent ?? '');
  const kinds = lab
    ? { 'application/vnd.jupyter.stdout': 'stdout', 'application/vnd.jupyter.stderr': 'stderr',
        'text/plain': 'text', 'text/html': 'html', 'image/svg+xml': 'svg' }
    : { output_error: 'error', output_stderr: 'stderr', output_stdout: 'stdout',
        output_html: 'html', output_svg: 'svg', output_text: 'text' };
  const kindOf = node => {
    if (lab) return kinds[node.dataset.mimeType] ?? 'other';
    for (const [cls, kind] of Object.entries(kinds)) if (node.classList.contains(cls)) return kind;
    return 'other';
  };
  const describeSvg = (svg, box, inline) => ({
    inline,
    width: Math.round(box.width),
    height: Math.round(box.height),
    rects: svg.querySelectorAll('rect').length,
    texts: [...svg.querySelectorAll('text')].map(t => t.textContent.trim()).filter(Boolean),
  });
  const outputs = [];
  const svgs = [];
  for (const node of cell.querySelectorAll(lab ? '.jp-OutputArea-output' : '.output_subarea')) {
    outputs.push({ kind: kindOf(node), text: node.innerText });
    for (const svg of node.querySelectorAll('svg')) {
      if (!svg.parentElement.closest('svg')) svgs.push(describeSvg(svg, svg.getBoundingClientRect(), true));
    }
    // JupyterLab shows image/svg+xml as <img src="data:image/svg+xml,...">.
    for (const img of node.querySelectorAll('img[src^="data:image/svg+xml"]')) {
      const [head, data] = img.src.split(',', 2);
      const source = head.endsWith(';base64') ? atob(data) : decodeURIComponent(data);
      const svg = new DOMParser().parseFromString(source, 'image/svg+xml').documentElement;
      svgs.push(describeSvg(svg, img.getBoundingClientRect(), false));
    }
  }
  return {
    prompt: match ? (match[1] ?? '') : '',
    outputs,
    text: outputs.map(o => o.text).join('\n'),
    svgs,
  };
}

function encodePath(nb) {
  return nb.split('/').map(encodeURIComponent).join('/');
}

export const UIS = { notebook: withCommon('notebook', notebook), lab: withCommon('lab', lab) };
