import { marked, type Token, type Tokens } from 'marked';

/** Headings at this depth or above (#, ##, ###) start a slide. */
export const SLIDE_HEADING_DEPTH = 3;

/**
 * One top-level block of a markdown cell, as a slide uses it: prose (a paragraph, a quote, a deeper heading), a
 * list, fenced code, or anything else shown as it is (a table, an image).
 */
export type MarkdownPart =
  | { kind: 'text'; html: string; text: string; raw: string }
  | { kind: 'list'; html: string; ordered: boolean; items: Array<{ raw: string; text: string }> }
  | { kind: 'code'; source: string; language: string }
  | { kind: 'block'; html: string };

/** A run of a markdown cell: the heading that starts it (if any) and the HTML of what follows it, whole and in parts. */
export interface MarkdownPiece {
  heading?: { depth: number; text: string; html: string };
  html: string;
  parts: MarkdownPart[];
}

/** Plain text of rendered HTML (tags dropped, entities decoded), whitespace collapsed. */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Markdown text (a prefix of a paragraph, a list item's headline) rendered as a deck renders it: links to notebooks point at decks. */
export function renderMarkdown(source: string, inline = false): string {
  const tokens = marked.lexer(source);
  // Synchronous (no async extension is registered), though typed as returning promises: nothing to await.
  void marked.walkTokens(tokens, (token) => {
    if (token.type === 'link') (token as Tokens.Link).href = deckHref((token as Tokens.Link).href);
  });
  const html = marked.parser(tokens).trim();
  return inline ? html.replace(/^<p>([\s\S]*)<\/p>$/, '$1') : html;
}

function markdownPart(token: Token, render: (body: Token[]) => string): MarkdownPart | null {
  if (token.type === 'space' || token.type === 'hr' || token.type === 'def') return null;
  const html = render([token]);
  if (token.type === 'code') return { kind: 'code', source: (token as Tokens.Code).text, language: (token as Tokens.Code).lang || 'plaintext' };
  if (token.type === 'list') {
    const list = token as Tokens.List;
    return { kind: 'list', html, ordered: list.ordered, items: list.items.map((item) => ({ raw: item.text, text: plainText(render(item.tokens)) })) };
  }
  // A paragraph of images only, or a table: shown as is.
  if (token.type === 'table' || (token.type === 'paragraph' && plainText(html) === '' && /<img\b/.test(html))) return { kind: 'block', html };
  return { kind: 'text', html, text: plainText(html), raw: token.raw.trim() };
}

/** A relative link to another notebook points at that notebook's deck, written beside this one. */
export function deckHref(href: string): string {
  const m = /^([^:/?#][^:?#]*)\.ipynb(#.*)?$/.exec(href);
  return m ? `${m[1]}.slides.html${m[2] ?? ''}` : href;
}

/**
 * Splits a markdown cell where a heading starts a slide (on the parsed tokens, so a `# comment` inside a
 * fenced code block is not a heading) and renders each piece to HTML.
 */
export function markdownPieces(source: string): MarkdownPiece[] {
  const tokens = marked.lexer(source);
  // Synchronous (no async extension is registered), though typed as returning promises: nothing to await.
  void marked.walkTokens(tokens, (token) => {
    if (token.type === 'link') (token as Tokens.Link).href = deckHref((token as Tokens.Link).href);
  });
  const pieces: Array<{ heading?: Tokens.Heading; body: Token[] }> = [{ body: [] }];
  for (const token of tokens) {
    if (token.type === 'heading' && (token as Tokens.Heading).depth <= SLIDE_HEADING_DEPTH) pieces.push({ heading: token as Tokens.Heading, body: [] });
    else pieces[pieces.length - 1].body.push(token);
  }
  const render = (body: Token[]) => marked.parser(Object.assign(body, { links: (tokens as any).links ?? {} }) as any).trim();
  return pieces
    .filter((p, i) => i > 0 || p.body.some((t) => t.type !== 'space'))
    .map((p) => ({
      ...(p.heading ? { heading: { depth: p.heading.depth, text: p.heading.text, html: render([p.heading]) } } : {}),
      html: render(p.body),
      parts: p.body.map((t) => markdownPart(t, render)).filter((part): part is MarkdownPart => part !== null),
    }));
}
