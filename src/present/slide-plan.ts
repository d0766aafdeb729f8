import type { Figure } from '../charts/figure';
import { markdownPieces, plainText, renderMarkdown, type MarkdownPart, type MarkdownPiece } from './markdown';
import { joinText, type Notebook, type NotebookCell, type NotebookOutput } from './notebook-file';
import { escapeHtml, outputBlock, stripAnsi } from './output-html';

/** What a slide shows, in notebook order. `more`: lines of a long source or text left off the slide (they are in its notes). */
export type Block =
  | { kind: 'markdown'; html: string }
  | { kind: 'code'; source: string; language: string; more?: number }
  | { kind: 'output'; html: string }
  | { kind: 'chart'; figure: Figure };

/**
 * A slide is a slide, not a page: its heading, at most a short lead, and one chart, table, short list or short
 * code or text (small outputs ride along). Longer prose, and the whole of anything shortened, is in its speaker
 * notes (HTML; reveal.js's notes plugin, the S key).
 */
export interface Slide {
  heading?: MarkdownPiece['heading'];
  /** The heading text of the slide this one continues (its section had more than one chart, table or list). */
  continues?: string;
  blocks: Block[];
  notes: string[];
}

/** A horizontal slide (started by # or ##) and the slides below it (### headings; the deck adds continuations). */
export interface Stack {
  slides: Slide[];
}

export interface DeckPlan {
  title: string;
  stacks: Stack[];
}

export interface PlanOptions {
  /** Show every code cell's source (except cells tagged hide-input or remove-input). */
  showCode: boolean;
}

/**
 * Cell tags the deck honours (the names Jupyter Book and nbconvert's TagRemovePreprocessor use):
 * remove-cell drops a cell, hide-input/remove-input its source, hide-output/remove-output its outputs,
 * show-input shows one cell's source when code is hidden.
 */
const hasTag = (cell: NotebookCell, ...tags: string[]): boolean => (cell.metadata?.tags ?? []).some((t) => tags.includes(t));

function codeShown(cell: NotebookCell, options: PlanOptions): boolean {
  if (hasTag(cell, 'hide-input', 'remove-input') || joinText(cell.source).trim() === '') return false;
  return options.showCode || hasTag(cell, 'show-input');
}

/** Plain text of a heading's HTML, for the page title and "(continued)" labels. */
export function headingText(html: string): string {
  return plainText(html);
}

/** The limits of what a slide shows; past them, text goes to the notes. */
export const FIT = {
  /** A lead: about three lines of the deck's type. */
  leadChars: 240,
  /** A list item on a slide: one line. */
  itemChars: 110,
  /** Items of a list on a slide. */
  listItems: 6,
  /** Code or text up to this many lines shows whole; longer shows its first `keepLines` and a count of the rest. */
  maxLines: 12,
  keepLines: 10,
  /** Text output this short (characters; at most maxLines lines) is not a slide's main block: it rides along with one. */
  smallChars: 1200,
};

/** What a heading's section holds, in order, before it is laid out on slides. */
type Item =
  | { kind: 'text'; html: string; text: string; raw: string }
  | { kind: 'small'; block: Block }
  | { kind: 'main'; blocks: Block[]; notes: string[] };

const pre = (text: string, className: string) => `<pre class="${className}">${escapeHtml(text)}</pre>`;
const moreLine = (n: number) => `<p class="more">… ${n} more lines, full text in the notes</p>`;

/** Positions in markdown text where it may be cut (after a sentence, a clause), outside code, links, brackets and emphasis. */
function cutPoints(raw: string, clauses: boolean): number[] {
  const cuts: number[] = [];
  let code = false;
  let depth = 0;
  let strong = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '`') code = !code;
    if (code) continue;
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (c === '*' && raw[i + 1] === '*') {
      strong = !strong;
      i++;
    }
    if (depth > 0 || strong || !/\s/.test(raw[i + 1] ?? '')) continue;
    if (/[.!?]/.test(c) || (c === '*' && /[.!?:]/.test(raw[i - 2] ?? ''))) cuts.push(i + 1);
    else if (clauses && /[;,:]/.test(c)) cuts.push(i + 1);
    else if (clauses && c === '—') cuts.push(i - 1);
  }
  return cuts;
}

