/**
 * The playground's editor: CodeMirror 6 with line numbers, history, bracket matching and a syntax mode for the most
 * used languages (plain text for the rest), a light and a dark theme that follow prefers-color-scheme, and the
 * playground's own shortcut (Ctrl/Cmd+Enter runs). Bundled by build.mjs into /playground/editor.js.
 *
 * Styles: the editor lives in a shadow root of its parent, where CodeMirror mounts its CSS as constructable
 * stylesheets (adoptedStyleSheets), which the playground's `style-src 'self'` does not govern; in the document
 * itself it would add <style> elements, which that policy blocks.
 */
import { EditorState, Compartment, Prec, Annotation } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, indentOnInput, syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { python } from '@codemirror/lang-python';
import { javascript } from '@codemirror/lang-javascript';
import { cpp } from '@codemirror/lang-cpp';
import { java } from '@codemirror/lang-java';
import { rust } from '@codemirror/lang-rust';
import { go } from '@codemirror/lang-go';
import { oneDark } from '@codemirror/theme-one-dark';

/** Language id (as /api/languages names it) → its syntax mode; any other id edits as plain text. */
const MODES = {
  python: python, pypy: python,
  javascript: javascript, typescript: () => javascript({ typescript: true }),
  c: cpp, c23: cpp, cpp: cpp, cpp20: cpp, cpp23: cpp,
  java: java, rust: rust, go: go,
};

/** Marks a transaction that replaced the text on the page's behalf, not the user's edit. */
const replaced = Annotation.define();

/** The mode a language id gets, or null for plain text. */
export const modeOf = (language) => MODES[language] ?? null;

const light = [syntaxHighlighting(defaultHighlightStyle, { fallback: true })];
const dark = oneDark;
const base = EditorView.theme({
  '&': { fontSize: '13px', border: '1px solid #c9ccd4', borderRadius: '4px', minHeight: '16em' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', lineHeight: '1.5' },
  '.cm-content': { minHeight: '16em' },
  '&.cm-focused': { outline: '2px solid #f0a500', outlineOffset: '1px' },
});

/**
 * Mounts an editor in parent.
 * @param {HTMLElement} parent
 * @param {{ label: string, onChange: (text: string) => void, onRun: () => void }} options
 * @returns {{ view: EditorView, text: () => string, setText: (text: string) => void, setLanguage: (id: string) => void }}
 */
export function createEditor(parent, { label, onChange, onRun }) {
  const root = parent.attachShadow({ mode: 'open' });
  const mode = new Compartment();
  const theme = new Compartment();
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  const themeFor = (isDark) => (isDark ? dark : light);

  const view = new EditorView({
    root,
    parent: root,
    state: EditorState.create({
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), highlightActiveLine(), drawSelection(), history(), indentOnInput(),
        bracketMatching(),
        // Ctrl/Cmd+Enter runs, as in the textarea before it (CodeMirror would insert a blank line).
        Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (onRun(), true) }])),
        // Tab is left to the browser: it moves focus on, so the keyboard can leave the editor.
        keymap.of([...defaultKeymap, ...historyKeymap]),
        mode.of([]), theme.of(themeFor(scheme.matches)), base,
        EditorView.contentAttributes.of({ 'aria-label': label, spellcheck: 'false' }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !update.transactions.every((t) => t.annotation(replaced))) onChange(view.state.doc.toString());
        }),
      ],
    }),
  });
  scheme.addEventListener('change', (e) => view.dispatch({ effects: theme.reconfigure(themeFor(e.matches)) }));

  return {
    view,
    text: () => view.state.doc.toString(),
    /** Replaces the whole text (a restored draft, a sample) without reporting it as an edit. */
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, annotations: replaced.of(true) });
    },
    setLanguage(id) {
      const make = modeOf(id);
      view.dispatch({ effects: mode.reconfigure(make ? make() : []) });
    },
  };
}
