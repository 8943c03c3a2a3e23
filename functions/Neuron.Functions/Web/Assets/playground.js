import { DraftAutosave } from './autosave.js';
import { createEditor } from './editor.js';

/** The playground at /: language picker, editor, stdin, Run, output, and the curl command of the same run. */
const $ = (id) => document.getElementById(id);
const ui = {
  key: $('key'), language: $('language'), run: $('run'), state: $('state'), stdin: $('stdin'),
  timeMs: $('time-ms'), memoryMb: $('memory-mb'),
  output: $('output'), verdict: $('verdict'), stdout: $('stdout'), stderr: $('stderr'), files: $('files'), curl: $('curl'),
  balance: $('balance'),
};
const COOLDOWN_MS = 1000;
const KEY_STORAGE = 'neuron.playground.key';
const draftKey = (language) => `neuron.playground.draft.${language}`;
const SAMPLES = {
  python: 'name = input() or "world"\nprint(f"Hello, {name}!")\n',
  javascript: 'const name = require("fs").readFileSync(0, "utf8").trim() || "world";\nconsole.log(`Hello, ${name}!`);\n',
  c: '#include <stdio.h>\n\nint main(void) {\n    char name[64] = "world";\n    scanf("%63s", name);\n    printf("Hello, %s!\\n", name);\n    return 0;\n}\n',
  cpp: '#include <iostream>\n#include <string>\n\nint main() {\n    std::string name = "world";\n    std::cin >> name;\n    std::cout << "Hello, " << name << "!\\n";\n}\n',
  java: 'import java.util.Scanner;\n\npublic class Main {\n    public static void main(String[] args) {\n        Scanner in = new Scanner(System.in);\n        String name = in.hasNext() ? in.next() : "world";\n        System.out.println("Hello, " + name + "!");\n    }\n}\n',
};

// The key: from #key=pk_… (then kept in localStorage and removed from the address bar), else the saved one.
const fragmentKey = new URLSearchParams(location.hash.slice(1)).get('key');
if (fragmentKey) {
  localStorage.setItem(KEY_STORAGE, fragmentKey);
  history.replaceState(null, '', location.pathname + location.search);
}
ui.key.value = localStorage.getItem(KEY_STORAGE) || '';
ui.key.addEventListener('change', () => {
  localStorage.setItem(KEY_STORAGE, ui.key.value.trim());
  showBalance();
});

let sessionId = sessionStorage.getItem('neuron.playground.session');
if (!sessionId) sessionStorage.setItem('neuron.playground.session', (sessionId = 'play-' + crypto.randomUUID().replaceAll('-', '')));

const language = () => ui.language.value;
const source = createEditor($('source'), { label: 'Code, Ctrl+Enter runs it', onChange: edited, onRun: run });
// For the browser tests' first-render figure: the editor is on the page.
performance.mark('neuron-editor-ready');
const draft = () => JSON.stringify({ source: source.text(), stdin: ui.stdin.value });
const autosave = new DraftAutosave((text) => localStorage.setItem(draftKey(language()), text));
addEventListener('pagehide', () => autosave.flush());
document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && autosave.flush());

function restore() {
  const saved = JSON.parse(localStorage.getItem(draftKey(language())) || 'null');
  source.setLanguage(language());
  source.setText(saved?.source ?? SAMPLES[language()] ?? '');
  ui.stdin.value = saved?.stdin ?? '';
  renderCurl();
}

function body() {
  const b = { language: language(), source: source.text() };
  if (ui.stdin.value) b.stdin = ui.stdin.value;
  // Limits only when asked for: the language's defaults otherwise (and the curl command stays short).
  const limits = window.Neuron.limits({ timeMs: ui.timeMs.value, memoryMb: ui.memoryMb.value });
  if (limits) b.limits = limits;
  return b;
}

const shellQuote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;

