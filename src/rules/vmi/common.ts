/**
 * Shared, total views over a VMI spec for the VMI rules. Every accessor tolerates malformed input: items that are
 * not objects and names that are not strings are left out here (the `vmi-structure` rule reports them).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { KubeVirtVersion } from '../../version';
import { QUANTITY_PATTERN } from '../patterns';
import type { RuleContext, VmiSpecView } from '../types';
import { dig, isObject, join, list, obj, str, type Obj } from '../util';

/**
 * KubeVirt's VMI create webhook at v1.1.0, where the network checks lived before they moved to pkg/network/admitter
 * in 1.3 (the v1.2.0 file has the same network checks, shifted by a few lines). For `RuleStep.source`.
 */
export const VCA_1_1 = 'pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go@v1.1.0';

/** KubeVirt's own text, appended to a message so users can search for it. */
export const kv = (text: string): string => ` (kubevirt: ${text})`;

/** Go's `%q` for the plain strings KubeVirt formats. */
export const q = (s: string): string => JSON.stringify(s);

/** One interface or network of a VMI spec. */
export interface Item {
  /** Position in the list (of all items, objects or not). */
  readonly index: number;
  readonly obj: Obj;
  /** The `name`, when it is a string. */
  readonly name: string | undefined;
  /** Full path of the item, e.g. `spec.template.spec.networks[1]`. */
  readonly path: string;
}

/** Interfaces and networks of one VMI spec, indexed by name. */
export interface NetSpec {
  readonly view: VmiSpecView;
  /** `<spec>.domain.devices.interfaces` */
  readonly ifacesPath: string;
  /** `<spec>.networks` */
  readonly netsPath: string;
  readonly ifaces: readonly Item[];
  readonly nets: readonly Item[];
  /** False when `interfaces` is present but not a list (vmi-structure reports it). */
  readonly ifacesOk: boolean;
  /** False when `networks` is present but not a list (vmi-structure reports it). */
  readonly netsOk: boolean;
  /** The first network with this name. */
  network(name: string | undefined): Item | undefined;
  /** The first interface with this name. */
  iface(name: string | undefined): Item | undefined;
}

/** An item whose path is built only when a rule reports on it. */
class LazyItem implements Item {
  public constructor(
    public readonly index: number,
    public readonly obj: Obj,
    public readonly name: string | undefined,
    private readonly owner: { readonly ifacesPath: string; readonly netsPath: string },
    private readonly isNetwork: boolean,
  ) {}

  public get path(): string {
    return join(this.isNetwork ? this.owner.netsPath : this.owner.ifacesPath, this.index);
  }
}

const NO_ITEMS: readonly Item[] = [];

function items(value: unknown, owner: { readonly ifacesPath: string; readonly netsPath: string }, isNetwork: boolean): readonly Item[] {
  const xs = list(value);
  let objects = 0;
  for (let index = 0; index < xs.length; index++) if (isObject(xs[index])) objects++;
  if (objects === 0) return NO_ITEMS;
  // sized once: these lists hold one to a few items, and growing an empty array allocates room for 17
  const out = new Array<Item>(objects);
  for (let index = 0, o = 0; index < xs.length; index++) {
    const x = xs[index];
    if (isObject(x)) out[o++] = new LazyItem(index, x as Obj, str((x as Obj).name), owner, isNetwork);
  }
  return out;
}

/** Lists this short are searched in order: cheaper than building a map for each spec. */
const SHORT_LIST = 8;

function findByName(xs: readonly Item[], name: string): Item | undefined {
  for (let i = 0; i < xs.length; i++) if (xs[i].name === name) return xs[i];
  return undefined;
}

/** Absent (undefined or null), or passing the test. */
export const absentOr = (test: (x: unknown) => boolean, x: unknown): boolean => x === undefined || x === null || test(x);

function byName(xs: readonly Item[]): Map<string, Item> {
  const m = new Map<string, Item>();
  for (const x of xs) if (x.name !== undefined && !m.has(x.name)) m.set(x.name, x);
  return m;
}

/** The interfaces and networks of one spec; the name indexes are built on first lookup. */
class SpecNet implements NetSpec {
  public readonly ifaces: readonly Item[];
  public readonly nets: readonly Item[];
  public readonly ifacesOk: boolean;
  public readonly netsOk: boolean;
  private netIdx?: Map<string, Item>;
  private ifaceIdx?: Map<string, Item>;

