import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { appDefaultVersion, appRules, appStrict } from './context';
import { ALL_RULES } from './rules/all';
import { ruleProblem } from './rules/custom';
import { describeRef, runRules } from './rules/engine';
import type { Finding, Rule } from './rules/types';
import { KubeVirtVersion } from './version';

/** What one scope (a cluster, or the objects under no cluster) is checked with. */
export interface CheckSettings {
  readonly version: KubeVirtVersion;
  readonly strict: boolean;
  /** The app's rules (`NetbindApp`'s `rules`), run after the library's own in every scope. */
  readonly appRules: readonly Rule[];
  /** The scope's own rules (`KubeVirtCluster`'s `rules`), run after the app's. */
  readonly ownRules?: readonly Rule[];
  /** The cluster's name; undefined for the objects under no cluster. */
  readonly name?: string;
  /** Problems with the settings themselves (a bad context value), reported by the scope. */
  readonly problems?: readonly string[];
}

/** An API object that can give the rules its manifest without being serialized. */
export interface ILintable {
  /**
   * The manifest as serialization would make it (keys in any order; of the metadata, at least what the rules read:
   * the name and namespace, and annotations of cluster CRs), or undefined when only serializing tells.
   */
  lintManifest(): Record<string, unknown> | undefined;
}

/** An API object that can name, for a field of its manifest, the library API that wrote it. */
export interface IDescribable {
  /** The props path (and the value's factory, where one made it) that wrote the manifest field `path`, if any. */
  describePath(path: string): string | undefined;
}

function isLintable(o: ApiObject): o is ApiObject & ILintable {
  return typeof (o as unknown as Partial<ILintable>).lintManifest === 'function';
}

function describerOf(o: ApiObject): IDescribable | undefined {
  return typeof (o as unknown as Partial<IDescribable>).describePath === 'function' ? o as unknown as IDescribable : undefined;
}

const SCOPE = Symbol.for('cdk8s-kubevirt-netbind.Scope');
const ROOT_SCOPE = Symbol.for('cdk8s-kubevirt-netbind.RootScope');
const SYNTH_TOKEN = Symbol.for('cdk8s-kubevirt-netbind.SynthToken');
const KEEP_RUNS = Symbol.for('cdk8s-kubevirt-netbind.KeepRuns');

/** What one check of a scope saw and found: kept within a synthesis for an app that draws its bindings. */
export interface ScopeRun {
  /** The scope's API objects, in the order of `manifests`. */
  readonly objects: readonly ApiObject[];
  /** The manifests the rules read (`objectIndex` of a finding is a position here). */
  readonly manifests: readonly Record<string, unknown>[];
  readonly findings: readonly Finding[];
}

/** The scope of each construct asked about. */
const scopeOf = new WeakMap<IConstruct, AppCheck>();

/** True for a construct that is a scope of its own (a cluster). */
export function isScopeOwner(c: IConstruct): boolean {
  return SCOPE in c;
}

/**
 * The rule engine over one scope: a `KubeVirtCluster` and everything under it, or the app's objects under no
 * cluster. It runs when the app is validated (`app.synth()`, `Testing.synth()`), and hands each of the library's
 * constructs the findings about its own object.
 *
 * cdk8s validates the construct tree in pre-order, so the validation on the scope's owner (the cluster, or the app
 * root) runs before the validations of the constructs under it: it collects the scope's manifests and runs the
 * rules; the library's constructs then report their own findings, which cdk8s prefixes with their construct path.
 * Findings on objects the library did not make are reported by the owner, with the object's construct path.
 */
export class AppCheck {
  /** Makes `owner` a scope of its own, checked with `settings` (read when the check runs). */
  public static declareScope(owner: Construct, settings: () => CheckSettings): AppCheck {
    const check = new AppCheck(owner, settings);
    Object.defineProperty(owner, SCOPE, { value: check });
    // the root's check also runs the checks across scopes (cluster names)
    AppCheck.rootOf(owner);
    return check;
  }

  /** The check of the scope that holds `scope`: its cluster's, or the app's for objects under no cluster. */
  public static of(scope: IConstruct): AppCheck {
    // a construct never moves in the tree, so its scope is looked up once
    const known = scopeOf.get(scope);
    if (known) return known;
    const scopes = scope.node.scopes;
    let check: AppCheck | undefined;
    for (let i = scopes.length - 1; i > 0 && !check; i--) check = (scopes[i] as unknown as Record<symbol, AppCheck | undefined>)[SCOPE];
    check ??= AppCheck.rootOf(scope);
    scopeOf.set(scope, check);
    return check;
  }

