// Parses each Mermaid file named on the command line with Mermaid's own parser and prints
// "ok FILE TYPE" or "FAIL FILE: reason"; exits 1 when any file fails. jsdom stands in for the
// browser globals Mermaid loads with; parsing needs no layout.
import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';

const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const r = await mermaid.parse(readFileSync(file, 'utf8'));
    console.log(`ok ${file} ${r.diagramType}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${file}: ${String(e.message || e)}`);
  }
}
process.exit(failed ? 1 : 0);
