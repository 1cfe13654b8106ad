// run.mjs: make check-web: the page in Debian's headless Chromium, compared with ssememu, from file:// and served.
//
// Environment (set by emu/web/web.mk): SSEM_BIN (ssememu's folder), SSEM_WEB
// (build/web), SSEM_CHROMIUM (the browser). SSEM_WEB_FILTER=text runs only
// the tests whose name contains it. Screenshots go to SSEM_SHOTS (default
// build/web/shots; `make web-screenshots` points it at docs/img/ for the README).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const top = path.resolve(here, '../..');
const bin = process.env.SSEM_BIN || path.join(top, 'build/bin');
const web = process.env.SSEM_WEB || path.join(top, 'build/web');
const filter = process.env.SSEM_WEB_FILTER || '';
const chromium = execFileSync('sh', ['-c', 'command -v "$0"', process.env.SSEM_CHROMIUM || 'chromium'])
  .toString().trim();
const SPEED_LIMIT_MS = 1000;

/* ssememu's JSON line for a source (file or text), with extra options. */
function ssememu(file, ...opts) {
  try {
    return execFileSync(path.join(bin, 'ssememu'), ['--dump=json', ...opts, file]).toString().trim();
  } catch (e) {
    if (e.stdout && e.stdout.length) return e.stdout.toString().trim();   // exit 3: step limit
    throw e;
  }
}
const example = (name) => path.join(top, 'examples', name + '.s');