function renderCurl() {
  ui.curl.textContent = [
    `curl -s -X POST ${shellQuote(`${location.origin}/api/runs?wait=20`)} \\`,
    '  -H "Authorization: Bearer $NEURON_KEY" -H \'Content-Type: application/json\' \\',
    `  -d ${shellQuote(JSON.stringify(body()))}`,
  ].join('\n');
}

function edited() {
  autosave.change(draft());
  renderCurl();
}
ui.stdin.addEventListener('input', edited);
ui.timeMs.addEventListener('input', renderCurl);
ui.memoryMb.addEventListener('input', renderCurl);
ui.language.addEventListener('change', () => {
  autosave.flush();
  localStorage.setItem('neuron.playground.language', language());
  restore();
});

function show(run, api) {
  ui.verdict.textContent = window.Neuron.describe(run);
  ui.verdict.dataset.verdict = run.verdict || run.status;
  ui.stdout.textContent = (run.compileOutput || '') + (run.stdout || '');
  ui.stderr.textContent = (run.stderr || '') + (run.error ? `\n${run.error}` : '');
  ui.files.replaceChildren();
  api.files(run).then((files) => ui.files.replaceChildren(...files));
}

function fail(message, kind) {
  ui.verdict.textContent = message;
  ui.verdict.dataset.verdict = kind;
  ui.stdout.textContent = ui.stderr.textContent = '';
  ui.files.replaceChildren();
}

let client = null;
/** One API client per key: it runs one submission at a time for this page's session. */
function clientFor(key) {
  if (client?.key !== key) client = { key, api: window.Neuron.client({ base: location.origin, key, sessionId }) };
  return client.api;
}

/** The key's credits left for new runs, beside Run; nothing when there is no key or they cannot be read. */
async function showBalance() {
  const key = ui.key.value.trim();
  const balance = key ? await clientFor(key).balance() : null;
  if (key !== ui.key.value.trim()) return; // the key changed meanwhile
  ui.balance.textContent = balance ? `Credits left: ${balance.available}` : '';
  ui.balance.dataset.available = balance ? String(balance.availableMicroCredits) : '';
}

let running = false;
async function run() {
  if (running || ui.run.disabled) return;
  const key = ui.key.value.trim();
  if (!key) {
    fail('Enter a publishable key (pk_…) first, or open this page as /#key=pk_…', 'auth');
    ui.key.focus();
    return;
  }
  localStorage.setItem(KEY_STORAGE, key);
  running = ui.run.disabled = true;
  ui.output.setAttribute('aria-busy', 'true');
  ui.state.textContent = 'Running…';
  const api = clientFor(key);
  try {
    show(await api.run(body()), api);
  } catch (e) {
    fail(e instanceof window.Neuron.RunError ? e.message : 'Something went wrong. Try again.', e.kind || 'error');
  } finally {
    running = false;
    ui.output.setAttribute('aria-busy', 'false');
    showBalance();
    // A short cooldown after every run (the app's session gate has one too).
    ui.state.textContent = 'Cooling down…';
    setTimeout(() => {
      ui.run.disabled = false;
      ui.state.textContent = 'Ctrl+Enter runs';
    }, COOLDOWN_MS);
  }
}
ui.run.addEventListener('click', run);
document.addEventListener('keydown', (e) => {
  // The editor handles its own Ctrl+Enter (and marks it handled); this one is for the other fields.
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
    e.preventDefault();
    run();
  }
});

async function loadLanguages() {
  const list = await window.Neuron.client({ base: location.origin, key: '' }).languages();
  const ids = list.length ? list.map((l) => [l.id, window.Neuron.label(l)]) : Object.keys(SAMPLES).map((id) => [id, id]);
  ui.language.replaceChildren(...ids.map(([id, name]) => new Option(name, id)));
  const saved = localStorage.getItem('neuron.playground.language');
  if (saved && ids.some(([id]) => id === saved)) ui.language.value = saved;
  restore();
}
loadLanguages();
showBalance();
