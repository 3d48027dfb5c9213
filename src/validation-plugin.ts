/**
 * A cdk8s-cli validation plugin: `cdk8s synth` runs the linter over the synthesized manifests.
 *
 * ```yaml
 * # cdk8s.yaml
 * validations:
 *   - package: ./node_modules/cdk8s-kubevirt-netbind
 *     class: KubeVirtNetbindValidation
 *     version: 0.1.0
 *     properties:
 *       kubevirtVersion: "1.4"
 *       strict: true
 *       crds: [crds/]          # optional: validate objects against these CRDs (the schema rule)
 * ```
 *
 * The contract is cdk8s-cli's `Validation` (src/plugins/validation.ts), declared here structurally so that this
 * package does not depend on cdk8s-cli.
 */
import { lintPaths } from './cli';
import type { PlacedFinding } from './lint/format';
import type { ReadProblem } from './lint/load';
import { ALL_RULES } from './rules/all';
import { CrdError, CrdSet } from './schema/crd';
import { loadCrdFiles } from './schema/files';
import type { Rule } from './rules/types';
import { KubeVirtVersion } from './version';

/** cdk8s-cli `ValidationViolatingResource`. */
export interface ValidationViolatingResource {
  readonly resourceName: string;
  readonly locations: string[];
  readonly manifestPath: string;
}

/** cdk8s-cli `ValidationViolation`. */
export interface ValidationViolation {
  readonly ruleName: string;
  readonly recommendation: string;
  readonly fix?: string;
  readonly violatingResources: ValidationViolatingResource[];
}

/** cdk8s-cli `ValidationReportStatus`. */
export type ValidationReportStatus = 'success' | 'failure';

/** The parts of cdk8s-cli's `ValidationContext` the plugin uses. */
export interface ValidationContext {
  /** Paths of the synthesized manifest files. */
  readonly manifests: readonly string[];
  readonly report: {
    addViolation(violation: ValidationViolation): void;
    submit(status: ValidationReportStatus, additionalMetadata?: { readonly [key: string]: string }): void;
  };
  readonly logger: { log(message: string): void };
}

/** Properties, from `properties:` in cdk8s.yaml. */
export interface KubeVirtNetbindValidationProps {
  /** The KubeVirt release the manifests are for (`1.1` to `1.9`). @default the newest known */
  readonly kubevirtVersion?: string;
  /** Policy warnings become errors. @default false */
  readonly strict?: boolean;
  /**
   * Files or folders of CustomResourceDefinitions to validate objects against (the `schema` rule), resolved from
   * the current folder, as `kubevirt-netbind lint --crds` takes them. @default - no schema check
   */
  readonly crds?: string | readonly string[];
  /** @internal the rules to run, for tests. @default ALL_RULES */
  readonly rules?: readonly Rule[];
}

/** Where the docs of a rule are. */
const DOCS = 'docs/rules.md in cdk8s-kubevirt-netbind';

/** Lints the synthesized manifests; error findings fail the synth, warnings are listed without failing it. */
export class KubeVirtNetbindValidation {
  private readonly props: KubeVirtNetbindValidationProps;

  constructor(props: KubeVirtNetbindValidationProps = {}) {
    this.props = props ?? {};
  }

