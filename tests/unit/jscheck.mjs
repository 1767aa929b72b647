// Helpers for the figure tests, run by Node (tests/unit/jscheck.py).
// Reads {"mode": ..., "items": [...]} on stdin and writes one JSON answer per item on stdout.
//   syntax:   items are scripts; answer the SyntaxError message, or null when the script parses.
//   evaluate: items are JavaScript expressions, evaluated in an empty context (no alert, no window);
//             answer {"value": ...} or {"error": ...}.
//   vega:     items are {"name", "spec"} Vega-Lite specs; each is compiled by vega-lite and run by
//             vega (headless) from node_modules; answer {"warnings": [...], "svg": "..."}.
import path from "node:path";
import {pathToFileURL} from "node:url";
import vm from "node:vm";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const {mode, items, node_modules: nodeModules} = JSON.parse(input);
const answers = [];

if (mode === "syntax") {
  for (const code of items) {
    try { new vm.Script(code); answers.push(null); } catch (error) { answers.push(String(error)); }
  }
} else if (mode === "evaluate") {
  for (const code of items) {
    try { answers.push({value: vm.runInNewContext(code, {}, {timeout: 1000})}); }
    catch (error) { answers.push({error: String(error)}); }
  }
} else if (mode === "vega") {
  const vl = await import(pathToFileURL(path.join(nodeModules, "vega-lite/build/index.js")));
  const vega = await import(pathToFileURL(path.join(nodeModules, "vega/build/vega.module.js")));
  for (const {name, spec} of items) {
    const warnings = [];
    const logger = {
      level(level) { return level === undefined ? vega.Warn : this; },
      warn(...args) { warnings.push(args.join(" ")); return this; },
      error(...args) { warnings.push("ERROR " + args.join(" ")); return this; },
      info() { return this; },
      debug() { return this; },
    };
    let svg = "";
    try {
      const compiled = vl.compile(spec, {logger}).spec;
      const view = new vega.View(vega.parse(compiled), {renderer: "none", logger, logLevel: vega.Warn});
      await view.runAsync();
      svg = await view.toSVG();
      view.finalize();
    } catch (error) {
      warnings.push("EXCEPTION " + error.message);
    }
    answers.push({name, warnings, svg});
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
process.stdout.write(JSON.stringify(answers));
