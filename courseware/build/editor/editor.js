// The playground's code editor: CodeMirror 6 with Python and HTML/Jinja modes, line numbers,
// indentation, search and CodeMirror's screen-reader support. `python build.py playground`
// bundles this file with esbuild into static/playground/editor/editor-<hash>.mjs, which the
// playground imports on the first Run.
//
// The editor lives in a shadow root: CodeMirror writes its styles as constructed style sheets
// there, which the site's Content-Security-Policy (style-src 'self', no inline <style>)
// allows. Colours come from the site's CSS custom properties, which cross the shadow
// boundary, so the editor follows the light and dark themes.
import { EditorState, Compartment, StateEffect, StateField, RangeSet, RangeSetBuilder } from "@codemirror/state";
import {
  EditorView, Decoration, GutterMarker, gutterLineClass, keymap, lineNumbers,
  highlightActiveLineGutter, drawSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  HighlightStyle, syntaxHighlighting, indentOnInput, bracketMatching, indentUnit,
} from "@codemirror/language";
import { search, searchKeymap } from "@codemirror/search";
import { python } from "@codemirror/lang-python";
import { html } from "@codemirror/lang-html";
import { jinja } from "@codemirror/lang-jinja";
import { tags } from "@lezer/highlight";

// Token colours are custom properties set in playground.css, checked there for 4.5:1
// contrast on the code background and on the marked lines, in both themes.
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.moduleKeyword, tags.operatorKeyword, tags.definitionKeyword], color: "var(--tok-keyword)", fontWeight: "600" },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: "var(--tok-string)" },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: "var(--tok-comment)", fontStyle: "italic" },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: "var(--tok-number)" },
  { tag: [tags.function(tags.variableName), tags.function(tags.definition(tags.variableName)), tags.function(tags.propertyName)], color: "var(--tok-function)" },
  { tag: [tags.className, tags.definition(tags.className), tags.typeName], color: "var(--tok-class)" },
  { tag: [tags.meta, tags.annotation, tags.processingInstruction], color: "var(--tok-meta)" },
  { tag: [tags.tagName, tags.angleBracket], color: "var(--tok-tag)" },
  { tag: [tags.attributeName, tags.propertyName], color: "var(--tok-attribute)" },
  { tag: [tags.self, tags.standard(tags.variableName)], color: "var(--tok-builtin)" },
  { tag: tags.invalid, color: "var(--bad)" },
]);

