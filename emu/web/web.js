/* web.js: the page's behaviour: it drives the C core (ssem.js, WebAssembly) and draws; it computes nothing of the machine itself. */
'use strict';

(async function main() {
  const M = await SsemModule();
  const fn = (name, ret, args) => M.cwrap(name, ret, args);
  const C = {
    init: fn('web_init', 'number', []),
    engines: fn('web_engines', 'string', []),
    engine: fn('web_engine', 'string', []),
    summary: fn('web_engine_summary', 'string', []),
    setEngine: fn('web_set_engine', 'number', ['string']),
    assemble: fn('web_assemble', 'number', ['string', 'string']),
    diagnostics: fn('web_diagnostics', 'string', []),
    reset: fn('web_reset', 'number', []),
    run: fn('web_run', 'number', ['number']),
    reason: fn('web_reason', 'string', []),
    setRun: fn('web_set_run', null, ['number', 'number']),
    tick: fn('web_tick', 'number', ['number', 'number']),
    kc: fn('web_kc', 'number', []),
    step: fn('web_step', 'number', ['number']),
    back: fn('web_back', 'number', ['number']),
    toggleBreak: fn('web_break', 'number', ['number']),
    breaks: fn('web_breaks', 'number', []),
    srcLine: fn('web_src_line', 'number', ['number']),
    storeLine: fn('web_store_line', 'number', ['number']),
    where: fn('web_where', 'string', []),
    toggleL: fn('web_toggle_l', null, ['number']),
    toggleF: fn('web_toggle_f', null, ['number']),
    setManual: fn('web_set_manual', null, ['number']),
    setErase: fn('web_set_erase', null, ['number']),
    setDisplay: fn('web_set_display', null, ['number']),
    type: fn('web_type', 'number', ['number']),
    holdKey: fn('web_hold_key', null, ['number']),
    clear: fn('web_clear', null, ['number']),
    setSpeed: fn('web_set_speed', null, ['number', 'number']),
    panel: fn('web_panel_json', 'string', []),
    crtLine: fn('web_crt_line', 'number', ['number']),
    state: fn('web_state_json', 'string', []),
    tjson: fn('web_shadow_json', 'string', []),
    ijson: fn('web_interp_json', 'string', []),
    agree: fn('web_agree', 'number', []),
    why: fn('web_why', 'string', []),
    vstate: fn('web_vstate', 'string', []),
  };
  const $ = (id) => document.getElementById(id);
  const now = () => performance.now() / 1000;
  const stats = $('stats');
  const nengines = C.init();
  if (nengines < 0) {
    stats.textContent = 'the engine registry is broken in this build';
    return;
  }

  /* --- examples and engines ------------------------------------------------ */
  const examples = M.FS.readdir('/examples').filter((f) => f.endsWith('.s')).sort();
  for (const f of examples) {
    const o = document.createElement('option');
    o.value = f.slice(0, -2);
    o.textContent = f.slice(0, -2);
    $('example').append(o);
  }
  for (const e of C.engines().split(',')) {
    const o = document.createElement('option');
    o.value = o.textContent = e;
    $('engine').append(o);
  }
  const exampleSource = (name) => M.FS.readFile('/examples/' + name + '.s', { encoding: 'utf8' });

  /* --- the editor and the assembler's diagnostics -------------------------- */
  const editor = $('editor');
  const gutter = $('gutter');
  let fileName = 'source.s';
  let diags = [];          /* {line, col, severity, message} */
  let errorsAt = new Map();

  function parseDiagnostics(text) {
    const out = [];
    const re = /^[^\n]*?:(\d+):(?:(\d+):)? (error|warning|note): (.*)$/gm;
    let m;
    while ((m = re.exec(text)) !== null)
      out.push({ line: +m[1], col: +(m[2] || 0), severity: m[3], message: m[4] });
    return out;
  }

  function drawGutter() {
    const lines = editor.value.split('\n').length;
    const bpSrc = new Set();
    const mask = C.breaks() >>> 0;
    for (let n = 0; n < 32; n++)
      if (mask & (1 << n)) bpSrc.add(C.srcLine(n));
    const p = panel();
    const nextSrc = C.srcLine(((p.ci + 1) >>> 0) % 32);
    let html = '';
    for (let i = 1; i <= lines; i++) {
      const d = errorsAt.get(i);
      const cls = ['ln'];
      if (d) cls.push(d.severity);
      if (bpSrc.has(i)) cls.push('bp');
      if (i === nextSrc) cls.push('next');
      const title = d ? ' title="' + escapeHtml(d.message) + '"' : '';
      html += '<span class="' + cls.join(' ') + '" data-line="' + i + '"' + title + '>' + i + '</span>\n';
    }
    gutter.innerHTML = html;
    gutter.scrollTop = editor.scrollTop;
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  }

  function showDiagnostics() {
    const list = $('diagnostics');
    list.innerHTML = '';
    errorsAt = new Map();
    for (const d of diags) {
      if (!errorsAt.has(d.line) || d.severity === 'error') errorsAt.set(d.line, d);
      const li = document.createElement('li');
      li.className = d.severity;
      li.dataset.line = d.line;
      li.textContent = fileName + ':' + d.line + (d.col ? ':' + d.col : '') + ': ' + d.severity + ': ' + d.message;
      li.addEventListener('click', () => goToLine(d.line));
      list.append(li);
    }
    drawGutter();
  }

  function goToLine(n) {
    const lines = editor.value.split('\n');
    let pos = 0;
    for (let i = 0; i < n - 1 && i < lines.length; i++) pos += lines[i].length + 1;
    editor.focus();
    editor.setSelectionRange(pos, pos + (lines[n - 1] || '').length);
    const lh = parseFloat(getComputedStyle(editor).lineHeight) || 16;
    editor.scrollTop = Math.max(0, (n - 5) * lh);
  }

  /* Assemble the editor's text; on success the machine is loaded with it. */
  function assemble() {
    stop();
    const errors = C.assemble(editor.value, fileName);
    diags = parseDiagnostics(C.diagnostics());
    showDiagnostics();
    $('asm-status').textContent = errors ? errors + ' error' + (errors > 1 ? 's' : '') + ', not loaded'
                                         : 'loaded ' + fileName + (diags.length ? ' (with warnings)' : '');
    $('asm-status').className = errors ? 'bad' : 'good';
    render(true);
    return errors === 0;
  }

  function loadExample(name) {
    fileName = name + '.s';
    editor.value = exampleSource(name);
    $('example').value = name;
    return assemble();
  }

  editor.addEventListener('scroll', () => { gutter.scrollTop = editor.scrollTop; });
  editor.addEventListener('input', () => drawGutter());
  editor.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      assemble();
    }
  });
  gutter.addEventListener('click', (e) => {
    const t = e.target.closest('[data-line]');
    if (!t) return;
    const n = C.storeLine(+t.dataset.line);
    if (n >= 0) {
      C.toggleBreak(n);
      render(true);
    }
  });

  /* --- the CRT ---------------------------------------------------------------- */
  const crt = $('crt');
  const g = crt.getContext('2d');
  const CRT = { left: 56, top: 18, right: 14, bottom: 14 };
  const cellW = (crt.width - CRT.left - CRT.right) / 32;
  const cellH = (crt.height - CRT.top - CRT.bottom) / 32;
  const rowsShown = [32, 1, 2];     /* Sc, A, C */

  /* Williams-tube style: a 1 is a dash, a 0 a dot, bit 0 on the left. */
  function drawCrt(p) {
    g.fillStyle = '#000';
    g.fillRect(0, 0, crt.width, crt.height);
    const grad = g.createRadialGradient(crt.width / 2, crt.height / 2, 40, crt.width / 2, crt.height / 2, crt.width / 1.4);
    grad.addColorStop(0, 'rgba(20, 60, 30, 0.35)');
    grad.addColorStop(1, 'rgba(0, 0, 0, 0)');
    g.fillStyle = grad;
    g.fillRect(0, 0, crt.width, crt.height);
    const mask = C.breaks() >>> 0;
    const next = ((p.ci + 1) >>> 0) % 32;
    g.font = '10px monospace';
    g.textBaseline = 'middle';
    for (let r = 0; r < 32; r++) {
      const y = CRT.top + r * cellH + cellH / 2;
      if (p.display === 0) {
        g.fillStyle = '#355';
        g.fillText(String(r).padStart(2, ' '), 20, y);
        if (mask & (1 << r)) {
          g.fillStyle = '#e33';
          g.beginPath();
          g.arc(10, y, 4, 0, 2 * Math.PI);
          g.fill();
        }
        if (r === next && !p.lamp) {
          g.fillStyle = '#dd4';
          g.fillText('\u25b6', 38, y);
        }
      }
      if (r >= rowsShown[p.display]) continue;
      const w = C.crtLine(r) >>> 0;
      g.shadowColor = 'rgba(90, 255, 130, 0.9)';
      g.shadowBlur = 6;
      g.fillStyle = '#b4ffc4';
      for (let b = 0; b < 32; b++) {
        const x = CRT.left + b * cellW + cellW / 2;
        if ((w >>> b) & 1) g.fillRect(x - cellW * 0.36, y - 1.6, cellW * 0.72, 3.2);
        else g.fillRect(x - 1.6, y - 1.6, 3.2, 3.2);
      }
      g.shadowBlur = 0;
    }
  }

  crt.addEventListener('click', (e) => {
    const box = crt.getBoundingClientRect();
    const x = (e.clientX - box.left) * crt.width / box.width;
    const y = (e.clientY - box.top) * crt.height / box.height;
    const r = Math.floor((y - CRT.top) / cellH);
    if (x < CRT.left && r >= 0 && r < 32) {
      C.toggleBreak(r);
      render(true);
    }
  });

  /* --- the panel ---------------------------------------------------------------- */
  const panel = () => JSON.parse(C.panel());
  const DISPLAY = ['show-s', 'show-a', 'show-c'];

  for (let i = 0; i < 5; i++) makeSwitch('lsw', 'L' + (1 << i), () => C.toggleL(i), 'l' + i);
  for (let i = 0; i < 3; i++) makeSwitch('fsw', 'F' + (13 + i), () => C.toggleF(i), 'f' + i);
  function makeSwitch(parent, label, act, id) {
    const b = document.createElement('button');
    b.className = 'toggle';
    b.id = 'sw-' + id;
    b.title = label;
    b.textContent = label;
    b.addEventListener('click', () => { act(); render(true); });
    $(parent).append(b);
  }
  /* 40 buttons in 8 columns of 5, numbered down each column; 32-39 are not connected. */
  for (let col = 0; col < 8; col++) {
    const c = document.createElement('div');
    c.className = 'tcol';
    for (let k = 0; k < 5; k++) {
      const n = col * 5 + k;
      const b = document.createElement('button');
      b.className = 'tkey' + (n >= 32 ? ' dead' : '');
      b.id = 'type-' + n;
      b.textContent = n;
      b.addEventListener('mousedown', () => {
        if ($('hold').checked) C.holdKey(n);
        else C.type(n);
        render(true);
      });
      b.addEventListener('mouseup', () => { if ($('hold').checked) { C.holdKey(-1); render(true); } });
      b.addEventListener('mouseleave', () => { if ($('hold').checked) C.holdKey(-1); });
      c.append(b);
    }
    $('typewriter').append(c);
  }

  let running = false;
  let ranThisRun = 0;
  let runStart = 0;
  let frameCap = 1 << 18;

  function setRun(on) {
    C.setRun(on ? 1 : 0, now());
    running = on;
    if (on) {
      ranThisRun = 0;
      runStart = now();
      frameCap = 1 << 18;
      requestAnimationFrame(frame);
    }
    render(true);
  }
  function stop() { if (running) setRun(false); }

  const actions = {
    run: () => setRun(!panel().run),
    kc: () => { C.kc(); render(true); },
    manual: () => { C.setManual(panel().manual ? 0 : 1); render(true); },
    erase: () => { C.setErase(panel().erase ? 0 : 1); render(true); },
    klc: () => { C.clear(0); render(true); },
    ksc: () => { C.clear(1); render(true); },
    kac: () => { C.clear(2); render(true); },
    kcc: () => { C.clear(3); render(true); },
    step: () => { stop(); C.step(1); render(true); },
    back: () => { stop(); C.back(1); render(true); },
    reset: () => { stop(); C.reset(); render(true); },
    assemble: () => assemble(),
  };
  for (const [id, act] of Object.entries(actions)) $(id).addEventListener('click', act);
  DISPLAY.forEach((id, d) => $(id).addEventListener('click', () => { C.setDisplay(d); render(true); }));

  $('example').addEventListener('change', (e) => { if (e.target.value) loadExample(e.target.value); });
  $('engine').addEventListener('change', (e) => { C.setEngine(e.target.value); render(true); });
  $('speed').addEventListener('change', (e) => { C.setSpeed(+e.target.value, now()); });

  document.addEventListener('keydown', (e) => {
    const inEditor = e.target === editor;
    const fkeys = { F5: 'run', F10: 'kc', F6: 'manual', F7: 'erase', F3: 'kac', F4: 'kcc' };
    let act = fkeys[e.key];
    if (e.key === 'F2') act = e.shiftKey ? 'ksc' : 'klc';
    if (!act && !inEditor && !e.ctrlKey && !e.metaKey && !e.altKey) {
      const k = e.key.toLowerCase();
      if (k === 'n') act = 'step';
      else if (k === 'p') act = 'back';
      else if (k === 's' || k === 'a' || k === 'c') {
        C.setDisplay('sac'.indexOf(k));
        render(true);
        e.preventDefault();
        return;
      } else if (k === 'b') {
        C.toggleBreak(((panel().ci + 1) >>> 0) % 32);
        render(true);
        e.preventDefault();
        return;
      }
    }
    if (act) {
      e.preventDefault();
      actions[act]();
    }
  });

  /* --- the run loop: the panel model says how many cycles are due -------------- */
  function frame() {
    if (!running) return;
    const t0 = performance.now();
    const n = C.tick(now(), frameCap);
    const ms = performance.now() - t0;
    if (n < 0) {
      stats.textContent = 'internal error: ' + C.why();
      running = false;
    } else {
      ranThisRun += n;
      /* As fast as possible: keep a frame near 12 ms of work. */
      if (n >= frameCap && ms < 8) frameCap = Math.min(frameCap * 2, 1 << 26);
      else if (ms > 16 && frameCap > 1024) frameCap = Math.floor(frameCap / 2);
      const p = panel();
      if (!p.run || p.lamp) running = false;   /* at STP the switch stays at RUN, as on the machine */
      const secs = now() - runStart;
      stats.textContent = ranThisRun.toLocaleString('en') + ' steps in ' + secs.toFixed(2) + ' s' +
        (secs > 0 ? ' (' + Math.round(ranThisRun / secs).toLocaleString('en') + ' a second)' : '') +
        (running ? '' : ', ' + C.reason());
    }
    render(!running);
    if (running) requestAnimationFrame(frame);
  }

  /* --- drawing ------------------------------------------------------------------ */
  let lastLecture = 0;
  function render(full) {
    const p = panel();
    drawCrt(p);
    $('lamp').classList.toggle('lit', p.lamp);
    $('run').textContent = p.run ? 'RUN' : 'STOP';
    $('run').classList.toggle('on', p.run);
    $('manual').textContent = p.manual ? 'MANUAL' : 'AUTO';
    $('manual').classList.toggle('on', p.manual);
    $('erase').textContent = p.erase ? 'ERASE' : 'WRITE';
    $('erase').classList.toggle('on', p.erase);
    DISPLAY.forEach((id, d) => $(id).classList.toggle('on', p.display === d));
    for (let i = 0; i < 5; i++) $('sw-l' + i).classList.toggle('on', !!(p.l & (1 << i)));
    for (let i = 0; i < 3; i++) $('sw-f' + i).classList.toggle('on', !!(p.f & (1 << i)));
    for (let n = 0; n < 40; n++) $('type-' + n).classList.toggle('held', p.key === n);
    $('regs').textContent =
      'CI ' + p.ci + ' (line ' + (p.ci % 32) + ')   PI ' + hex(p.pi) + '   A ' + (p.a | 0) +
      '   action line ' + p.action + '   steps ' + p.steps.toLocaleString('en') +
      (p.normal ? '' : '   (switches off normal)');
    $('where').textContent = C.where();
    const t = performance.now();
    if (full || t - lastLecture > 250) {
      lastLecture = t;
      drawGutter();
      drawLecture();
    }
  }
  const hex = (w) => '0x' + (w >>> 0).toString(16).padStart(8, '0');

  function stateText(s, other) {
    let out = 'CI     ' + s.ci + '\nA      ' + (s.a | 0) + '\nsteps  ' + s.steps + '\nhalted ' + s.halted + '\n';
    s.store.forEach((w, i) => {
      const mark = other && other.store[i] !== w ? '  *' : '';
      out += String(i).padStart(2) + ' ' + hex(w) + ' ' + String(w | 0).padStart(11) + mark + '\n';
    });
    return out;
  }
  function drawLecture() {
    const t = JSON.parse(C.tjson());
    const v = JSON.parse(C.ijson());
    $('tstate').textContent = stateText(t, v);
    $('istate').textContent = stateText(v, t);
    const ok = C.agree();
    $('agree').textContent = ok ? '= T' : '\u2260 T: ' + C.why();
    $('agree').className = 'agree ' + (ok ? 'good' : 'bad');
    const raw = C.vstate().split('\n');
    $('vname').textContent = C.engine() + ', ' + raw[0] + ' bytes of context';
    $('vsummary').textContent = C.summary();
    $('vstate').textContent = raw.slice(1).map((r, i) => String(i * 32).padStart(4) + ': ' + r).join('\n');
  }

  /* --- the contract a script checks ------------------------------------------ *
   * ?example=NAME or ?src=SOURCE, &run=1, optional &steps=N and &engine=NAME:
   * assemble, run to STP (or N steps) as fast as possible, and put ssememu
   * --dump=json's line into #ssem-state. */
  async function runContract(q) {
    const limit = q.has('steps') ? Number(q.get('steps')) : Infinity;
    const t0 = performance.now();
    let ran = 0;
    while (ran < limit) {
      const n = C.run(Math.min(limit - ran, 1 << 24));
      if (n < 0) throw new Error(C.why());
      ran += n;
      if (n === 0 || C.reason() !== 'step') break;
      if (performance.now() - t0 > 100) await new Promise((r) => setTimeout(r, 0));
    }
    const ms = performance.now() - t0;
    const box = $('ssem-state');
    box.textContent = C.state();
    box.dataset.steps = ran;
    box.dataset.ms = ms.toFixed(1);
    stats.textContent = ran.toLocaleString('en') + ' steps in ' + (ms / 1000).toFixed(3) + ' s (' +
      Math.round(ran / (ms / 1000 || 1e-9)).toLocaleString('en') + ' a second, ' + C.engine() + ')';
    render(true);
  }

  const q = new URLSearchParams(location.search);
  if (q.has('engine') && C.setEngine(q.get('engine')) !== 0)
    stats.textContent = 'unknown engine ' + q.get('engine');
  $('engine').value = C.engine();
  let loaded;
  if (q.has('src')) {
    fileName = 'source.s';
    editor.value = q.get('src');
    loaded = assemble();
  } else {
    loaded = loadExample(q.get('example') || 'hfr');
  }
  if (!q.has('src') || q.get('example')) $('example').value = q.get('example') || 'hfr';
  if (q.get('run') === '1' && loaded) {
    await runContract(q);
  } else {
    if (q.get('run') === '1') $('ssem-state').dataset.error = 'the source does not assemble';
    stats.textContent = 'ready: ' + nengines + ' engines, ' + examples.length + ' examples';
    render(true);
  }
  /* For tests and the curious: the state without the contract's element. */
  window.ssem = {
    state: () => C.state(), panel, diagnostics: () => diags,
    crt: (r) => C.crtLine(r) >>> 0, render: () => render(true),
  };
  document.body.dataset.ready = '1';
})();
