import type { DeckAssets } from './assets';
import { escapeHtml, scriptJson } from './output-html';
import { headingText, type Block, type DeckPlan, type Slide } from './slide-plan';

/** The slide size reveal.js lays out and scales to the window; charts are sized to fit it. */
export const SLIDE = { width: 1280, height: 720 };
/**
 * The part of a slide content may fill: reveal.js's controls (bottom right) and the slide number (bottom left) sit
 * over the slide's corners at 1280×720, so content keeps clear of the bottom 20 px and the right 96 px
 * (deck.css pads the slide's right side by PAD_RIGHT; deck.js fits content into `fitHeight`).
 */
export const CONTENT = { fitHeight: 700, padRight: 96 };
export const CHART = { width: 1000, height: 430 };

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'markdown':
      return `<div class="block block-markdown">${block.html}</div>`;
    case 'output':
      return `<div class="block block-output">${block.html}</div>`;
    case 'code': {
      const more = block.more ? `<p class="more">… ${block.more} more lines, full text in the notes</p>` : '';
      return `<div class="block block-code"><pre><code class="language-${escapeHtml(block.language)}">${escapeHtml(block.source)}</code></pre>${more}</div>`;
    }
    case 'chart':
      // The figure's JSON beside its div; the deck script draws it when its slide shows.
      return (
        `<div class="block block-chart"><div class="chart" style="width:${CHART.width}px;height:${CHART.height}px"></div>` +
        `<script type="application/json" class="figure">${scriptJson(block.figure)}</script></div>`
      );
  }
}

function slideHtml(slide: Slide): string {
  const titleText = slide.heading ? headingText(slide.heading.html) : slide.continues;
  const title = titleText ? ` data-title="${escapeHtml(titleText)}"` : '';
  const top = slide.heading?.html ?? (slide.continues ? `<p class="continued">${escapeHtml(slide.continues)} (continued)</p>` : '');
  const notes = slide.notes.length ? `\n<aside class="notes">${slide.notes.join('\n')}</aside>` : '';
  return `<section class="slide${slide.continues ? ' continuation' : ''}"${title}>\n${top}\n${slide.blocks.map(blockHtml).join('\n')}${notes}\n</section>`;
}

/** One self-contained HTML file: the slides, reveal.js, Plotly and the deck's script and style, all inline. */
export function deckDocument(plan: DeckPlan, assets: DeckAssets, links: { dataDocs?: string } = {}): string {
  const codeShown = plan.stacks.some((s) => s.slides.some((sl) => sl.blocks.some((b) => b.kind === 'code')));
  // The title slide (the deck's first) links to the data docs beside the deck (a relative href), when there are some.
  const titleLink = links.dataDocs
    ? `<a class="data-docs-link" href="${escapeHtml(links.dataDocs)}" style="position:absolute;top:0;right:0;font-size:0.6em">Data docs</a>\n`
    : '';
  const titled = (slide: Slide, first: boolean) => (first && titleLink ? slideHtml(slide).replace(/<\/section>$/, `${titleLink}</section>`) : slideHtml(slide));
  const stacks = plan.stacks.map((stack, i) => `<section class="stack">\n${stack.slides.map((s, j) => titled(s, i === 0 && j === 0)).join('\n')}\n</section>`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="generator" content="sparkify present">
<title>${escapeHtml(plan.title)}</title>
<style>${assets.revealCss}</style>
<style>${assets.themeCss}</style>
${codeShown ? `<style>${assets.highlightCss}</style>` : ''}
<style>${assets.deckCss}</style>
</head>
<body>
<div class="reveal"><div class="slides">
${stacks.join('\n')}
</div></div>
<script type="application/json" id="deck-config">${scriptJson({ ...SLIDE, ...CONTENT, chart: CHART })}</script>
<script>${assets.revealJs}</script>
${codeShown ? `<script>${assets.highlightJs}</script>` : ''}
<script>${assets.notesJs}</script>
<script>${assets.plotlyJs}</script>
<script>${assets.deckJs}</script>
</body>
</html>
`;
}
