/**
 * The shape of the network part of a VMI spec (A4 row 49): lists and objects of the right type, required fields,
 * at most 256 interfaces and networks. The apiserver rejects these against the CRD schema; the other VMI rules skip
 * what this rule reports.
 */
import type { Entry, Rule, RuleContext } from '../types';
import { KubeVirtVersion } from '../../version';
import { servedVersions, VMI_CONTAINERS, type VmiContainer } from '../kinds';
import { isObject, join, list, show, type Obj } from '../util';
import { isInt, VCA_1_1 } from './common';

/** CRD `maxItems` of `interfaces` and `networks` (kubevirt schema.go:544, types.go:159). */
const MAX_ITEMS = 256;

type Check = (v: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string';
const isBool: Check = (v) => typeof v === 'boolean';
const isList: Check = (v) => Array.isArray(v);
const KIND_OF: ReadonlyMap<Check, string> = new Map<Check, string>([
  [isString, 'a string'], [isBool, 'true or false'], [isList, 'a list'], [isObject, 'an object'], [isInt, 'an integer'],
]);

/** Collects the findings of one object. */
class Walker {
  /** True once a dry walk found something to report. */
  public bad = false;

  /**
   * A dry walker (`ctx` undefined) builds no paths and reports nothing: it only notes that something is wrong, so
   * a well-formed spec (nearly all of them) costs no string building; a real walk then reports with paths.
   */
  constructor(private readonly ctx: RuleContext | undefined, private readonly entry: Entry | undefined) {}

  /** `join()` for a real walk; nothing for a dry one. */
  join(base: string, key: string | number): string {
    return this.ctx ? join(base, key) : '';
  }

  private report(path: string, message: string) {
    this.bad = true;
    if (this.ctx && this.entry) this.ctx.report(this.entry, path, message);
  }

  /** Reports a present value of the wrong type; returns true when the value is present and right. */
  type(value: unknown, path: string, check: Check): boolean {
    if (value === undefined || value === null) return false;
    if (check(value)) return true;
    this.report(path, this.ctx ? `${path} must be ${KIND_OF.get(check)}, got ${show(value)}` : '');
    return false;
  }

  /** Reports a missing or mistyped required field. */
  required(o: Obj, key: string, base: string, check: Check, hint: string) {
    const path = this.join(base, key);
    if (o[key] === undefined || o[key] === null) this.report(path, `${path} is required: ${hint}`);
    else this.type(o[key], path, check);
  }

  /**
   * Calls `each` for the object items of a list, reporting the rest; nothing when the value is absent or not a
   * list. A callback rather than a list of items: the walk runs for every spec, and builds no arrays.
   */
  items(value: unknown, path: string, maxItems: number | undefined, each: (w: Walker, item: Obj, at: string) => void): void {
    if (!this.type(value, path, isList)) return;
    const xs = value as unknown[];
    if (maxItems !== undefined && xs.length > maxItems) {
      this.report(path, `${path} has ${xs.length} items; kubevirt allows at most ${maxItems}`);
    }
    for (let i = 0; i < xs.length; i++) {
      if (!(i in xs)) continue; // a hole of a sparse array (built in code, never parsed) is not an item
      const x = xs[i];
      const p = this.join(path, i);
      if (isObject(x)) each(this, x, p);
      else this.report(p, `${p} must be an object, got ${show(x)}`);
    }
  }

  /** A present value as an object, reporting a wrong type. */
  object(value: unknown, path: string): Obj | undefined {
    return this.type(value, path, isObject) ? (value as Obj) : undefined;
  }

  /**
   * Checks the optional fields present on `o` (its enumerable properties: what serialization writes). It walks the
   * object's own few keys rather than looking up every field: parsed objects come in many shapes, and a lookup by
   * a key held in a variable is a hash lookup each time.
   */
  optional(o: Obj, base: string, fields: Fields) {
    for (const key in o) {
      const check = fields.get(key);
      if (check !== undefined) this.type(o[key], this.join(base, key), check);
    }
  }
}


/** Optional fields of an object and their types. */
type Fields = ReadonlyMap<string, Check>;

/** The core binding methods: each is an object (`masquerade: {}`). */
const BINDING_METHODS = ['bridge', 'masquerade', 'sriov', 'passtBinding', 'slirp', 'macvtap', 'passt'];

/** Optional fields and their types, per object (hoisted: the walk runs once per spec). */
const INTERFACE_FIELDS: Fields = new Map<string, Check>([['model', isString], ['macAddress', isString], ['pciAddress', isString], ['state', isString], ['tag', isString],
  ['bootOrder', isInt], ['acpiIndex', isInt], ...BINDING_METHODS.map((m): [string, Check] => [m, isObject])]);
const PORT_FIELDS: Fields = new Map<string, Check>([['name', isString], ['protocol', isString]]);
const DHCP_FIELDS: Fields = new Map<string, Check>([['bootFileName', isString], ['tftpServerName', isString]]);
const MULTUS_FIELDS: Fields = new Map<string, Check>([['default', isBool]]);
const CLAIM_FIELDS: Fields = new Map<string, Check>([['claimName', isString], ['requestName', isString]]);
const DEVICES_FIELDS: Fields = new Map<string, Check>([['autoattachPodInterface', isBool]]);

/**
 * One interface. `portRanges` is in the schema from 1.9 only (kubevirt schema.go@v1.9.0:1466): before, the apiserver
 * drops it (field-version reports it), so its items are not checked.
 */
function checkInterface(w: Walker, it: Obj, at: string, v1_9: boolean) {
  w.required(it, 'name', at, isString, 'the name of the network this interface connects to');
  w.optional(it, at, INTERFACE_FIELDS);
  const binding = w.object(it.binding, w.join(at, 'binding'));
  if (binding) w.required(binding, 'name', w.join(at, 'binding'), isString, 'the name of a binding registered in the KubeVirt CR');
  if (it.ports !== undefined) w.items(it.ports, w.join(at, 'ports'), undefined, checkPort);
  if (v1_9 && it.portRanges !== undefined) w.items(it.portRanges, w.join(at, 'portRanges'), undefined, checkPortRange);
  const dhcp = w.object(it.dhcpOptions, w.join(at, 'dhcpOptions'));
  if (dhcp) {
    const dp = w.join(at, 'dhcpOptions');
    w.optional(dhcp, dp, DHCP_FIELDS);
    if (w.type(dhcp.ntpServers, w.join(dp, 'ntpServers'), isList)) {
      list(dhcp.ntpServers).forEach((s, i) => w.type(s, w.join(w.join(dp, 'ntpServers'), i), isString));
    }
    w.items(dhcp.privateOptions, w.join(dp, 'privateOptions'), undefined, checkPrivateOption);
  }
}

const checkInterface1_9 = (w: Walker, it: Obj, at: string) => checkInterface(w, it, at, true);
const checkInterface1_1 = (w: Walker, it: Obj, at: string) => checkInterface(w, it, at, false);

function checkPort(w: Walker, p: Obj, at: string) {
  w.required(p, 'port', at, isInt, 'the port number, 1 to 65535');
  w.optional(p, at, PORT_FIELDS);
}

function checkPortRange(w: Walker, r: Obj, at: string) {
  w.required(r, 'protocol', at, isString, 'TCP or UDP');
  w.required(r, 'start', at, isInt, 'the first port, 1 to 65535');
  w.required(r, 'end', at, isInt, 'the last port, 1 to 65535');
}

function checkPrivateOption(w: Walker, o: Obj, at: string) {
  w.required(o, 'option', at, isInt, 'the DHCP option number, 224 to 254');
  w.required(o, 'value', at, isString, 'the option value');
}

/** One network. `resourceClaim` is in the schema from 1.9 only (kubevirt schema.go@v1.9.0:1770), as portRanges above. */
function checkNetwork(w: Walker, net: Obj, at: string, v1_9: boolean) {
  w.required(net, 'name', at, isString, 'the name that an interface of the same name connects to');
  w.object(net.pod, w.join(at, 'pod'));
  const multus = w.object(net.multus, w.join(at, 'multus'));
  if (multus) {
    const mp = w.join(at, 'multus');
    w.required(multus, 'networkName', mp, isString, 'a NetworkAttachmentDefinition as <name> or <namespace>/<name>');
    w.optional(multus, mp, MULTUS_FIELDS);
  }
  if (!v1_9) return;
  const rc = w.object(net.resourceClaim, w.join(at, 'resourceClaim'));
  if (rc) w.optional(rc, w.join(at, 'resourceClaim'), CLAIM_FIELDS);
}

const checkNetwork1_9 = (w: Walker, net: Obj, at: string) => checkNetwork(w, net, at, true);
const checkNetwork1_1 = (w: Walker, net: Obj, at: string) => checkNetwork(w, net, at, false);

export const vmiStructure: Rule = {
  meta: {
    id: 'vmi-structure',
    severity: 'error',
    versions: 'all',
    description: 'The network fields of a VMI spec must have the types of the CRD schema: interfaces and networks are lists of at most 256 '
      + 'objects; interface `name`, `binding.name`, `multus.networkName`, `ports[].port`, `portRanges[].{protocol,start,end}` and '
      + '`dhcpOptions.privateOptions[].{option,value}` are required. A VirtualMachine, VirtualMachineInstanceReplicaSet or VirtualMachinePool '
      + 'needs its template, and the template its spec; pool.kubevirt.io/v1beta1 is served from 1.7.',
    source: 'kubevirt pkg/virt-operator/resource/generate/components/validations_generated.go (key virtualmachine); schema.go:544; types.go:159; '
      + 'pkg/virt-api/webhooks/validating-webhook/admitters/vms-admitter.go, vmirs-admitter.go, vmpool-admitter.go ("missing virtual machine template."); '
      + 'pkg/virt-operator/resource/generate/components/crds.go:399-412 (v1.7.0)',
    history: [
      {
        since: '1.1',
        behaviour: 'The shape and required fields are those of the Go types (Interface.name, PluginBinding.name, '
          + 'MultusNetwork.networkName, Port.port, DHCPPrivateOptions.option/value have no omitempty), the same at every tag; '
          + 'PortRange (protocol, start, end) exists from 1.9 (before, portRanges and resourceClaim are dropped and left to '
          + 'field-version, their contents unchecked). More than 256 interfaces or networks are rejected: by the VMI webhook '
          + 'in 1.1 and 1.2 ("<field> list exceeds the 256 element limit in length"), by the CRD maxItems from 1.3 '
          + '(schema.go@v1.3.0:454, types.go@v1.3.0:151), which rejects the same objects. The audit found no change in what is '
          + 'accepted 1.1-1.9.',
        source: `staging/src/kubevirt.io/api/core/v1/schema.go@v1.9.0:544; staging/src/kubevirt.io/api/core/v1/types.go@v1.9.0:159; ${VCA_1_1}:60, 167-174`,
      },
      {
        since: '1.7',
        behaviour: 'A VirtualMachinePool may also be pool.kubevirt.io/v1beta1 (served, and the storage version, from 1.7; before, '
          + 'only v1alpha1 is served and the API server rejects v1beta1 objects). A VirtualMachine, VirtualMachineInstanceReplicaSet or '
          + 'VirtualMachinePool without its template is rejected at every release ("missing virtual machine template.").',
        source: 'pkg/virt-operator/resource/generate/components/crds.go@v1.7.0:397-412',
      },
    ],
  },
  // kubevirt validations_generated.go (CRD schema "virtualmachine"); staging/src/kubevirt.io/api/core/v1/schema.go:544 (maxItems)
  check(ctx) {
    // Containers of the VMI spec: the engine skips an object whose VMI spec is not an object, so report it here.
    for (const c of VMI_CONTAINERS) {
      const entries = ctx.byKind(c.kind);
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        if (e.group !== c.group) continue;
        checkContainer(ctx, e, c);
      }
    }
    // one dry walker for every spec: nearly all are well formed, and then a walk allocates nothing
    const dry = new Walker(undefined, undefined);
    const v1_9 = ctx.version.isAtLeast(KubeVirtVersion.V1_9);
    const specs = ctx.vmiSpecs;
    for (let i = 0; i < specs.length; i++) {
      const view = specs[i];
      dry.bad = false;
      walkSpec(dry, view.spec, view.path, v1_9);
      if (dry.bad) walkSpec(new Walker(ctx, view.entry), view.spec, view.path, v1_9);
    }
  },
};

