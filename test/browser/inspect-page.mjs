// Opens an HTML file in Debian's chromium (headless, through puppeteer-core,
// which is ESM-only and so runs here rather than inside jest) and prints what
// a test needs to judge the page, as one JSON object on stdout:
//   node inspect-page.mjs FILE.html [SCREENSHOT.png]
// The checks themselves live in the jest test that runs this.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import puppeteer from 'puppeteer-core';

const [file, screenshot] = process.argv.slice(2);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-chromium-'));
const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
  ],
});
try {
  const page = await browser.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
  page.on('requestfailed', (q) => problems.push(`request failed: ${q.url()}`));
  page.on('request', (q) => requests.push(q.url()));
  await page.setViewport({ width: 1180, height: 1180 });
  const url = `file://${path.resolve(file)}`;
  await page.goto(url, { waitUntil: 'load' });

  const text = (sel) => page.$$eval(sel, (els) => els.map((el) => el.innerText));
  const visible = async (sel) => {
    const el = await page.$(sel);
    return el ? el.isVisible() : null;
  };
  const facts = {
    url,
    title: await page.title(),
    grid: await page.$$eval('table.grid tr', (rows) =>
      rows.map((row) => Array.from(row.querySelectorAll('th, td'), (c) => c.innerText.trim())),
    ),
    summary: (await text('.closing'))[0] ?? null,
    openFailures: await text('details.spec[open] .failure'),
    openFailureVisible: await visible('details.spec[open] .failure'),
    messages: await page.$$eval('details.spec[open] .msg', (els) =>
      els.map((el) => ({ side: el.classList.contains('sent') ? 'sent' : 'received', text: el.innerText })),
    ),
    fuzz: await text('details.spec[open] .fuzz'),
    // The received message the failing step stopped in, and the bytes marked in it and in the compare view.
    failing: await page.$$eval('details.spec[open] .msg.received.failing', (els) =>
      els.map((el) => ({
        note: el.querySelector('.failed-here')?.innerText ?? null,
        marked: Array.from(el.querySelectorAll('mark.diff'), (m) => m.innerText),
        border: getComputedStyle(el).borderTopColor,
      })),
    ),
    markColour: await page.$eval('mark.diff', (m) => getComputedStyle(m).backgroundColor).catch(() => null),
    compare: await page.$$eval('details.spec[open] .compare .side', (els) =>
      els.map((el) => ({
        title: el.querySelector('.side-title')?.innerText ?? '',
        hex: el.querySelector('pre')?.innerText ?? '',
        marked: Array.from(el.querySelectorAll('mark.diff'), (m) => m.innerText),
      })),
    ),
    // Each cut fuzzing made, with the kinds of the bubbles on either side of it.
    cuts: await page.$$eval('details.spec[open] .conversation .cut', (els) =>
      els.map((el) => {
        // The nearest message on each side (a step's line may sit between).
        const near = (step) => {
          let e = el[step];
          while (e && !e.classList.contains('msg')) e = e[step];
          return e ? e.className : null;
        };
        return {
          text: el.innerText,
          visible: el.getBoundingClientRect().height > 0,
          before: near('previousElementSibling'),
          after: near('nextElementSibling'),
        };
      }),
    ),
    passingVisible: await visible('details.spec.passed'),
  };
  await page.click('#failures-only');
  facts.passingVisibleWithFailuresOnly = await visible('details.spec.passed');
  await page.click('#failures-only');
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  facts.problems = problems;
  facts.requests = requests;
  process.stdout.write(`${JSON.stringify(facts)}\n`);
} finally {
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