/** The longest start of `raw` that ends at a cut point and is at most `max` characters as plain text, or null. */
function shortStart(raw: string, max: number, clauses: boolean): string | null {
  let best: string | null = null;
  for (const cut of cutPoints(raw, clauses)) {
    const start = raw.slice(0, cut).trim();
    if (start.replace(/[`*_]|\]\([^)]*\)/g, '').length <= max) best = start;
    else break;
  }
  return best;
}

/** A list item as one line: whole when short, else its first sentence or clauses (its bold lead-in at least). */
function itemHeadline(item: { raw: string; text: string }): string {
  const raw = item.raw.replace(/\s*\n\s*/g, ' ').trim();
  if (item.text.length <= FIT.itemChars) return renderMarkdown(raw, true);
  const start = shortStart(raw, FIT.itemChars, true);
  if (start) return renderMarkdown(start.replace(/[,;:—\s]+$/, ''), true);
  return escapeHtml(`${item.text.slice(0, FIT.itemChars - 10).replace(/\s+\S*$/, '')} …`);
}

/** Code or text no longer than a slide shows; longer, its first lines and how many more (the whole in the notes). */
function shorten(text: string): { shown: string; more: number } {
  const lines = text.split('\n');
  if (lines.length <= FIT.maxLines) return { shown: text, more: 0 };
  return { shown: lines.slice(0, FIT.keepLines).join('\n'), more: lines.length - FIT.keepLines };
}

function codeItem(source: string, language: string): Item {
  const { shown, more } = shorten(source);
  return { kind: 'main', blocks: [{ kind: 'code', source: shown, language, ...(more ? { more } : {}) }], notes: more ? [pre(source, 'notes-code')] : [] };
}

/** Text output (streams, errors, plain results): small ones ride along, long ones are shortened. */
function textItems(output: string, className: string): Item[] {
  const text = output.replace(/\n$/, '');
  if (text.trim() === '') return [];
  const lines = text.split('\n');
  if (lines.length <= FIT.maxLines && text.length <= FIT.smallChars) return [{ kind: 'small', block: { kind: 'output', html: pre(text, className) } }];
  const { shown, more } = shorten(text);
  return [{ kind: 'main', blocks: [{ kind: 'output', html: pre(shown, className) + (more ? moreLine(more) : '') }], notes: more ? [pre(text, 'notes-output')] : [] }];
}

function listItem(part: Extract<MarkdownPart, { kind: 'list' }>): Item {
  const short = part.items.length <= FIT.listItems && part.items.every((i) => i.text.length <= FIT.itemChars);
  if (short) return { kind: 'main', blocks: [{ kind: 'markdown', html: part.html }], notes: [] };
  const tag = part.ordered ? 'ol' : 'ul';
  const shown = part.items.slice(0, FIT.listItems).map((i) => `<li>${itemHeadline(i)}</li>`);
  const rest = part.items.length - FIT.listItems;
  if (rest > 0) shown.push(`<li class="more">… ${rest} more, in the notes</li>`);
  return { kind: 'main', blocks: [{ kind: 'markdown', html: `<${tag} class="headlines">${shown.join('')}</${tag}>` }], notes: [part.html] };
}

/** The output's text when it is shown as text (a stream, an error, a plain result), with its class. */
function outputText(output: NotebookOutput): { text: string; className: string } | null {
  if (output.output_type === 'stream') return { text: stripAnsi(joinText(output.text)), className: output.name === 'stderr' ? 'output-text output-stderr' : 'output-text' };
  if (output.output_type === 'error') {
    return { text: stripAnsi((output.traceback ?? []).join('\n') || `${output.ename}: ${output.evalue}`), className: 'output-text output-error' };
  }
  const data = output.data ?? {};
  const rich = ['application/vnd.plotly.v1+json', 'text/html', 'image/svg+xml', 'image/png', 'image/jpeg'].some((m) => data[m]);
  if (!rich && data['text/plain']) return { text: stripAnsi(joinText(data['text/plain'] as string | string[])), className: 'output-text' };
  return null;
}

/** A code cell's outputs as items: consecutive prints to one stream are one text, as Jupyter shows them. */
function outputItems(outputs: NotebookOutput[]): Item[] {
  const items: Item[] = [];
  let stream: { text: string; className: string } | undefined;
  const endStream = () => {
    if (stream) items.push(...textItems(stream.text, stream.className));
    stream = undefined;
  };
  for (const output of outputs) {
    const text = outputText(output);
    if (text && output.output_type === 'stream') {
      if (stream && stream.className === text.className) stream.text += text.text;
      else {
        endStream();
        stream = { ...text };
      }
      continue;
    }
    endStream();
    if (text) {
      items.push(...textItems(text.text, text.className));
      continue;
    }
    const block = outputBlock(output);
    if (block?.kind === 'chart') items.push({ kind: 'main', blocks: [{ kind: 'chart', figure: block.figure }], notes: [] });
    else if (block) items.push({ kind: 'main', blocks: [{ kind: 'output', html: block.html }], notes: [] });
  }
  endStream();
  return items;
}

/** The lead a slide shows for a paragraph: all of it when short, else its first sentences (the whole in the notes). */
function lead(item: Extract<Item, { kind: 'text' }>): { html: string | null; whole: boolean } {
  if (item.text.length <= FIT.leadChars) return { html: item.html, whole: true };
  if (!/^<p>/.test(item.html)) return { html: null, whole: false };
  // Whole sentences, or else the first clauses and an ellipsis.
  const raw = item.raw.replace(/\s*\n\s*/g, ' ');
  const sentences = shortStart(raw, FIT.leadChars, false);
  if (sentences) return { html: renderMarkdown(sentences), whole: false };
  const clauses = shortStart(raw, FIT.leadChars - 2, true);
  return { html: clauses ? renderMarkdown(`${clauses.replace(/[,;:—\s]+$/, '')} …`) : null, whole: false };
}

/**
 * Lays a heading's section out on slides: the first slide has the heading, each further chart, table, list or
 * long output gets a slide of its own below it ("… (continued)"). The text before one becomes its lead (the text
 * that introduces it, ending in a colon, or else the start of the first paragraph); other prose goes to the notes.
 * Short text after the last one stays under it as a caption.
 */
function layoutSection(heading: MarkdownPiece['heading'], items: Item[]): Slide[] {
  let slide: Slide = { ...(heading ? { heading } : {}), blocks: [], notes: [] };
  const slides = [slide];
  let hasMain = false;
  let pending: Item[] = [];
  const placeLead = (target: Slide) => {
    const texts = pending.filter((p): p is Extract<Item, { kind: 'text' }> => p.kind === 'text');
    const last = texts[texts.length - 1];
    const chosen = last && /:\s*<\/p>$/.test(last.html) && last.text.length <= FIT.leadChars ? last : texts[0];
    for (const p of pending) {
      if (p.kind === 'small') target.blocks.push(p.block);
      else if (p.kind === 'text' && p === chosen) {
        const { html, whole } = lead(p);
        if (html) target.blocks.push({ kind: 'markdown', html });
        if (!whole) target.notes.push(p.html);
      } else if (p.kind === 'text') target.notes.push(p.html);
    }
    pending = [];
  };
  for (const item of items) {
    if (item.kind === 'small' && hasMain && pending.length === 0) slide.blocks.push(item.block);
    else if (item.kind !== 'main') pending.push(item);
    else {
      if (hasMain) {
        slide = { ...(heading ? { continues: headingText(heading.html) } : {}), blocks: [], notes: [] };
        slides.push(slide);
      }
      placeLead(slide);
      slide.blocks.push(...item.blocks);
      slide.notes.push(...item.notes);
      hasMain = true;
    }
  }
  if (!hasMain) placeLead(slide);
  else {
    let caption = true;
    for (const p of pending) {
      if (p.kind === 'small') slide.blocks.push(p.block);
      else if (p.kind === 'text' && caption && p.text.length <= FIT.leadChars) {
        slide.blocks.push({ kind: 'markdown', html: p.html });
        caption = false;
      } else if (p.kind === 'text') {
        slide.notes.push(p.html);
        caption = false;
      }
    }
  }
  return slides;
}

/**
 * The deck's structure from a notebook's committed cells and outputs (nothing is executed): each heading down to
 * ### starts a slide — # and ## a new horizontal slide, ### a slide below the current one — and its section is
 * laid out on that slide and the ones below it (see layoutSection).
 */
export function planDeck(notebook: Notebook, options: PlanOptions): DeckPlan {
  const sections: Array<{ heading?: MarkdownPiece['heading']; items: Item[] }> = [];
  const current = () => {
    if (sections.length === 0) sections.push({ items: [] });
    return sections[sections.length - 1].items;
  };
  let title = '';
  for (const cell of notebook.cells) {
    if (hasTag(cell, 'remove-cell')) continue;
    if (cell.cell_type === 'markdown') {
      for (const piece of markdownPieces(joinText(cell.source))) {
        if (piece.heading) {
          sections.push({ heading: piece.heading, items: [] });
          if (!title && piece.heading.depth === 1) title = headingText(piece.heading.html);
        }
        for (const part of piece.parts) {
          if (part.kind === 'text') current().push(part);
          else if (part.kind === 'list') current().push(listItem(part));
          else if (part.kind === 'code') current().push(codeItem(part.source.trimEnd(), part.language));
          else current().push({ kind: 'main', blocks: [{ kind: 'markdown', html: part.html }], notes: [] });
        }
      }
    } else if (cell.cell_type === 'code') {
      const source = codeShown(cell, options) ? codeItem(joinText(cell.source).trimEnd(), notebook.language) : null;
      const outputs = hasTag(cell, 'hide-output', 'remove-output') ? [] : outputItems(cell.outputs ?? []);
      // A cell's code stays with its first output (deck.js parts them only when both do not fit one slide).
      const first = outputs[0];
      if (source?.kind === 'main' && first?.kind === 'main') outputs[0] = { kind: 'main', blocks: [...source.blocks, ...first.blocks], notes: [...source.notes, ...first.notes] };
      else if (source) current().push(source);
      current().push(...outputs);
    }
  }
  const stacks: Stack[] = [];
  for (const section of sections) {
    const slides = layoutSection(section.heading, section.items).filter((s) => s.heading || s.blocks.length > 0);
    if (slides.length === 0) continue;
    if (!section.heading || section.heading.depth <= 2 || stacks.length === 0) stacks.push({ slides });
    else stacks[stacks.length - 1].slides.push(...slides);
  }
  return { title: title || notebook.name, stacks };
}

/** How many charts a plan shows (what a browser should find drawn). */
export function chartCount(plan: DeckPlan): number {
  return plan.stacks.flatMap((s) => s.slides).flatMap((s) => s.blocks).filter((b) => b.kind === 'chart').length;
}