/** Versions of the group served by the target release, as `group/version`. */
function servedText(group: string, versions: readonly string[]): string {
  return versions.map((v) => `${group}/${v}`).join(', ');
}

/**
 * The way down to the VMI spec of one object: every object on the way must be an object, and the template and its
 * spec must be there. kubevirt vms-admitter.go ValidateVirtualMachineSpec, vmirs-admitter.go ValidateVMIRSSpec and
 * vmpool-admitter.go ValidateVMPoolSpec reject a missing template ("missing virtual machine template."; :209-217,
 * :84-90, :112-118 at v1.9.0); a template without a spec makes VMIs without the `domain` the VMI CRD requires
 * (validations_generated.go, key virtualmachineinstance: required domain).
 */
function checkContainer(ctx: RuleContext, e: Entry, c: VmiContainer): void {
  const served = servedVersions(c.group, ctx.version);
  const version = e.ref.apiVersion.slice(c.group.length + 1);
  if (served && !served.includes(version)) {
    ctx.report(e, 'apiVersion', `apiVersion ${show(e.ref.apiVersion)} is not served by kubevirt ${ctx.version}; use ${servedText(c.group, served)}`);
  }
  let cur: unknown = e.manifest;
  for (let k = 0; k < c.spec.length; k++) {
    const key = c.spec[k];
    const next = (cur as Obj)[key];
    const path = c.spec.slice(0, k + 1).join('.');
    if (isObject(next)) {
      cur = next;
      continue;
    }
    if (next !== undefined && next !== null) {
      new Walker(ctx, e).object(next, path);
    } else if (c.template && k < c.template.length) {
      // a missing step down to the template
      ctx.report(e, path, `${path} is missing: a ${c.kind} needs ${c.template.join('.')}, the template its VMIs are made from, `
        + 'with metadata and spec (kubevirt: missing virtual machine template.)');
    } else if (c.template) {
      ctx.report(e, path, `${path} is missing: the VMIs made from the template would have no spec, and kubevirt requires `
        + `${path}.domain (with devices and resources)`);
    }
    return;
  }
}

/** The network fields of one VMI spec at `base` (`spec.template.spec` or `spec`). */
function walkSpec(w: Walker, spec: Obj, base: string, v1_9: boolean) {
  const domain = w.object(spec.domain, w.join(base, 'domain'));
  const dp = w.join(w.join(base, 'domain'), 'devices');
  const devices = domain ? w.object(domain.devices, dp) : undefined;
  if (devices) {
    w.optional(devices, dp, DEVICES_FIELDS);
    w.items(devices.interfaces, w.join(dp, 'interfaces'), MAX_ITEMS, v1_9 ? checkInterface1_9 : checkInterface1_1);
  }
  w.items(spec.networks, w.join(base, 'networks'), MAX_ITEMS, v1_9 ? checkNetwork1_9 : checkNetwork1_1);
}

export const STRUCTURE_RULES: readonly Rule[] = [vmiStructure];
