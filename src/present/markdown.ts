import { marked, type Token, type Tokens } from 'marked';

/** Headings at this depth or above (#, ##, ###) start a slide. */
export const SLIDE_HEADING_DEPTH = 3;

/** A run of a markdown cell: the heading that starts it (if any) and the HTML of what follows it. */
export interface MarkdownPiece {
  heading?: { depth: number; text: string; html: string };
  html: string;
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
  marked.walkTokens(tokens, (token) => {
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
    }));
}