/* --- the browser and a server on 127.0.0.1 ---------------------------------------- */
const profile = mkdtempSync(path.join(os.tmpdir(), 'ssem-chromium-'));
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  userDataDir: profile,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = http.createServer((req, res) => {
  const p = path.join(web, path.normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)));
  try {
    const body = readFileSync(p.endsWith('/') ? p + 'index.html' : p);
    res.writeHead(200, { 'content-type': types[path.extname(p)] || 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const served = `http://127.0.0.1:${server.address().port}/index.html`;
const fileUrl = pathToFileURL(path.join(web, 'index.html')).href;

/* --- a tiny harness ------------------------------------------------------------------ */
let passed = 0, failed = 0;
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
function expectEqual(got, want, what) {
  if (got !== want) throw new Error(`${what}:\n   got  ${got}\n   want ${want}`);
}
function expect(cond, what) {
  if (!cond) throw new Error(what);
}

async function open(url) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
  return page;
}
async function contract(base, query) {
  const page = await open(base + '?' + query);
  await page.waitForFunction(() => document.getElementById('ssem-state').textContent.length > 0,
                             { timeout: 30000 });
  const r = await page.$eval('#ssem-state', (e) => ({ text: e.textContent, ms: +e.dataset.ms }));
  r.stats = await page.$eval('#stats', (e) => e.textContent);
  r.errors = page.errors;
  await page.close();
  return r;
}
const state = (page) => page.evaluate(() => window.ssem.state());
const panel = (page) => page.evaluate(() => window.ssem.panel());

/* --- the contract: ?example=NAME&run=1 ------------------------------------------------ */
for (const name of ['hfr35', 'gcd', 'hcf', 'longdiv', 'intdiv', 'primes', 'parabola', 'fibonacci', 'multiply', 'sqrt', 'noodle']) {
  test(`file:// ?example=${name}&run=1 equals ssememu --dump=json`, async () => {
    const r = await contract(fileUrl, `example=${name}&run=1`);
    expectEqual(r.text, ssememu(example(name)), name);
    expectEqual(r.errors.length, 0, 'page errors ' + r.errors.join('; '));
  });
}
test('file:// ?example=nightmare&run=1&steps=5000 equals ssememu -n 5000', async () => {
  const r = await contract(fileUrl, 'example=nightmare&run=1&steps=5000');
  expectEqual(r.text, ssememu(example('nightmare'), '-n', '5000'), 'nightmare');
});
test('file:// ?src=...&run=1 equals ssememu on the same source', async () => {
  const src = '; three minus five\n        LDN five\n        SUB three\n        STO out\n        STP\nfive:   NUM 5\nthree:  NUM 3\nout:    NUM 0\n';
  const tmp = path.join(profile, 'src.s');
  writeFileSync(tmp, src);
  const r = await contract(fileUrl, 'src=' + encodeURIComponent(src) + '&run=1');
  expectEqual(r.text, ssememu(tmp), 'src');
});
for (const engine of ['reference', 'seed', 'switch-predecoded', 'call', 'goto']) {
  test(`engine ${engine}: hfr989 equals ssememu`, async () => {
    const r = await contract(fileUrl, `example=hfr989&run=1&engine=${engine}`);
    expectEqual(r.text, ssememu(example('hfr989')), engine);
    expect(r.stats.includes(engine), 'stats name the engine: ' + r.stats);
  });
}
test('served over http://127.0.0.1: ?example=hcf&run=1 equals ssememu', async () => {
  const r = await contract(served, 'example=hcf&run=1');
  expectEqual(r.text, ssememu(example('hcf')), 'served');
});
test(`speed: Kilburn's 2^18 (hfr, 2,097,154 steps) in under ${SPEED_LIMIT_MS} ms`, async () => {
  const r = await contract(fileUrl, 'example=hfr&run=1');
  expectEqual(r.text, ssememu(example('hfr')), 'hfr');
  console.log(`     hfr: ${r.ms} ms in the page; its stats say: ${r.stats}`);
  expect(r.ms < SPEED_LIMIT_MS, `took ${r.ms} ms`);
});

/* --- the panel ------------------------------------------------------------------------- */
test('STOP/RUN clicked runs hfr35 to STP, the lamp lights, 7 appears in line 27', async () => {
  const page = await open(fileUrl + '?example=hfr35');
  await page.select('#speed', '0');
  await page.click('#run');
  await page.waitForFunction(() => window.ssem.panel().lamp, { timeout: 20000 });
  expectEqual(await state(page), ssememu(example('hfr35')), 'state');
  expect(await page.$eval('#lamp', (e) => e.classList.contains('lit')), 'the lamp is lit');
  expectEqual(JSON.parse(await state(page)).store[27], 7, 'line 27');
  await page.close();
});
test('F5 runs and stops at 700 a second; F10 (KC) steps one at a stop', async () => {
  const page = await open(fileUrl + '?example=hfr989');
  await page.keyboard.press('F5');
  expectEqual((await panel(page)).run, true, 'F5: RUN');
  await new Promise((r) => setTimeout(r, 500));
  await page.keyboard.press('F5');
  const p = await panel(page);
  expectEqual(p.run, false, 'F5 again: STOP');
  expect(p.steps > 0 && p.steps < 2000, `ran at about 700 a second: ${p.steps} steps in 0.5 s`);
  await page.keyboard.press('F10');
  expectEqual((await panel(page)).steps, p.steps + 1, 'F10 is KC');
  expectEqual(await state(page), ssememu(example('hfr989'), '-n', String(p.steps + 1)), 'state');
  await page.close();
});
test('KC three times equals ssememu -n 3; KC steps past an STP', async () => {
  const page = await open(fileUrl + '?example=hfr35');
  for (let i = 0; i < 3; i++) await page.click('#kc');
  expectEqual(await state(page), ssememu(example('hfr35'), '-n', '3'), 'three KCs');
  await page.select('#speed', '0');
  await page.click('#run');
  await page.waitForFunction(() => window.ssem.panel().lamp, { timeout: 20000 });
  await page.click('#kc');   // the run switch went back to STOP? KC needs STOP
  let p = await panel(page);
  if (p.run) {
    await page.click('#run');
    await page.click('#kc');
    p = await panel(page);
  }
  expectEqual(p.lamp, false, 'the lamp went out');
  expectEqual(p.steps, 505, 'one step past the STP');
  await page.close();
});
test('step back: five steps forwards and two back equals ssememu -n 3', async () => {
  const page = await open(fileUrl + '?example=gcd');
  for (let i = 0; i < 5; i++) await page.click('#step');
  await page.click('#back');
  await page.keyboard.press('p');
  expectEqual(await state(page), ssememu(example('gcd'), '-n', '3'), 'state');
  await page.close();
});
test('a breakpoint set in the gutter stops the run before that line', async () => {
  const page = await open(fileUrl + '?example=hfr35');
  const src = await page.$eval('#editor', (e) => e.value.split('\n'));
  const line = src.findIndex((l) => /^\s*again:/.test(l)) + 1;
  expect(line > 0, 'hfr35.s has a line again:');
  await page.click(`#gutter [data-line="${line}"]`);
  expect(await page.$eval(`#gutter [data-line="${line}"]`, (e) => e.classList.contains('bp')), 'marked');
  await page.select('#speed', '0');
  await page.click('#run');
  await page.waitForFunction(() => !window.ssem.panel().run, { timeout: 20000 });
  const p = await panel(page);
  const next = (p.ci + 1) % 32;
  const want = await page.evaluate(() => document.querySelector('#gutter .next')?.dataset.line);
  expectEqual(Number(want), line, 'the next line is the breakpoint line');
  expect(!p.lamp && p.steps > 0, `stopped at a break (line ${next}, ${p.steps} steps)`);
  expectEqual(await state(page), ssememu(example('hfr35'), '-n', String(p.steps)), 'state');
  await page.close();
});
test('diagnostics appear at their lines for a bad source', async () => {
  const src = '        LDN five\n        STO out\n        FOO 3\nfive:   NUM 5\n        SUB nowhere\n';
  const page = await open(fileUrl + '?src=' + encodeURIComponent(src) + '&run=1');
  expectEqual(await page.$eval('#ssem-state', (e) => e.textContent), '', 'no state for a bad source');
  expect(await page.$eval('#ssem-state', (e) => e.dataset.error), 'the contract says why');
  for (const line of [3, 5]) {
    expect(await page.$(`#gutter [data-line="${line}"].error`), `gutter line ${line} marked`);
    expect(await page.$(`#diagnostics li[data-line="${line}"]`), `a diagnostic for line ${line}`);
  }
  expect(!(await page.$('#gutter [data-line="1"].error')), 'line 1 is fine');
  const text = await page.$eval('#diagnostics', (e) => e.textContent);
  expect(/source\.s:3:\d+: error: .*FOO/i.test(text), 'the message names FOO: ' + text);
  await page.close();
});
test('the editor: typing a program and assembling it loads it', async () => {
  const page = await open(fileUrl + '?example=hfr35');
  await page.$eval('#editor', (e) => { e.value = ''; });
  await page.type('#editor', '  NUM 0\n  LDN 5\n  STO 6\n  STP\n  NUM 0\n  NUM -9\n');
  await page.click('#assemble');
  await page.select('#speed', '0');
  await page.click('#run');
  await page.waitForFunction(() => window.ssem.panel().lamp, { timeout: 20000 });
  expectEqual(JSON.parse(await state(page)).store[6], 9, 'line 6');
  await page.close();
});
test('typewriter and clear keys: KCC, KSC, write bits 0 and 5 into the action line, ERASE, KLC', async () => {
  const page = await open(fileUrl + '?example=hfr35');
  await page.click('#kc');   // LDN: A, CI and PI are not 0 now
  const k = await panel(page);
  expect(k.ci && k.a && k.pi, 'KC ran the first instruction: ' + JSON.stringify(k));
  await page.keyboard.press('F4');
  const q = await panel(page);
  expectEqual([q.ci, q.a, q.pi].join(), '0,0,0', 'KCC (F4) cleared CI, A and PI');
  await page.click('#ksc');
  expect(JSON.parse(await state(page)).store.every((w) => w === 0), 'KSC cleared the store');
  await page.click('#type-0');
  await page.click('#type-5');
  await page.click('#type-33');   // not connected
  const p = await panel(page);
  expectEqual(JSON.parse(await state(page)).store[p.action], 33, 'bits 0 and 5 of the action line');
  await page.click('#erase');
  await page.click('#type-0');
  expectEqual(JSON.parse(await state(page)).store[p.action], 32, 'ERASE clears bit 0');
  await page.keyboard.press('F2');
  expectEqual(JSON.parse(await state(page)).store[p.action], 0, 'KLC (F2) clears the action line');
  await page.close();
});
test('a program typed on the typewriter (MANUAL, L switches at its line) runs with KC', async () => {
  const page = await open(fileUrl + '?example=hfr35');
  await page.click('#ksc');
  await page.click('#manual');
  for (const i of [1, 2, 3, 4]) await page.click('#sw-l' + i);   // L = 1: line 1
  for (const b of [13, 14, 15]) await page.click('#type-' + b);  // STP
  expectEqual(JSON.parse(await state(page)).store[1], 0xe000, 'line 1 holds STP');
  for (const i of [1, 2, 3, 4]) await page.click('#sw-l' + i);   // every L switch at 1 again
  await page.click('#manual');                                    // AUTO
  await page.click('#kcc');
  await page.keyboard.press('F10');
  const p = await panel(page);
  expect(p.lamp && p.ci === 1 && p.pi === 0xe000, 'KC ran the STP on line 1: ' + JSON.stringify(p));
  await page.close();
});
test('MANUAL: KC executes the instruction on the switches (LDN 1); KAC clears A', async () => {
  const page = await open(fileUrl + '?example=hfr35');
  await page.click('#manual');
  // the switches start at line 31, function 7 (STP): make them LDN 1 (L = 1, F = 2)
  for (const i of [1, 2, 3, 4]) await page.click('#sw-l' + i);
  await page.click('#sw-f0');
  await page.click('#sw-f2');
  const before = JSON.parse(await state(page));
  expect(before.store[1] !== 0, 'line 1 holds a word');
  await page.click('#kc');
  const after = JSON.parse(await state(page));
  expectEqual(after.a, (-before.store[1]) >>> 0, 'A = -S[1]');
  expectEqual(after.store.join(), before.store.join(), 'the store is untouched');
  await page.click('#kac');
  expectEqual(JSON.parse(await state(page)).a, 0, 'KAC cleared A');
  await page.close();
});
test('the display selector: A and C show one and two lines', async () => {
  const page = await open(fileUrl + '?example=hfr35&run=1');
  await page.keyboard.press('a');
  expectEqual((await panel(page)).display, 1, 'A');
  await page.click('#show-c');
  expectEqual((await panel(page)).display, 2, 'C');
  const lines = await page.evaluate(() => [0, 1, 2].map((r) => window.ssem.crt(r)));
  const p = await panel(page);
  expectEqual(lines.join(), [p.ci, p.pi, 0].join(), 'CI, PI, blank');
  await page.close();
});
test('the lecture view: interp(V) equals T for every engine after a run', async () => {
  const page = await open(fileUrl + '?example=hfr989');
  for (const engine of ['seed', 'call', 'goto', 'switch-predecoded', 'reference']) {
    await page.select('#engine', engine);
    await page.click('#reset');
    for (let i = 0; i < 7; i++) await page.click('#step');
    await page.select('#speed', '0');
    await page.click('#run');
    await page.waitForFunction(() => window.ssem.panel().lamp, { timeout: 20000 });
    await page.evaluate(() => window.ssem.render());
    expectEqual(await page.$eval('#agree', (e) => e.textContent), '= T', engine);
    expect((await page.$eval('#vname', (e) => e.textContent)).startsWith(engine), 'V names the engine');
    expectEqual(await page.$eval('#istate', (e) => e.textContent),
                await page.$eval('#tstate', (e) => e.textContent), 'T and interp(V) shown alike');
  }
  await page.close();
});

/* --- screenshots for the README ------------------------------------------------------- */
test('screenshots: Kilburn\'s result, and the T and V view', async () => {
  const page = await open(fileUrl + '?example=hfr&run=1');
  await page.waitForFunction(() => document.getElementById('ssem-state').textContent.length > 0);
  await page.setViewport({ width: 1400, height: 1000 });
  await page.evaluate(() => window.ssem.render());
  const dir = process.env.SSEM_SHOTS || path.join(web, 'shots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, 'web-hfr.png') });
  const lecture = await page.$('#lecture');
  await lecture.screenshot({ path: path.join(dir, 'web-lecture.png') });
  await page.close();
});

/* --- run --------------------------------------------------------------------------------- */
for (const t of tests) {
  if (filter && !t.name.includes(filter)) continue;
  try {
    await t.fn();
    passed++;
    console.log('ok   ' + t.name);
  } catch (e) {
    failed++;
    console.log('FAIL ' + t.name + '\n     ' + String(e.stack || e).split('\n').join('\n     '));
  }
}
await browser.close();
server.close();
rmSync(profile, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
