import * as fs from 'node:fs';
import * as path from 'node:path';

/** The package root, found from this file whether it runs from src/ (tests) or dist/ (built). */
export const PROJECT_ROOT: string = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
})();