  public async validate(context: ValidationContext): Promise<void> {
    const { kubevirtVersion, strict } = this.props;
    let version = KubeVirtVersion.NEWEST;
    if (kubevirtVersion !== undefined) {
      const parsed = KubeVirtVersion.tryParse(String(kubevirtVersion));
      if (!parsed) {
        context.report.addViolation({
          ruleName: 'plugin-configuration',
          recommendation: `kubevirtVersion ${JSON.stringify(kubevirtVersion)} is not supported: use one of ${KubeVirtVersion.SUPPORTED_RANGE}, as X.Y or X.Y.Z`,
          fix: 'set properties.kubevirtVersion of this validation in cdk8s.yaml',
          violatingResources: [],
        });
        context.report.submit('failure', { error: 'invalid properties' });
        return;
      }
      version = parsed;
    }
    if (strict !== undefined && typeof strict !== 'boolean') {
      context.report.addViolation({
        ruleName: 'plugin-configuration',
        recommendation: `strict must be true or false, not ${JSON.stringify(strict)}`,
        fix: 'set properties.strict of this validation in cdk8s.yaml',
        violatingResources: [],
      });
      context.report.submit('failure', { error: 'invalid properties' });
      return;
    }

    let crds: CrdSet | undefined;
    const crdPaths = this.props.crds;
    if (crdPaths !== undefined) {
      const list = typeof crdPaths === 'string' ? [crdPaths] : crdPaths;
      try {
        if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) throw new CrdError('crds must be a path or a list of paths of CustomResourceDefinitions');
        crds = loadCrdFiles(list);
      } catch (e) {
        if (!(e instanceof CrdError)) throw e;
        for (const problem of e.problems) {
          context.report.addViolation({ ruleName: 'plugin-configuration', recommendation: problem, fix: 'set properties.crds of this validation in cdk8s.yaml', violatingResources: [] });
        }
        context.report.submit('failure', { error: 'invalid properties' });
        return;
      }
    }

    try {
      const rules = this.props.rules ?? ALL_RULES;
      const run = await lintPaths(context.manifests, { version, strict: strict ?? false, rules, crds });
      for (const p of run.problems) context.report.addViolation(problemViolation(p));
      for (const v of groupViolations(run.findings, rules)) context.report.addViolation(v);
      const errors = run.findings.filter((f) => f.severity === 'error').length;
      const warnings = run.findings.length - errors;
      context.logger.log(`kubevirt-netbind: ${errors} error(s), ${warnings} warning(s) in ${run.files.length} manifest file(s) for kubevirt ${version.toString()}`);
      context.report.submit(errors > 0 || run.problems.length > 0 ? 'failure' : 'success', {
        kubevirtVersion: version.toString(),
        strict: String(strict ?? false),
        errors: String(errors),
        warnings: String(warnings),
      });
    } catch (e) {
      context.report.addViolation({
        ruleName: 'internal-error',
        recommendation: `the linter failed: ${String((e as Error)?.message ?? e).split('\n')[0]}`,
        fix: 'report this to cdk8s-kubevirt-netbind',
        violatingResources: [],
      });
      context.report.submit('failure');
    }
  }
}

function problemViolation(p: ReadProblem): ValidationViolation {
  return {
    ruleName: 'input-unreadable',
    recommendation: p.message,
    fix: 'make the manifest valid yaml or json',
    violatingResources: [{ resourceName: '', locations: p.line !== undefined ? [`line ${p.line}`] : [], manifestPath: p.file }],
  };
}

/** One violation per rule, severity and message, listing every resource that has it. */
function groupViolations(findings: readonly PlacedFinding[], rules: readonly Rule[]): ValidationViolation[] {
  const sources = new Map(rules.map((r) => [r.meta.id, r.meta.source]));
  const groups = new Map<string, { ruleName: string; recommendation: string; fix: string; violatingResources: ValidationViolatingResource[] }>();
  for (const f of findings) {
    const key = `${f.rule}\u0000${f.severity}\u0000${f.message}`;
    let g = groups.get(key);
    if (!g) {
      const source = sources.get(f.rule);
      g = {
        ruleName: f.severity === 'warning' ? `${f.rule} (warning)` : f.rule,
        recommendation: f.message,
        fix: `see ${f.rule} in ${DOCS}${source ? ` (kubevirt: ${source})` : ''}`,
        violatingResources: [],
      };
      groups.set(key, g);
    }
    g.violatingResources.push({
      resourceName: f.object.name,
      locations: [f.path || `line ${f.line}`],
      manifestPath: f.file,
    });
  }
  return [...groups.values()];
}