  public constructor(public readonly view: VmiSpecView) {
    const spec = view.spec;
    const domain = spec.domain;
    const devices = isObject(domain) ? domain.devices : undefined;
    const rawIfaces = isObject(devices) ? devices.interfaces : undefined;
    const rawNets = spec.networks;
    this.ifaces = items(rawIfaces, this, false);
    this.nets = items(rawNets, this, true);
    this.ifacesOk = absentOr(isObject, domain) && absentOr(isObject, devices) && absentOr(Array.isArray, rawIfaces);
    this.netsOk = absentOr(Array.isArray, rawNets);
  }

  public get ifacesPath(): string {
    return `${this.view.path}.domain.devices.interfaces`;
  }

  public get netsPath(): string {
    return `${this.view.path}.networks`;
  }

  public network(name: string | undefined): Item | undefined {
    if (name === undefined) return undefined;
    if (this.nets.length <= SHORT_LIST) return findByName(this.nets, name);
    this.netIdx ??= byName(this.nets);
    return this.netIdx.get(name);
  }

  public iface(name: string | undefined): Item | undefined {
    if (name === undefined) return undefined;
    if (this.ifaces.length <= SHORT_LIST) return findByName(this.ifaces, name);
    this.ifaceIdx ??= byName(this.ifaces);
    return this.ifaceIdx.get(name);
  }
}


/** The specs of one run, built once: all of them, and those whose interfaces or networks have a given key. */
interface SpecIndex {
  readonly all: readonly NetSpec[];
  readonly byIfaceKey: ReadonlyMap<string, readonly NetSpec[]>;
  readonly byNetKey: ReadonlyMap<string, readonly NetSpec[]>;
}

const indexes = new WeakMap<RuleContext, SpecIndex>();

function specIndex(ctx: RuleContext): SpecIndex {
  let index = indexes.get(ctx);
  if (index) return index;
  // built once per run, here: every rule reaches the specs through this index
  const all: NetSpec[] = ctx.vmiSpecs.map((view) => new SpecNet(view));
  const byIfaceKey = new Map<string, NetSpec[]>();
  const byNetKey = new Map<string, NetSpec[]>();
  const add = (m: Map<string, NetSpec[]>, items: readonly Item[], ns: NetSpec) => {
    for (let i = 0; i < items.length; i++) {
      // eslint-disable-next-line guard-for-in
      for (const k in items[i].obj) {
        const l = m.get(k);
        if (!l) m.set(k, [ns]);
        else if (l[l.length - 1] !== ns) l.push(ns);
      }
    }
  };
  for (let i = 0; i < all.length; i++) {
    add(byIfaceKey, all[i].ifaces, all[i]);
    add(byNetKey, all[i].nets, all[i]);
  }
  index = { all, byIfaceKey, byNetKey };
  indexes.set(ctx, index);
  return index;
}

/** Runs `fn` for every VMI spec of the input. */
export function forEachSpec(ctx: RuleContext, fn: (ns: NetSpec) => void): void {
  const all = specIndex(ctx).all;
  for (let i = 0; i < all.length; i++) fn(all[i]);
}

/** Field names a rule looks at: it has nothing to say about a spec whose interfaces and networks have none of them. */
export interface SpecFilter {
  /** Keys of interface objects (`dhcpOptions`, `ports`, ...). */
  readonly iface?: readonly string[];
  /** Keys of network objects (`multus`, `resourceClaim`, ...). */
  readonly net?: readonly string[];
}

/**
 * Runs `fn` for every VMI spec where some interface or network has one of the filter's keys. Most rules look at
 * fields few specs use; the specs are indexed by key once per run, so such a rule visits only the specs that have
 * its fields.
 */
export function forEachSpecWith(ctx: RuleContext, filter: SpecFilter, fn: (ns: NetSpec) => void): void {
  const index = specIndex(ctx);
  const lists: Array<readonly NetSpec[]> = [];
  for (const k of filter.iface ?? []) lists.push(index.byIfaceKey.get(k) ?? []);
  for (const k of filter.net ?? []) lists.push(index.byNetKey.get(k) ?? []);
  if (lists.length === 1) {
    const only = lists[0];
    for (let i = 0; i < only.length; i++) fn(only[i]);
    return;
  }
  const seen = new Set<NetSpec>();
  for (const l of lists) {
    for (const ns of l) {
      if (seen.has(ns)) continue;
      seen.add(ns);
      fn(ns);
    }
  }
}

