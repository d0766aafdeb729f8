import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import { plotlyBundle } from '../report/plotly-bundle';

/** A file of an installed package, read as text for inlining (`</script` escaped: it would end the element early). */
function packageFile(specifier: string): string {
  return fs.readFileSync(require.resolve(specifier), 'utf8').replace(/<\/script/gi, '<\\/script');
}

/** The deck's own browser script and style, kept as plain files beside this code (src/present/client/). */
function clientFile(name: string): string {
  return fs.readFileSync(path.join(PROJECT_ROOT, 'src', 'present', 'client', name), 'utf8');
}

/** Everything a deck inlines, from the installed packages (reveal.js, plotly.js-dist-min): nothing is fetched. */
export interface DeckAssets {
  revealCss: string;
  themeCss: string;
  revealJs: string;
  plotlyJs: string;
  deckCss: string;
  deckJs: string;
  highlightJs: string;
  highlightCss: string;
  /** reveal.js's speaker notes (the S key): its speaker view is inside the plugin, nothing is fetched. */
  notesJs: string;
}

let cached: DeckAssets | null = null;

export function deckAssets(): DeckAssets {
  cached ??= {
    revealCss: packageFile('reveal.js/reveal.css'),
    // The white theme embeds its fonts as data: URLs (simple.css and others import Google Fonts).
    themeCss: packageFile('reveal.js/theme/white.css'),
    revealJs: packageFile('reveal.js'),
    plotlyJs: plotlyBundle(),
    deckCss: clientFile('deck.css'),
    deckJs: clientFile('deck.js'),
    highlightJs: packageFile('reveal.js/plugin/highlight'),
    highlightCss: packageFile('reveal.js/plugin/highlight/monokai.css'),
    notesJs: packageFile('reveal.js/plugin/notes'),
  };
  return cached;
}