  /** Every scope of the app that holds `scope`, the root's first. */
  public static scopesOf(scope: IConstruct): AppCheck[] {
    const out = [AppCheck.rootOf(scope)];
    walk(scope.node.root, (c) => {
      const owned = (c as unknown as Record<symbol, AppCheck | undefined>)[SCOPE];
      if (owned) out.push(owned);
      return true;
    });
    return out;
  }

  /**
   * Runs `synth` as one synthesis: cdk8s validates the whole app again for every chart it serializes
   * (`Chart.toJson()`), and the tree cannot change meanwhile, so within it each scope's first result is reused.
   */
  public static duringSynth<T>(scope: IConstruct, synth: () => T): T {
    const root = scope.node.root as unknown as Record<symbol, object | undefined>;
    // the outermost call owns the synthesis
    const outermost = root[SYNTH_TOKEN] === undefined;
    if (outermost) root[SYNTH_TOKEN] = {};
    try {
      return synth();
    } finally {
      if (outermost) {
        root[SYNTH_TOKEN] = undefined;
        for (const s of AppCheck.scopesOf(scope)) {
          s.cached = undefined;
          s.errorsCache = undefined;
          s.kept = undefined;
        }
      }
    }
  }

  /**
   * A token of the synthesis under way (`duringSynth`) of the app that holds `scope`, a new one for each synthesis;
   * undefined outside one. The tree cannot change during a synthesis, so what is derived from it can be kept, for
   * as long as the token is the current one.
   */
  public static synthToken(scope: IConstruct): object | undefined {
    return (scope.node.root as unknown as Record<symbol, object | undefined>)[SYNTH_TOKEN];
  }

  /**
   * Makes every scope of the app that holds `scope` keep what its check saw and found (`lastRun`) within a
   * synthesis: for a synth that draws the app's bindings. Off by default: it keeps the manifests alive.
   */
  public static keepRuns(scope: IConstruct): void {
    (scope.node.root as unknown as Record<symbol, boolean | undefined>)[KEEP_RUNS] = true;
  }

  private static rootOf(scope: IConstruct): AppCheck {
    const root = scope.node.root as Construct;
    const existing = (root as unknown as Record<symbol, AppCheck | undefined>)[ROOT_SCOPE];
    if (existing) return existing;
    const check = new AppCheck(root, () => rootSettings(root));
    Object.defineProperty(root, ROOT_SCOPE, { value: check });
    return check;
  }

  private readonly owned = new Set<ApiObject>();
  private readonly shapeProblems = new Map<ApiObject, readonly string[]>();
  private byObject = new Map<ApiObject, Finding[]>();
  private warningsOfLastRun: string[] = [];
  private cached?: string[];
  /** Within a synthesis: each object's errors, as `errorsFor` gave them (cdk8s validates the app more than once). */
  private errorsCache?: Map<ApiObject, string[]>;
  private readonly configurations: Construct[] = [];
  private readonly notes: string[] = [];
  private kept?: ScopeRun;

  private constructor(private readonly owner: Construct, private readonly settingsOf: () => CheckSettings) {
    owner.node.addValidation({ validate: () => this.run() });
  }

  /** The release, strictness and rules the scope is checked with. */
  public get settings(): CheckSettings {
    return this.settingsOf();
  }

  /** The construct that owns the scope: a `KubeVirtCluster`, or the app's root for the objects under no cluster. */
  public get scope(): Construct {
    return this.owner;
  }

  /** What the check saw and found, within a synthesis of an app that keeps runs (`keepRuns`); else undefined. */
  public get lastRun(): ScopeRun | undefined {
    return this.kept;
  }

  /** How messages name the scope: `cluster prod`, or `the objects under no cluster`. */
  public get label(): string {
    const name = this.settingsOf().name;
    return name === undefined ? 'the objects under no cluster' : `cluster ${name}`;
  }

