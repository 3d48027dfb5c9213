import { sortKeys } from './json';

/** A CNI plugin entry: its `type` and any plugin-specific settings. */
export interface CniPlugin {
  /** The CNI binary name, e.g. `kubevirt-passt-binding`, `macvtap`, `bridge`. */
  readonly type: string;
  /** Other settings of the plugin (`mtu`, `bridge`, `ipam`, ...), serialized as given. */
  readonly [setting: string]: unknown;
}

/**
 * The CNI configuration held in a NetworkAttachmentDefinition's `spec.config`: one plugin, or a chain of plugins
 * (a CNI configuration list). Serialized as JSON with a fixed key order: `cniVersion`, `name`, then the rest
 * sorted, so the same config always gives the same bytes.
 */
export class CniConfig {
  /** A single plugin: `{"cniVersion": ..., "name": ..., "type": ..., ...settings}`. */
  public static plugin(cniVersion: string, plugin: CniPlugin): CniConfig {
    return new CniConfig(cniVersion, { ...plugin });
  }

  /** A configuration list: `{"cniVersion": ..., "name": ..., "plugins": [...]}`. */
  public static chain(cniVersion: string, plugins: CniPlugin[]): CniConfig {
    return new CniConfig(cniVersion, { plugins: plugins.map((p) => ({ ...p })) });
  }

  private constructor(public readonly cniVersion: string, private readonly body: Record<string, unknown>) {}

  /** The plugin types, in order. */
  public get types(): string[] {
    const plugins = this.body.plugins;
    if (Array.isArray(plugins)) return plugins.map((p) => String((p as CniPlugin).type));
    return [String(this.body.type)];
  }

  /** The config as a JSON string, with `name` set to the network name. */
  public render(name: string): string {
    // the config's own cniVersion and name win over same-named plugin settings
    return JSON.stringify(sortKeys({ ...this.body, cniVersion: this.cniVersion, name }, ['cniVersion', 'name']));
  }
}
