import type { DeckAssets } from './assets';
import { escapeHtml, scriptJson } from './output-html';
import { headingText, type Block, type DeckPlan, type Slide } from './slide-plan';

/** The slide size reveal.js lays out and scales to the window; charts are sized to fit it. */
export const SLIDE = { width: 1280, height: 720 };
export const CHART = { width: 1000, height: 430 };

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'markdown':
      return `<div class="block block-markdown">${block.html}</div>`;
    case 'output':
      return `<div class="block block-output">${block.html}</div>`;
    case 'code':
      return `<div class="block block-code"><pre><code class="language-${escapeHtml(block.language)}">${escapeHtml(block.source)}</code></pre></div>`;
    case 'chart':
      // The figure's JSON beside its div; the deck script draws it when its slide shows.
      return (
        `<div class="block block-chart"><div class="chart" style="width:${CHART.width}px;height:${CHART.height}px"></div>` +
        `<script type="application/json" class="figure">${scriptJson(block.figure)}</script></div>`
      );
  }
}

function slideHtml(slide: Slide): string {
  const title = slide.heading ? ` data-title="${escapeHtml(headingText(slide.heading.html))}"` : '';
  return `<section class="slide"${title}>\n${slide.heading?.html ?? ''}\n${slide.blocks.map(blockHtml).join('\n')}\n</section>`;
}

/** One self-contained HTML file: the slides, reveal.js, Plotly and the deck's script and style, all inline. */
export function deckDocument(plan: DeckPlan, assets: DeckAssets): string {
  const codeShown = plan.stacks.some((s) => s.slides.some((sl) => sl.blocks.some((b) => b.kind === 'code')));
  const stacks = plan.stacks.map((stack) => `<section class="stack">\n${stack.slides.map(slideHtml).join('\n')}\n</section>`);
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
<script type="application/json" id="deck-config">${scriptJson(SLIDE)}</script>
<script>${assets.revealJs}</script>
${codeShown ? `<script>${assets.highlightJs}</script>` : ''}
<script>${assets.plotlyJs}</script>
<script>${assets.deckJs}</script>
</body>
</html>
`;
}
