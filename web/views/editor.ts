/**
 * The scenario editor: CodeMirror 6 with YAML highlighting, the worker's problems shown as lint
 * diagnostics in the text and as a clickable list under it (announced through an aria-live
 * region). `onChange` hears the user's edits, debounced; `setText` does not trigger it.
 */
import { basicSetup } from 'codemirror';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Annotation, EditorSelection, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import type { Problem } from '../../src/worker/protocol.js';
import { problemMessage, problemRange } from './editor-pos.js';
import './editor.css';

export { lineColToOffset, problemMessage, problemRange } from './editor-pos.js';

export interface Editor {
  /** Replaces the whole text (does not call onChange). */
  setText(text: string): void;
  /** The current text. */
  text(): string;
  /** Shows these problems (an empty list clears them). */
  problems(problems: Problem[]): void;
}

export interface EditorOptions {
  /** Called with the full text ~300 ms after the user stops typing. */
  onChange(text: string): void;
}

/** Milliseconds of quiet after the last keystroke before onChange fires. */
export const DEBOUNCE_MS = 300;

const quiet = Annotation.define<boolean>();
let ids = 0;

export function editor(el: HTMLElement, options: EditorOptions): Editor {
  const id = `scenario-editor-${++ids}`;
  el.classList.add('scenario-editor');
  el.replaceChildren();

  const label = el.appendChild(document.createElement('div'));
  label.className = 'scenario-editor-label';
  label.id = `${id}-label`;
  label.textContent = 'Scenario (YAML)';

  const host = el.appendChild(document.createElement('div'));
  host.className = 'scenario-editor-host';

  const panel = el.appendChild(document.createElement('div'));
  panel.className = 'scenario-editor-problems';
  panel.setAttribute('aria-live', 'polite');
  panel.id = `${id}-problems`;
  const summary = panel.appendChild(document.createElement('p'));
  summary.className = 'scenario-editor-summary';
  const list = panel.appendChild(document.createElement('ul'));

  let timer: ReturnType<typeof setTimeout> | undefined;
  const view = new EditorView({
    parent: host,
    state: EditorState.create({
      doc: '',
      extensions: [
        basicSetup,
        yaml(),
        lintGutter(),
        // The side panel is narrow: long lines wrap instead of scrolling sideways.
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-labelledby': label.id, 'aria-describedby': panel.id }),
        EditorView.updateListener.of((u) => {
          if (!u.docChanged || u.transactions.every((t) => t.annotation(quiet))) return;
          clearTimeout(timer);
          timer = setTimeout(() => options.onChange(view.state.doc.toString()), DEBOUNCE_MS);
        }),
      ],
    }),
  });
  // The label is not a <label> (the content is a contenteditable), so make a click on it focus.
  label.addEventListener('click', () => view.focus());

  function goTo(p: Problem): void {
    const { from } = problemRange(view.state.doc.toString(), p.line, p.col);
    view.dispatch({ selection: EditorSelection.cursor(from), effects: EditorView.scrollIntoView(from, { y: 'center' }) });
    view.focus();
  }

  return {
    setText(text) {
      clearTimeout(timer);
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, annotations: quiet.of(true) });
    },
    text: () => view.state.doc.toString(),
    problems(problems) {
      const doc = view.state.doc.toString();
      const diagnostics: Diagnostic[] = problems.map((p) => ({
        ...problemRange(doc, p.line, p.col), severity: 'error', source: p.file, message: problemMessage(p),
      }));
      view.dispatch(setDiagnostics(view.state, diagnostics));
      el.classList.toggle('has-problems', problems.length > 0);
      summary.textContent = problems.length === 0 ? '' : problems.length === 1 ? '1 problem' : `${problems.length} problems`;
      list.replaceChildren(...problems.map((p) => {
        const li = document.createElement('li');
        const b = li.appendChild(document.createElement('button'));
        b.type = 'button';
        const where = b.appendChild(document.createElement('span'));
        where.className = 'where';
        where.textContent = `${p.line}:${p.col}`;
        b.append(' ', problemMessage(p));
        b.title = `Go to line ${p.line}`;
        b.addEventListener('click', () => goTo(p));
        return li;
      }));
    },
  };
}