/** Calls `fn` for every item whose name an earlier item already has, with that earlier item. */
export function forEachRepeatedName<T extends { readonly name: string | undefined }>(items: readonly T[], fn: (item: T, first: T) => void): void {
  if (items.length <= 8) {
    // short lists (nearly all): compare in place instead of building a map per spec
    for (let i = 1; i < items.length; i++) {
      const name = items[i].name;
      if (name === undefined) continue;
      for (let j = 0; j < i; j++) {
        if (items[j].name === name) {
          fn(items[i], items[j]);
          break;
        }
      }
    }
    return;
  }
  const seen = new Map<string, T>();
  for (const item of items) {
    if (item.name === undefined) continue;
    const first = seen.get(item.name);
    if (first === undefined) seen.set(item.name, item);
    else fn(item, first);
  }
}

/** The interface's name for messages: `"default"`, or `#2` when it has no name. */
export function label(it: Item): string {
  return it.name !== undefined ? q(it.name) : `#${it.index}`;
}

/** Name as KubeVirt prints it (Go zero value for a missing name). */
export function goName(it: Item): string {
  return it.name ?? '';
}

// named loads rather than has(): these run for every network of every VM
export const isPod = (net: Item | undefined): boolean => net !== undefined && net.obj.pod !== undefined && net.obj.pod !== null;
export const isMultus = (net: Item | undefined): boolean => net !== undefined && net.obj.multus !== undefined && net.obj.multus !== null;
export const isMultusDefault = (net: Item | undefined): boolean => net !== undefined && obj(net.obj.multus)?.default === true;

/**
 * kubevirt pkg/network/vmispec LookUpDefaultNetwork at the release: from 1.9 the first pod network or Multus default
 * network (network.go@v1.9.0:61-68); before, the first network that is not a secondary Multus network
 * (network.go@v1.1.0:57-64, the same up to v1.8.0), so a network with no source counts too.
 */
export function defaultNetwork(ns: NetSpec, version: KubeVirtVersion = KubeVirtVersion.NEWEST): Item | undefined {
  if (version.isAtLeast(KubeVirtVersion.V1_9)) return ns.nets.find((n) => isPod(n) || isMultusDefault(n));
  return ns.nets.find((n) => !isMultus(n) || isMultusDefault(n));
}

/** The binding methods KubeVirt counts in 1.9 (binding.go countInterfaceBindings). */
export const BINDINGS_1_9 = ['bridge', 'masquerade', 'sriov', 'passtBinding', 'binding'] as const;
export const BINDINGS_1_9_SET: ReadonlySet<string> = new Set(BINDINGS_1_9);
/** Core binding methods that are discontinued from 1.3 (still in the API types). */
export const DEPRECATED_METHODS = ['slirp', 'macvtap', 'passt'] as const;

/**
 * The keys present on an object, in the order of `keys`. Present means what `countKeys` counts: an enumerable
 * property (what serialization writes) whose value is not null.
 */
export function presentKeys(o: Obj, keys: readonly string[]): string[] {
  const present = new Set<string>();
  for (const k in o) if (o[k] !== undefined && o[k] !== null) present.add(k);
  return keys.filter((k) => present.has(k));
}

/**
 * How many of the keys are present (enumerable, not null), without building a list (the common, valid case needs
 * only the count). It walks the object's own few keys rather than looking up each of `keys`: parsed objects come
 * in many shapes, and a lookup by a key held in a variable is a hash lookup each time.
 */
export function countKeys(o: Obj, keys: ReadonlySet<string>): number {
  let n = 0;
  for (const k in o) {
    if (!keys.has(k)) continue;
    const v = o[k];
    if (v !== undefined && v !== null) n++;
  }
  return n;
}

const BINARY_SUFFIX: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL_SUFFIX: Readonly<Record<string, number>> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/**
 * The value of a Kubernetes quantity (`1Gi`, `1024M`, `1e9`, a YAML number) as a JS number, or undefined when it is
 * not one. Exact enough to compare memory sizes (k8s apimachinery pkg/api/resource/quantity.go, suffixes as there).
 */
