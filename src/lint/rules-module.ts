/**
 * Loads custom rules for `kubevirt-netbind lint --rules <module>`: a JavaScript module (CommonJS or ESM), resolved
 * from the working directory, that exports `rules` (a list of `Rule` objects) or has such a list as its default
 * export.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { RuleSetError } from '../rules/custom';

/**
 * A real `import()`: TypeScript compiles `import()` to `require()` for CommonJS output, which cannot load ES
 * modules. Built once, on first use.
 */
let nativeImport: ((specifier: string) => Promise<Record<string, unknown>>) | undefined;

/** The rule list a module exports, or undefined when it exports none. */
function exportedRules(mod: Record<string, unknown>): unknown[] | undefined {
  if (Array.isArray(mod.rules)) return mod.rules;
  const def = mod.default as Record<string, unknown> | unknown[] | undefined;
  if (Array.isArray(def)) return def;
  if (def && typeof def === 'object' && Array.isArray((def as Record<string, unknown>).rules)) return (def as Record<string, unknown[]>).rules;
  return undefined;
}

/**
 * The rules of one module, unchecked (`combineRules` checks them).
 *
 * @param specifier the path as given on the command line
 * @param cwd the directory it is resolved against
 * @throws RuleSetError naming the file, when it is missing, does not load, or exports no rule list
 */
export async function loadRulesModule(specifier: string, cwd: string): Promise<{ file: string; rules: unknown[] }> {
  const file = path.resolve(cwd, specifier);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new RuleSetError(`--rules ${JSON.stringify(specifier)}: no such file ${file}`);
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    nativeImport ??= new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>;
    try {
      mod = await nativeImport(pathToFileURL(file).href);
    } catch (e) {
      // inside a vm context (test runners) a native import() has no loader: the runner's own import() has one
      if ((e as { code?: string })?.code !== 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING') throw e;
      mod = await import(/* @vite-ignore */ file);
    }
  } catch (e) {
    const why = String((e as Error)?.message ?? e).split('\n')[0].replace(/\.$/, '');
    throw new RuleSetError(`--rules ${JSON.stringify(specifier)}: cannot load ${file}: ${why.charAt(0).toLowerCase()}${why.slice(1)}`);
  }
  const rules = exportedRules(mod);
  if (!rules) {
    throw new RuleSetError(`--rules ${JSON.stringify(specifier)}: ${file} exports no rules; export "rules" as a list of rule objects, or make the list the default export`);
  }
  return { file, rules };
}