  /**
   * Marks an API object as made by one of the library's constructs, which reports its findings itself. A finding
   * about a props path with a shape problem (`problemPaths`; or one inside it, or around it) is left out: the shape
   * error already says what is wrong there.
   */
  public own(obj: ApiObject, problemPaths: readonly string[] = []): void {
    this.owned.add(obj);
    if (problemPaths.length > 0) this.shapeProblems.set(obj, problemPaths);
  }

  /** Declares a cluster configuration of the scope: a scope holds one. */
  public declareConfiguration(c: Construct): void {
    this.configurations.push(c);
  }

  /** Error messages about one API object, from the last run. */
  public errorsFor(obj: ApiObject | undefined): string[] {
    if (!obj) return [];
    const known = this.errorsCache?.get(obj);
    if (known) return known;
    const describe = describerOf(obj);
    const problems = this.shapeProblems.get(obj) ?? [];
    const out = new Set<string>();
    for (const f of this.byObject.get(obj) ?? []) {
      if (f.severity !== 'error') continue;
      const api = describe && f.path ? describe.describePath(f.path) : undefined;
      if (api !== undefined && problems.some((p) => related(apiPathOf(api), p))) continue;
      out.add(formatFinding(f, describe));
    }
    const errors = [...out];
    this.errorsCache?.set(obj, errors);
    return errors;
  }

  /** Warnings of the last run, each prefixed with its construct path, then the notes (`addNote`). */
  public get warnings(): readonly string[] {
    return this.notes.length === 0 ? this.warningsOfLastRun : [...this.warningsOfLastRun, ...this.notes];
  }

  /**
   * Advice a construct gives about itself (not a rule finding, so not an error under `strict`), shown with the
   * scope's warnings as `[construct path] text`.
   */
  public addNote(c: IConstruct, text: string): void {
    this.notes.push(`[${c.node.path}] ${text}`);
  }

  /** The API objects of the scope: under its owner, not under another scope. */
  private objects(): ApiObject[] {
    const out: ApiObject[] = [];
    walk(this.owner, (c) => {
      if (c !== this.owner && isScopeOwner(c)) return false;
      if (c instanceof ApiObject) out.push(c);
      return true;
    });
    return out;
  }

  private run(): string[] {
    const synthesizing = AppCheck.synthToken(this.owner) !== undefined;
    if (synthesizing && this.cached) return this.cached;
    const settings = this.settingsOf();
    const errors: string[] = [...(settings.problems ?? [])];
    if (this.configurations.length > 1) {
      errors.push(`${this.label} has ${this.configurations.length} cluster configurations (${this.configurations.map((c) => c.node.path).join(', ')}); a cluster has one KubeVirt or HyperConverged CR, so keep one, or put each under a KubeVirtCluster of its own`);
    }
    // problems with the app's rules are the root's to report, once
    const isRoot = this.owner.node.scope === undefined;
    const rules = combineRules([
      { label: 'NetbindApp rules', rules: settings.appRules, report: isRoot },
      { label: 'KubeVirtCluster rules', rules: settings.ownRules ?? [], report: true },
    ], errors);
    const objects = this.objects();
    // Objects that can share their data are not serialized here; the others are.
    const manifests = objects.map((o) => (isLintable(o) ? o.lintManifest() : undefined) ?? o.toJson());
    const ruleErrors: string[] = [];
    const findings = runRules(rules.map((r) => guarded(r, ruleErrors)), manifests, { version: settings.version, strict: settings.strict });
    errors.push(...ruleErrors);
    if (synthesizing && (this.owner.node.root as unknown as Record<symbol, boolean | undefined>)[KEEP_RUNS]) {
      this.kept = { objects, manifests, findings };
    }
    this.byObject = new Map();
    const warnings = new Set<string>();
    const rootErrors = new Set<string>();
    for (const f of findings) {
      const obj = objects[f.objectIndex];
      const text = formatFinding(f, describerOf(obj));
      if (f.severity === 'warning') {
        // the library's objects are named by their construct, as their errors are
        const where = this.owned.has(obj) && obj.node.scope ? obj.node.scope.node.path : obj.node.path;
        warnings.add(`[${where}] ${text}`);
      } else if (this.owned.has(obj)) {
        const list = this.byObject.get(obj) ?? [];
        list.push(f);
        this.byObject.set(obj, list);
      } else {
        rootErrors.add(`${obj.node.path}: ${text}`);
      }
    }
    errors.push(...rootErrors);
    this.warningsOfLastRun = [...warnings];
    if (synthesizing) {
      this.cached = errors;
      this.errorsCache = new Map();
    } else {
      this.errorsCache = undefined;
    }
    return errors;
  }
}

