import type { Figure } from '../charts/figure';
import { markdownPieces, type MarkdownPiece } from './markdown';
import { joinText, type Notebook, type NotebookCell } from './notebook-file';
import { outputBlock } from './output-html';

/** What a slide shows, in notebook order. */
export type Block =
  | { kind: 'markdown'; html: string }
  | { kind: 'code'; source: string; language: string }
  | { kind: 'output'; html: string }
  | { kind: 'chart'; figure: Figure };

export interface Slide {
  heading?: MarkdownPiece['heading'];
  blocks: Block[];
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
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/**
 * The deck's structure from a notebook's committed cells and outputs (nothing is executed): each heading down to
 * ### starts a slide — # and ## a new horizontal slide, ### a slide below the current one — and everything else
 * lands on the slide of the heading above it.
 */
export function planDeck(notebook: Notebook, options: PlanOptions): DeckPlan {
  const stacks: Stack[] = [];
  const current = (): Slide => {
    if (stacks.length === 0) stacks.push({ slides: [{ blocks: [] }] });
    const slides = stacks[stacks.length - 1].slides;
    return slides[slides.length - 1];
  };
  let title = '';
  for (const cell of notebook.cells) {
    if (hasTag(cell, 'remove-cell')) continue;
    if (cell.cell_type === 'markdown') {
      for (const piece of markdownPieces(joinText(cell.source))) {
        if (piece.heading) {
          const slide: Slide = { heading: piece.heading, blocks: [] };
          if (piece.heading.depth <= 2 || stacks.length === 0) stacks.push({ slides: [slide] });
          else stacks[stacks.length - 1].slides.push(slide);
          if (!title && piece.heading.depth === 1) title = headingText(piece.heading.html);
        }
        if (piece.html) current().blocks.push({ kind: 'markdown', html: piece.html });
      }
    } else if (cell.cell_type === 'code') {
      if (codeShown(cell, options)) current().blocks.push({ kind: 'code', source: joinText(cell.source).trimEnd(), language: notebook.language });
      if (hasTag(cell, 'hide-output', 'remove-output')) continue;
      for (const output of cell.outputs ?? []) {
        const block = outputBlock(output);
        if (block?.kind === 'chart') current().blocks.push({ kind: 'chart', figure: block.figure });
        else if (block) current().blocks.push({ kind: 'output', html: block.html });
      }
    }
  }
  for (const stack of stacks) stack.slides = stack.slides.filter((s) => s.heading || s.blocks.length > 0);
  return { title: title || notebook.name, stacks: stacks.filter((s) => s.slides.length > 0) };
}

/** How many charts a plan shows (what a browser should find drawn). */
export function chartCount(plan: DeckPlan): number {
  return plan.stacks.flatMap((s) => s.slides).flatMap((s) => s.blocks).filter((b) => b.kind === 'chart').length;
}
