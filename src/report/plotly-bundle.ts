import * as fs from 'node:fs';

/** The minified Plotly bundle, read from the installed package so the report embeds it and works offline. */
export function plotlyBundle(): string {
  const file = require.resolve('plotly.js-dist-min/plotly.min.js');
  // A `</script` inside the bundle would end the inline element early: escape it (none in 4.1.1).
  return fs.readFileSync(file, 'utf8').replace(/<\/script/gi, '<\\/script');
}