/** Settings of the objects under no cluster: the app's context keys (set by `NetbindApp`'s props). */
function rootSettings(root: Construct): CheckSettings {
  const version = appDefaultVersion(root);
  const problems: string[] = version.problem ? [version.problem] : [];
  const names = new Map<string, string[]>();
  walk(root, (c) => {
    const name = (c as unknown as Record<symbol, AppCheck | undefined>)[SCOPE]?.settings.name;
    if (name !== undefined) names.set(name, [...names.get(name) ?? [], c.node.path]);
    return true;
  });
  for (const [name, paths] of names) {
    if (paths.length > 1) problems.push(`clusters ${paths.join(' and ')} are both named "${name}"; each cluster needs a name of its own (its output folder): set KubeVirtCluster's name`);
  }
  return {
    version: version.version ?? KubeVirtVersion.NEWEST,
    strict: appStrict(root),
    appRules: appRules<Rule>(root),
    problems,
  };
}

const BUILT_IN_IDS = new Set(ALL_RULES.map((r) => r.meta.id));

/**
 * The library's rules, then the custom ones that keep the `Rule` contract (`ruleProblem`) and have ids of their own.
 * Every problem with a custom rule of a list to `report` goes to `errors`, so all are reported at once; a bad rule of
 * another list is left out silently (its own scope reports it).
 */
function combineRules(lists: ReadonlyArray<{ label: string; rules: readonly Rule[]; report: boolean }>, errors: string[]): Rule[] {
  const out: Rule[] = [...ALL_RULES];
  const owners = new Map<string, string>(ALL_RULES.map((r) => [r.meta.id, `the built-in rule "${r.meta.id}"`]));
  const seen = new Set<unknown>();
  for (const { label, rules, report } of lists) {
    rules.forEach((r, i) => {
      // the same rule given to the app and to a cluster runs once
      if (seen.has(r)) return;
      seen.add(r);
      const problem = ruleProblem(r);
      const owner = problem === undefined ? owners.get(r.meta.id) : undefined;
      if (problem !== undefined) {
        if (report) errors.push(`${label}[${i}] ${problem}`);
      } else if (owner !== undefined) {
        if (report) errors.push(`${label}[${i}] has id "${r.meta.id}", which ${owner} already has; give your rule another id`);
      } else {
        owners.set(r.meta.id, `${label}[${i}]`);
        out.push(r);
      }
    });
  }
  return out;
}

/** A rule whose failure (a thrown error) is reported instead of ending the synth. */
function guarded(rule: Rule, errors: string[]): Rule {
  if (BUILT_IN_IDS.has(rule.meta.id)) return rule;
  return {
    meta: rule.meta,
    check(ctx) {
      try {
        rule.check(ctx);
      } catch (e) {
        errors.push(`rule ${rule.meta.id} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
}

/** The props path of a described field: `interfaces[0].binding` of `interfaces[0].binding (CoreBinding.PASST)`. */
function apiPathOf(described: string): string {
  const space = described.indexOf(' ');
  return space < 0 ? described : described.slice(0, space);
}

/** True when one props path is the other or lies inside it (`interfaces[0]` and `interfaces[0].binding`). */
function related(a: string, b: string): boolean {
  const inside = (x: string, y: string) => x === y || (x.startsWith(y) && (x[y.length] === '.' || x[y.length] === '['));
  return inside(a, b) || inside(b, a);
}

/** Pre-order walk; `visit` returns false to skip a subtree. */
function walk(c: IConstruct, visit: (c: IConstruct) => boolean): void {
  if (!visit(c)) return;
  for (const child of c.node.children) walk(child, visit);
}

/**
 * `field: message (rule-id; Kind ns/name)`, the way the library's constructs report a finding. Where the object's
 * construct can name the props that wrote the field, the props path comes first and the manifest field follows.
 */
export function formatFinding(f: Finding, describe?: IDescribable): string {
  const api = f.path && describe ? describe.describePath(f.path) : undefined;
  const where = api ? `${api} (${f.path}): ` : f.path ? `${f.path}: ` : '';
  return `${where}${f.message} (${f.rule}; ${describeRef(f.object)})`;
}