const theme = EditorView.theme({
  "&": {
    color: "var(--code-fg)", backgroundColor: "var(--code-bg)", fontSize: "0.875rem",
    border: "1px solid var(--border)", borderRadius: "6px", height: "var(--editor-height, 24rem)",
  },
  "&.cm-focused": { outline: "3px solid var(--focus)", outlineOffset: "-1px" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.5", overflow: "auto" },
  ".cm-content": { caretColor: "var(--fg)", padding: "0.5rem 0" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--fg)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection": { backgroundColor: "var(--tok-selection)" },
  ".cm-gutters": { backgroundColor: "var(--code-bg)", color: "var(--fg-soft)", borderRight: "1px solid var(--border)", borderRadius: "6px 0 0 6px" },
  ".cm-lineNumbers .cm-gutterElement": { padding: "0 0.5rem 0 0.75rem" },
  ".cm-activeLineGutter": { backgroundColor: "var(--bg-soft)", color: "var(--fg)" },
  ".cm-snippet": { backgroundColor: "var(--code-hl)", boxShadow: "inset 3px 0 0 var(--accent)" },
  ".cm-snippet-gutter": { backgroundColor: "var(--code-hl)", color: "var(--fg)" },
  ".cm-matchingBracket, &.cm-focused .cm-matchingBracket": { backgroundColor: "transparent", outline: "1px solid var(--accent)" },
  ".cm-nonmatchingBracket, &.cm-focused .cm-nonmatchingBracket": { backgroundColor: "transparent", outline: "1px solid var(--bad)" },
  ".cm-searchMatch": { backgroundColor: "transparent", outline: "1px solid var(--accent)" },
  ".cm-searchMatch.cm-searchMatch-selected": { backgroundColor: "transparent", outline: "2px solid var(--accent)" },
  ".cm-panels": { backgroundColor: "var(--bg-soft)", color: "var(--fg)", fontFamily: "var(--font)" },
  ".cm-panels.cm-panels-top": { borderBottom: "1px solid var(--border)" },
  ".cm-panels.cm-panels-bottom": { borderTop: "1px solid var(--border)" },
  ".cm-panel.cm-search": { padding: "0.4rem 2rem 0.4rem 0.5rem", fontSize: "0.85rem" },
  ".cm-panel.cm-search label": { fontSize: "0.85rem", color: "var(--fg)" },
  ".cm-panel.cm-search [name=close]": { color: "var(--fg)", fontSize: "1.2rem", padding: "0 0.4rem" },
  ".cm-textfield": { color: "var(--fg)", backgroundColor: "var(--bg-raised)", border: "1px solid var(--border)", borderRadius: "4px", padding: "0.15rem 0.35rem", fontSize: "0.85rem" },
  ".cm-button": { color: "var(--fg)", backgroundColor: "var(--bg-raised)", backgroundImage: "none", border: "1px solid var(--border)", borderRadius: "4px", padding: "0.15rem 0.5rem", fontSize: "0.85rem" },
  ".cm-textfield:focus-visible, .cm-button:focus-visible, .cm-panel input[type=checkbox]:focus-visible, .cm-panel button:focus-visible": { outline: "3px solid var(--focus)", outlineOffset: "1px" },
});

// ---- The lines of the snippet the learner ran: marked in the text and the gutter --------
const setSnippet = StateEffect.define();
const snippetLines = StateField.define({
  create: () => null,
  update(value, tr) {
    for (const effect of tr.effects) if (effect.is(setSnippet)) return effect.value;
    if (value && tr.docChanged) {
      // Keep marking the same lines while the learner edits around them.
      const from = tr.changes.mapPos(tr.startState.doc.line(value.from).from);
      const to = tr.changes.mapPos(tr.startState.doc.line(value.to).to, 1);
      return { from: tr.state.doc.lineAt(from).number, to: tr.state.doc.lineAt(to).number };
    }
    return value;
  },
});

const snippetDecorations = EditorView.decorations.compute([snippetLines], (state) => {
  const lines = state.field(snippetLines);
  if (!lines) return Decoration.none;
  const builder = new RangeSetBuilder();
  for (let n = lines.from; n <= Math.min(lines.to, state.doc.lines); n++) {
    const start = state.doc.line(n).from;
    builder.add(start, start, Decoration.line({ class: "cm-snippet" }));
  }
  return builder.finish();
});
const snippetMarker = new (class extends GutterMarker { elementClass = "cm-snippet-gutter"; })();
const snippetGutter = gutterLineClass.compute([snippetLines], (state) => {
  const lines = state.field(snippetLines);
  if (!lines) return RangeSet.empty;
  const builder = new RangeSetBuilder();
  for (let n = lines.from; n <= Math.min(lines.to, state.doc.lines); n++) {
    const start = state.doc.line(n).from;
    builder.add(start, start, snippetMarker);
  }
  return builder.finish();
});

// CodeMirror writes some inline styles with setAttribute("style", …) (the content's
// tab-size, for one), which the site's policy refuses and reports. Inside an editor (its
// shadow root, or an editor being built and not yet attached) the same declarations go
// through the CSSOM instead, which the policy allows.
const editorRoots = new WeakSet();
const setAttribute = Element.prototype.setAttribute;
Element.prototype.setAttribute = function (name, value) {
  if (name === "style" && (editorRoots.has(this.getRootNode()) || this.closest(".cm-editor"))) {
    this.style.cssText = value;
    return;
  }
  setAttribute.call(this, name, value);
};

function languageOf(name) {
  if (/\.py$/.test(name)) return python();
  if (/\.(html|jinja2?|j2)$/.test(name)) return jinja({ base: html() });
  return [];
}

/**
 * An editor in `host`. `options.label` names it for screen readers; `options.description` says
 * how to use the keyboard; `options.onChange(text)` hears every edit.
 */
export function createEditor(host, options) {
  const root = host.shadowRoot || host.attachShadow({ mode: "open" });
  editorRoots.add(root);
  const description = document.createElement("p");
  description.id = "editor-help";
  description.hidden = true;
  description.textContent = options.description || "";
  root.appendChild(description);
  const language = new Compartment();  // Python or HTML/Jinja, by the file shown
  const base = [
    lineNumbers(),
    highlightActiveLineGutter(),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    indentUnit.of("    "),
    EditorState.tabSize.of(4),
    syntaxHighlighting(highlight),
    search({ top: true }),
    snippetLines,
    snippetDecorations,
    snippetGutter,
    theme,
    keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, indentWithTab]),
    EditorView.contentAttributes.of({
      "aria-label": options.label || "Code",
      "aria-describedby": "editor-help",
      // contenteditable is focusable already; axe counts a scrolling region's content as
      // reachable by keyboard only with a tabindex
      tabindex: "0",
      spellcheck: "false",
      autocapitalize: "off",
      autocorrect: "off",
    }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged && options.onChange) options.onChange(update.state.doc.toString());
    }),
  ];
  const view = new EditorView({
    parent: root,
    root: root,
    state: EditorState.create({ doc: "", extensions: [base, language.of([])] }),
  });

  return {
    view: view,
    /** Show `text` of file `name`, marking and scrolling to `lines` ({from, to}, 1-based). */
    set(text, name, lines) {
      const state = EditorState.create({ doc: text, extensions: [base, language.of(languageOf(name))] });
      view.setState(state);
      const marked = lines && lines.from <= state.doc.lines;
      const start = marked ? state.doc.line(lines.from).from : 0;
      view.dispatch({
        effects: [
          setSnippet.of(marked ? { from: lines.from, to: Math.min(lines.to, state.doc.lines) } : null),
          EditorView.scrollIntoView(start, { y: "start", yMargin: marked ? 24 : 0 }),
        ],
        selection: { anchor: start },
      });
    },
    get value() { return view.state.doc.toString(); },
    focus() { view.focus(); },
    destroy() { view.destroy(); },
  };
}
