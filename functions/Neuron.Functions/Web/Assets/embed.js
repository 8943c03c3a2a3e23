/*
 * Neuron "Run" widget. On a page:
 *   <script src="https://<neuron>/embed.js" data-key="pk_…" defer></script>
 *   <pre><code class="language-python" data-neuron data-stdin="…" data-expected="…">print("hi")</code></pre>
 * every <code data-neuron> becomes an editable snippet with a Run button; data-time-ms and data-memory-mb ask for
 * other limits than the language's defaults (a plot takes longer than a print). The API is the origin of this script's src.
 * The page's own <pre><code> stays on show, as the page (and its highlighter, Prism or highlight.js) rendered it:
 * an edit goes to a transparent textarea laid over it and is re-highlighted there (snippet-editor below).
 * Also exposes window.Neuron.client(), the API client the playground page shares.
 */
(() => {
  'use strict';

  const VERDICTS = {
    ok: 'OK', wrong_answer: 'Wrong answer', compile_error: 'Compile error', runtime_error: 'Runtime error',
    time_limit: 'Time limit exceeded', memory_limit: 'Memory limit exceeded', output_limit: 'Output limit exceeded',
    internal_error: 'Internal error',
  };
  const FINAL = ['completed', 'failed'];
  const SESSION_RETRIES = 8;

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

  /** A failure the user can act on: kind is network | refused | auth | quota | rate | server | invalid. */
  class RunError extends Error {
    constructor(kind, message, status, retryAfter) {
      super(message);
      this.kind = kind;
      this.status = status;
      this.retryAfter = retryAfter;
    }
  }

  const seconds = (s) => (s < 90 ? `${s} s` : `${Math.ceil(s / 60)} min`);

  async function problemOf(response) {
    try { return await response.json(); } catch { return {}; }
  }

  async function errorFor(response) {
    const problem = await problemOf(response);
    const status = response.status;
    const type = String(problem.type || '');
    const retryAfter = Number(response.headers.get('Retry-After')) || 0;
    if (status === 401 || status === 403)
      return new RunError('auth', `This site's Run key is not accepted here (${status}). ${problem.detail || ''}`.trim(), status);
    if (status === 402)
      return new RunError('credits', problem.detail || "This site has used up its Neuron credits, so code cannot run here right now.", status);
    if (status === 429 && type.endsWith(':quota-exceeded')) {
      const resets = problem.resetsAt ? new Date(problem.resetsAt) : null;
      const when = resets && !isNaN(resets) ? `at ${resets.toLocaleString()}` : `in ${seconds(retryAfter)}`;
      return new RunError('quota', `This site has used its runs for today; the quota resets ${when}.`, status, retryAfter);
    }
    if (status === 429)
      return new RunError('rate', `Too many runs right now. Try again in ${seconds(retryAfter || 1)}.`, status, retryAfter);
    if (status >= 500)
      return new RunError('server', `The Run service had a problem (${status}). Try again in a moment.`, status, retryAfter);
    return new RunError('invalid', problem.detail || problem.title || `The run was refused (${status}).`, status);
  }

  /**
   * The API client: one run at a time per client (the app allows one active run per sessionId), submissions that
   * meet the session's busy/cooldown answer wait and retry, non-final runs are long-polled.
   */
  function client({ base, key, sessionId = 'web-' + randomId() }) {
    let queue = Promise.resolve();
    let languages = null;

    async function call(method, path, body) {
      const headers = { Authorization: `Bearer ${key}` };
      if (body) headers['Content-Type'] = 'application/json';
      try {
        return await fetch(base + path, { method, headers, body: body && JSON.stringify(body), mode: 'cors', credentials: 'omit' });
      } catch {
        // A CORS refusal and an unreachable server look alike to a script; an opaque probe tells them apart.
        const reachable = await fetch(base + '/api/health', { mode: 'no-cors', cache: 'no-store' }).then(() => true, () => false);
        throw reachable
          ? new RunError('refused', `This page's origin (${location.origin}) is not allowed to use this Run key.`)
          : new RunError('network', 'Could not reach the Run service. Check your connection and try again.');
      }
    }

    async function submit(body) {
      for (let attempt = 0; ; attempt++) {
        const response = await call('POST', '/api/runs?wait=20', body);
        if (response.ok) return response.json();
        // Wait and retry while this session, or the site's key, has a run going (busy, cooldown, runs in flight).
        const busy = response.status === 409 || (response.status === 429 && response.headers.get('Content-Type')?.includes('problem')
          && /:(session-cooldown|too-many-in-flight)$/.test(String((await problemOf(response.clone())).type)));
        if (!busy || attempt >= SESSION_RETRIES) throw await errorFor(response);
        await sleep(Math.min(3, Number(response.headers.get('Retry-After')) || 1) * 1000);
      }
    }

    async function execute(body) {
      let run = await submit({ ...body, sessionId });
      while (!FINAL.includes(run.status)) {
        const response = await call('GET', `/api/runs/${run.id}?wait=25`);
        if (!response.ok) throw await errorFor(response);
        run = await response.json();
      }
      return run;
    }

    return {
      sessionId,
      /** Runs one submission after the ones before it; resolves to the final run document. */
      run(body) {
        const result = queue.then(() => execute(body));
        queue = result.catch(() => {});
        return result;
      },
      /** The key's credits (GET /api/billing/balance); null when they cannot be read. */
      async balance() {
        const response = await call('GET', '/api/billing/balance').catch(() => null);
        return response?.ok ? response.json() : null;
      },
      /** The run's output files as elements to show (images inline, other files as download links). */
      files: (run) => fileElements(call, run),
      /** The app's languages (public); [] when they cannot be read, the API still accepts ids and aliases. */
      languages() {
        languages ??= fetch(base + '/api/languages', { credentials: 'omit' }).then((r) => (r.ok ? r.json() : []), () => []);
        return languages;
      },
    };
  }

  const IMAGES = ['image/png', 'image/jpeg', 'image/gif', 'image/svg+xml'];
  const bytes = (n) => (n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`);
  const dataUrl = (blob) => new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });

  /**
   * A run's output files as elements: images as <img> from a data: URL (an SVG is never put into the DOM, and a data:
   * image opened on its own has no origin to script), everything else as a download link to an opaque blob.
   */
  async function fileElements(call, run) {
    const files = await Promise.all((run.outputFiles || []).map(async (file) => {
      const response = await call('GET', `/api/runs/${run.id}/files/${encodeURIComponent(file.name)}`).catch(() => null);
      if (!response?.ok) return element('div', 'msg', `${file.name}: could not be loaded`);
      const blob = await response.blob();
      if (IMAGES.includes(file.mediaType)) {
        const img = element('img', 'file');
        img.alt = img.title = file.name;
        img.src = await dataUrl(new Blob([blob], { type: file.mediaType }));
        return img;
      }
      const link = element('a', 'file', `${file.name} (${bytes(file.size)})`);
      link.download = file.name;
      link.href = URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' }));
      return link;
    }));
    const omitted = run.omittedOutputFiles || [];
    if (omitted.length) {
      const more = (run.omittedOutputFileCount || 0) - omitted.length;
      files.push(element('div', 'hint', `Not returned: ${omitted.map((o) => `${o.name} (${o.reason})`).join(', ')}${more > 0 ? ` and ${more} more` : ''}`));
    }
    return files;
  }

  /** "Python 3.11.2": the runner's version string may already start with the name. */
  const label = ({ name, version }) =>
    !version || version === 'unknown' ? name : version.toLowerCase().startsWith(name.toLowerCase()) ? version : `${name} ${version}`;
  /** data-time-ms / data-memory-mb of a snippet (or the playground's inputs) as a run's limits (the API checks their range), or null when neither is set. */
  const snippetLimits = ({ timeMs, memoryMb }) => {
    const limits = {};
    if (timeMs) limits.timeMs = Number(timeMs);
    if (memoryMb) limits.memoryMb = Number(memoryMb);
    return Object.keys(limits).length ? limits : null;
  };
  const describe = (run) => `${VERDICTS[run.verdict] || run.verdict || run.status} · ${run.timeMs ?? 0} ms`;

  window.Neuron ??= Object.freeze({ client, RunError, verdicts: VERDICTS, describe, label, limits: snippetLimits });

  const script = document.currentScript;
  if (!script || !script.dataset.key) return;
  const api = client({ base: new URL(script.src).origin, key: script.dataset.key, sessionId: 'embed-' + randomId() });

  const CSS = `
:host{all:initial!important;display:block!important;margin:1em 0!important}
*{box-sizing:border-box}
.w{font:14px/1.45 system-ui,sans-serif;color:#1d1f23;background:#f7f7f9;border:1px solid #d5d7dd;border-radius:6px;overflow:hidden}
.bar{display:flex;align-items:center;gap:8px;padding:6px 8px;background:#eceef2;border-bottom:1px solid #d5d7dd}
.lang{font-weight:600;flex:1}
button{font:inherit;font-weight:600;color:#fff;background:#2357d9;border:0;border-radius:4px;padding:4px 14px;cursor:pointer}
button:disabled{background:#8a94a8;cursor:progress}
button:focus-visible,textarea:focus-visible,summary:focus-visible{outline:2px solid #f0a500;outline-offset:1px}
textarea{display:block;width:100%;margin:0;border:0;padding:8px 10px;resize:vertical;background:#fff;color:#1d1f23;
font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;tab-size:4;white-space:pre;overflow:auto}
.view{position:relative;background:#fff}
::slotted(*){margin:0!important}
textarea.src{position:absolute;z-index:1;margin:0;border:0;border-radius:0;background:transparent;color:transparent;
resize:none;overflow:auto;caret-color:var(--fg,#1d1f23)}
.src::selection{background:#2357d955;color:transparent}
.view[data-stale] .src{color:var(--fg,#1d1f23);background:var(--bg,#fff)}
.view[data-stale] .src::selection{color:var(--fg,#1d1f23)}
details{border-top:1px solid #d5d7dd;padding:4px 8px}
summary{cursor:pointer;color:#50566a}
details textarea{border:1px solid #d5d7dd;margin-top:4px;min-height:3em}
.out{border-top:1px solid #d5d7dd;padding:6px 10px}
.out:empty{display:none}
.verdict{font-weight:600}
.verdict[data-verdict=ok]{color:#137333}
.verdict[data-verdict]:not([data-verdict=ok]){color:#b3261e}
.msg{color:#b3261e}
pre{margin:4px 0 0;white-space:pre-wrap;word-break:break-word;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#1d1f23}
.stderr,.compile{color:#8c1d18}
.hint{font-size:12px;color:#50566a}
.files:empty{display:none}
.files{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-start;margin-top:6px}
img.file{max-width:100%;height:auto;background:#fff;border:1px solid #d5d7dd}
a.file{color:#2357d9}`;

  function element(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function mount(code) {
    const pre = code.closest('pre') || code;
    const language = ([...code.classList].find((c) => c.startsWith('language-')) || 'language-python').slice(9).toLowerCase();
    const host = document.createElement('neuron-snippet');
    const root = host.attachShadow({ mode: 'open' });
    const style = element('style', '', CSS);
    const widget = element('div', 'w');
    const bar = element('div', 'bar');
    const name = element('span', 'lang', language);
    const run = element('button', 'run', 'Run');
    run.type = 'button';
    run.setAttribute('aria-label', `Run the ${language} snippet`);
    const hint = element('span', 'hint', 'Ctrl+Enter');
    bar.append(name, hint, run);

    const source = element('textarea', 'src');
    source.value = code.textContent.replace(/\n$/, '');
    source.spellcheck = false;
    source.wrap = 'off';
    source.setAttribute('aria-label', `${language} code, Ctrl+Enter runs it`);
    const view = element('div', 'view');
    view.append(document.createElement('slot'), source);

    const input = element('details', 'in');
    const summary = element('summary', '', 'Input (stdin)');
    const stdin = element('textarea', 'stdin');
    stdin.setAttribute('aria-label', 'Standard input');
    stdin.spellcheck = false;
    if (code.dataset.stdin !== undefined) {
      stdin.value = code.dataset.stdin;
      input.open = true;
    }
    input.append(summary, stdin);

    const output = element('div', 'out');
    output.setAttribute('role', 'status');
    output.setAttribute('aria-live', 'polite');
    output.setAttribute('aria-busy', 'false');
    output.setAttribute('aria-label', 'Output');

    widget.append(bar, view, input, output);
    root.append(style, widget);
    pre.replaceWith(host);
    host.append(pre);
    overlay(view, source, pre, code);

    // language-* may be an id, an alias or a name ("py", "JavaScript"): runs send the id it maps to.
    let languageId = language;
    api.languages().then((list) => {
      const found = list.find((l) => [l.id, l.name, ...(l.aliases || [])].some((n) => n.toLowerCase() === language));
      if (found) {
        languageId = found.id;
        name.textContent = label(found);
      }
    });

    async function start() {
      if (run.disabled) return;
      run.disabled = true;
      output.setAttribute('aria-busy', 'true');
      output.replaceChildren(element('div', 'hint', 'Running…'));
      const body = { language: languageId, source: source.value };
      if (stdin.value) body.stdin = stdin.value;
      if (code.dataset.expected !== undefined) body.expectedOutput = code.dataset.expected;
      const limits = snippetLimits(code.dataset);
      if (limits) body.limits = limits;
      try {
        show(await api.run(body));
      } catch (e) {
        output.replaceChildren(element('div', 'msg', e instanceof RunError ? e.message : 'Something went wrong. Try again.'));
        output.firstChild.dataset.kind = e.kind || 'error';
      } finally {
        output.setAttribute('aria-busy', 'false');
        run.disabled = false;
      }
    }

    function show(result) {
      const verdict = element('div', 'verdict', describe(result));
      verdict.dataset.verdict = result.verdict || result.status;
      const parts = [verdict];
      if (result.compileOutput) parts.push(element('pre', 'compile', result.compileOutput));
      parts.push(element('pre', 'stdout', result.stdout || ''));
      if (result.stderr) parts.push(element('pre', 'stderr', result.stderr));
      if (result.stdoutTruncated || result.stderrTruncated) parts.push(element('div', 'hint', 'Output was truncated.'));
      if (result.error) parts.push(element('div', 'msg', result.error));
      const files = element('div', 'files');
      output.replaceChildren(...parts, files);
      api.files(result).then((list) => files.replaceChildren(...list));
    }

    run.addEventListener('click', start);
    root.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        start();
      }
    });
  }

  /** The textarea's text must lie exactly over the code's: same box, padding, font and wrapping. */
  const FONT = ['fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'lineHeight', 'letterSpacing', 'wordSpacing', 'tabSize',
    'whiteSpace', 'wordBreak', 'overflowWrap', 'fontVariantLigatures', 'fontFeatureSettings'];
  const SIDES = ['Top', 'Right', 'Bottom', 'Left'];
  const px = (v) => parseFloat(v) || 0;
  const transparent = (c) => c === 'transparent' || /^rgba\(.*, 0\)$/.test(c);

  /** The page's highlighter, looked up at each edit (it may load after the widget): Prism, highlight.js or none. */
  function highlighter() {
    if (window.Prism?.highlightElement) return (code) => window.Prism.highlightElement(code);
    if (window.hljs?.highlightElement) return (code) => { delete code.dataset.highlighted; window.hljs.highlightElement(code); };
    return null;
  }

  /**
   * Lays the textarea over the page's <pre><code> (slotted into the widget, so the page's styles still reach it) and
   * keeps the two in step: the textarea owns caret, selection, IME, undo and scrolling; the code shows the text.
   * Nothing in the code changes until the first edit. After one, the code gets the new text and the page's
   * highlighter runs on it once per animation frame, or 150 ms after the last edit if it took longer than 8 ms; until
   * then, and while an IME composes, the textarea shows its own text on an opaque ground (data-stale).
   */
  function overlay(view, source, pre, code) {
    pre.inert = true; // shown, not a second copy for screen readers or Tab: the textarea is the editor
    let scroller = pre;
    let slow = false;
    let cancel = null;
    let composing = false;

    function layout() {
      const c = getComputedStyle(code);
      scroller = code !== pre && c.display !== 'inline' && /auto|scroll/.test(c.overflowX) ? code : pre;
      const s = getComputedStyle(scroller);
      // A block <code> inside the scrolling <pre> adds its own margin, border and padding before the text.
      const inner = scroller === pre && code !== pre && c.display !== 'inline' ? c : null;
      const box = scroller.getBoundingClientRect();
      const at = view.getBoundingClientRect();
      const style = source.style;
      style.left = `${box.left - at.left + px(s.borderLeftWidth)}px`;
      style.top = `${box.top - at.top + px(s.borderTopWidth)}px`;
      // Its scrollbars, if any, lie over the scroller's own (same box, same text).
      style.width = `${box.width - px(s.borderLeftWidth) - px(s.borderRightWidth)}px`;
      style.height = `${box.height - px(s.borderTopWidth) - px(s.borderBottomWidth)}px`;
      for (const side of SIDES)
        style['padding' + side] = `${px(s['padding' + side]) + (inner ? px(inner['margin' + side]) + px(inner[`border${side}Width`]) + px(inner['padding' + side]) : 0)}px`;
      for (const p of FONT) style[p] = c[p];
      style.setProperty('--fg', c.color);
      const ground = [c.backgroundColor, getComputedStyle(pre).backgroundColor].find((b) => !transparent(b));
      if (ground) style.setProperty('--bg', ground);
      follow();
    }

    const follow = () => {
      scroller.scrollTop = source.scrollTop;
      scroller.scrollLeft = source.scrollLeft;
    };

    // A <pre> shows no line after a final newline; the textarea does.
    const show = () => { code.textContent = source.value.endsWith('\n') ? source.value + '\n' : source.value; };

    function paint() {
      cancel = null;
      const started = performance.now();
      show();
      highlighter()?.(code);
      slow = performance.now() - started > 8;
      delete view.dataset.stale;
      follow();
    }

    function edited() {
      if (!highlighter()) {
        show(); // no highlighter on the page: plain text
        return;
      }
      view.dataset.stale = '';
      cancel?.();
      cancel = null;
      if (composing) return;
      if (slow) {
        const t = setTimeout(paint, 150);
        cancel = () => clearTimeout(t);
      } else {
        const f = requestAnimationFrame(paint);
        cancel = () => cancelAnimationFrame(f);
      }
    }

    source.addEventListener('input', edited);
    source.addEventListener('compositionstart', () => { composing = true; });
    source.addEventListener('compositionend', () => { composing = false; edited(); });
    source.addEventListener('scroll', follow);
    const observer = new ResizeObserver(layout);
    observer.observe(pre);
    if (code !== pre) observer.observe(code);
    observer.observe(view);
    document.fonts?.ready.then(layout);
  }

  const scan = () => document.querySelectorAll('code[data-neuron]').forEach(mount);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();
})();
