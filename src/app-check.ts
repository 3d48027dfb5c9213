import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { lint } from './rules';
import { describeRef } from './rules/engine';
import type { Finding } from './rules/types';
import { KubeVirtVersion } from './version';

const APP_CHECK = Symbol.for('cdk8s-kubevirt-netbind.AppCheck');

/** An API object that can give the rules its manifest without being serialized. */
export interface ILintable {
  /**
   * The manifest as serialization would make it (keys in any order; of the metadata, at least what the rules read:
   * the name and namespace, and annotations of cluster CRs), or undefined when only serializing tells.
   */
  lintManifest(): Record<string, unknown> | undefined;
}

function isLintable(o: ApiObject): o is ApiObject & ILintable {
  return typeof (o as unknown as Partial<ILintable>).lintManifest === 'function';
}

/**
 * Runs the rule engine once over every API object of an app when the app is validated (`app.synth()`,
 * `Testing.synth()`), and hands each construct the findings about its own object.
 *
 * cdk8s validates the construct tree in pre-order, so the validation on the app root runs first: it collects the
 * objects' manifests and runs the rules; the library's constructs then report their own findings, which cdk8s
 * prefixes with their construct path. Findings on objects the library did not make are reported by the root, with
 * the object's construct path.
 */
export class AppCheck {
  /** The check of the app that holds `scope`, created on first use. */
  public static of(scope: IConstruct): AppCheck {
    const app = rootOf(scope);
    const existing = (app as unknown as Record<symbol, AppCheck | undefined>)[APP_CHECK];
    if (existing) return existing;
    const check = new AppCheck(app);
    Object.defineProperty(app, APP_CHECK, { value: check });
    return check;
  }

  private readonly versions = new Map<string, { version: KubeVirtVersion; path: string }>();
  private readonly owned = new Set<ApiObject>();
  private byObject = new Map<ApiObject, Finding[]>();
  private warningsOfLastRun: string[] = [];
  /** >0 while `NetbindApp.synth()` runs: the tree cannot change then, so one run serves every validation pass. */
  private synthDepth = 0;
  private errorsOfSynth?: string[];
  /** JSON computed by the run, handed once to the synth's own `toJson()` call instead of serializing again. */
  private readonly memo = new Map<ApiObject, unknown>();
  private readonly originalToJson = new Map<ApiObject, () => any>();

  /** Warnings become errors. Set by `KubeVirtNetworking`'s `strict` prop. */
  public strict = false;

  private constructor(private readonly root: Construct) {
    root.node.addValidation({ validate: () => this.run() });
  }

  /** Declares the target release of a cluster configuration in the app. */
  public declareVersion(path: string, version: KubeVirtVersion): void {
    this.versions.set(path, { version, path });
  }

  /** Marks an API object as made by one of the library's constructs, which reports its findings itself. */
  public own(obj: ApiObject): void {
    this.owned.add(obj);
    // an object that shares its data with the rules is serialized once, by the synth: nothing to hand over
    if (isLintable(obj)) return;
    const original = obj.toJson.bind(obj);
    this.originalToJson.set(obj, original);
    obj.toJson = () => {
      if (this.memo.has(obj)) {
        const json = this.memo.get(obj);
        this.memo.delete(obj);
        return json;
      }
      return original();
    };
  }

  /**
   * Runs `synth` as one synthesis: cdk8s validates the whole app once per chart while it writes files
   * (`App._synthChart`), so within it the first validation's result is reused, and each object's JSON is computed
   * once for the rules and the YAML alike.
   */
  public duringSynth<T>(synth: () => T): T {
    this.synthDepth++;
    try {
      return synth();
    } finally {
      if (--this.synthDepth === 0) {
        this.errorsOfSynth = undefined;
        this.memo.clear();
      }
    }
  }

  /** Error messages about one API object, from the last run. */
  public errorsFor(obj: ApiObject | undefined): string[] {
    if (!obj) return [];
    return (this.byObject.get(obj) ?? []).filter((f) => f.severity === 'error').map(formatFinding);
  }

  /** Warnings of the last run, each prefixed with its construct path. */
  public get warnings(): readonly string[] {
    return this.warningsOfLastRun;
  }

  /** The release the app targets: the one its cluster configuration names, or the newest. */
  public get version(): KubeVirtVersion {
    const first = [...this.versions.values()][0];
    return first ? first.version : KubeVirtVersion.NEWEST;
  }

  private run(): string[] {
    if (this.synthDepth > 0 && this.errorsOfSynth) return this.errorsOfSynth;
    const errors: string[] = [];
    const declared = [...this.versions.values()];
    const distinct = new Set(declared.map((d) => d.version.toString()));
    if (distinct.size > 1) {
      errors.push(`cluster configurations target different kubevirt versions (${declared.map((d) => `${d.path}: ${d.version}`).join(', ')}); one app describes one cluster, so use one version or one app per cluster`);
    }
    const objects = this.root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    // Objects that can share their data are not serialized here; the others are, once, and during a synth their
    // JSON is handed to the synth's own toJson() call.
    const manifests = objects.map((o) => {
      const shared = isLintable(o) ? o.lintManifest() : undefined;
      if (shared) return shared;
      const json = (this.originalToJson.get(o) ?? o.toJson.bind(o))();
      if (this.synthDepth > 0 && this.originalToJson.has(o)) this.memo.set(o, json);
      return json;
    });
    const findings = lint(manifests, { version: this.version, strict: this.strict });
    this.byObject = new Map();
    const warnings: string[] = [];
    for (const f of findings) {
      const obj = objects[f.objectIndex];
      if (f.severity === 'warning') {
        // the library's objects are named by their construct, as their errors are
        const where = this.owned.has(obj) && obj.node.scope ? obj.node.scope.node.path : obj.node.path;
        warnings.push(`[${where}] ${formatFinding(f)}`);
        continue;
      }
      if (this.owned.has(obj)) {
        const list = this.byObject.get(obj) ?? [];
        list.push(f);
        this.byObject.set(obj, list);
      } else {
        errors.push(`${obj.node.path}: ${formatFinding(f)}`);
      }
    }
    this.warningsOfLastRun = warnings;
    if (this.synthDepth > 0) {
      this.errorsOfSynth = errors;
      if (errors.length > 0 || this.byObject.size > 0) this.memo.clear();
    }
    return errors;
  }
}

/** `field: message (rule-id)`, the way the library's constructs report a finding. */
export function formatFinding(f: Finding): string {
  return `${f.path ? `${f.path}: ` : ''}${f.message} (${f.rule}; ${describeRef(f.object)})`;
}

function rootOf(scope: IConstruct): Construct {
  return scope.node.root as Construct;
}