export function quantityValue(x: unknown): number | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? x : undefined;
  if (typeof x !== 'string' || x.length > 64 || !QUANTITY_PATTERN.test(x)) return undefined;
  const m = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(.*)$/.exec(x);
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2];
  if (Object.prototype.hasOwnProperty.call(BINARY_SUFFIX, suffix)) return n * BINARY_SUFFIX[suffix];
  if (Object.prototype.hasOwnProperty.call(DECIMAL_SUFFIX, suffix)) return n * DECIMAL_SUFFIX[suffix];
  if (/^[eE]/.test(suffix)) return n * 10 ** Number(suffix.slice(1));
  return undefined;
}

/** A finite integer (YAML numbers arrive as JS numbers). */
export const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);

/** The KubeVirt CRs among the inputs (HyperConverged CRs are left out). */
export function kubevirtCrs(ctx: RuleContext) {
  return ctx.cluster.sources.filter((e) => e.ref.kind === 'KubeVirt');
}

/** Gates listed in `spec.configuration.developerConfiguration.featureGates` of any KubeVirt CR. */
export function listedGates(ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  for (const e of kubevirtCrs(ctx)) {
    for (const g of list(dig(e.manifest, 'spec', 'configuration', 'developerConfiguration', 'featureGates'))) {
      if (typeof g === 'string') out.add(g);
    }
  }
  return out;
}

/** The first value of `spec.configuration.network.<key>` among the KubeVirt CRs. */
export function networkConfig(ctx: RuleContext, key: string): unknown {
  for (const e of kubevirtCrs(ctx)) {
    const v = dig(e.manifest, 'spec', 'configuration', 'network', key);
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

/**
 * Go `net.ParseMAC`: the number of bytes of a MAC address in colon, dash or dot form, or undefined when it does
 * not parse. Accepted sizes are 6, 8 and 20 bytes.
 */
export function parseMacLength(s: string): number | undefined {
  const hex2 = (at: number) => /^[0-9a-fA-F]{2}$/.test(s.slice(at, at + 2));
  if (s.length < 14) return undefined;
  if (s[2] === ':' || s[2] === '-') {
    if ((s.length + 1) % 3 !== 0) return undefined;
    const n = (s.length + 1) / 3;
    if (n !== 6 && n !== 8 && n !== 20) return undefined;
    for (let i = 0, x = 0; i < n; i++, x += 3) {
      if (!hex2(x)) return undefined;
      if (x + 2 < s.length && s[x + 2] !== s[2]) return undefined;
    }
    return n;
  }
  if (s[4] === '.') {
    if ((s.length + 1) % 5 !== 0) return undefined;
    const n = (2 * (s.length + 1)) / 5;
    if (n !== 6 && n !== 8 && n !== 20) return undefined;
    for (let i = 0, x = 0; i < n; i += 2, x += 5) {
      if (!hex2(x) || !hex2(x + 2)) return undefined;
      if (x + 4 < s.length && s[x + 4] !== '.') return undefined;
    }
    return n;
  }
  return undefined;
}

export { PCI_ADDRESS, isValidPortName } from '../patterns';

/** Go `net.ParseIP(s).To4() != nil`: dotted IPv4, or an IPv4-mapped IPv6 address. */
export function isGoIPv4(s: string): boolean {
  if (isIPv4(s)) return true;
  if (!isIPv6(s) || s.includes('%')) return false;
  const groups = expandIPv6(s.toLowerCase());
  return groups !== undefined && groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
}

function expandIPv6(s: string): number[] | undefined {
  let tail: number[] = [];
  let body = s;
  if (s.includes('.')) {
    const i = s.lastIndexOf(':');
    const v4 = s.slice(i + 1);
    if (!isIPv4(v4)) return undefined;
    const b = v4.split('.').map(Number);
    tail = [(b[0] << 8) | b[1], (b[2] << 8) | b[3]];
    body = s.slice(0, i + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((h) => parseInt(h, 16)));
  const dbl = body.indexOf('::');
  let groups: number[];
  if (dbl >= 0) {
    const head = parse(body.slice(0, dbl));
    const rest = parse(body.slice(dbl + 2));
    const fill = 8 - tail.length - head.length - rest.length;
    if (fill < 0) return undefined;
    groups = [...head, ...new Array<number>(fill).fill(0), ...rest, ...tail];
  } else {
    groups = [...parse(body), ...tail];
  }
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}
