/**
 * Instancetypes and preferences: a VirtualMachine's `spec.instancetype` and `spec.preference` name an object whose
 * values KubeVirt applies to the VMI spec before it validates it (kubevirt
 * pkg/virt-api/webhooks/validating-webhook/admitters/vms-admitter.go:141-166 at v1.1.0, :112-132 at v1.9.0). When the
 * object is among the inputs the engine applies it the same way before the rules run (`applyReferences`); the rule
 * `instancetype-reference` reports what could not be applied.
 *
 * Kinds (kubevirt pkg/instancetype/find/spec.go:51-82 and preference/find/spec.go:64-78 at v1.9.0; the same switch in
 * pkg/instancetype/instancetype.go:625-640 at v1.1.0): the kind is compared lower-cased with the singular and plural
 * resource names (staging/src/kubevirt.io/api/instancetype/register.go:29-39); an empty kind means the cluster-wide
 * kind; any other kind fails with "got unexpected kind in InstancetypeMatcher: <kind>".
 *
 * Application (pkg/instancetype/apply/vmi.go:46-78 at v1.9.0): the instancetype first, which fails with conflicts
 * when the VM sets what it sets (apply/cpu.go validateCPU, apply/memory.go validateMemory); then the preference,
 * which fills only unset fields (preference/apply/*.go). The same rules are in pkg/instancetype/instancetype.go at
 * v1.1.0-v1.4.0 (validateCPU :997, applyInterfacePreferences :1321-1343 at v1.1.0).
 */
import { KubeVirtVersion } from '../version';
import type { Entry, Rule, TemplateReference } from './types';
import { dig, isObject, join, show, type Obj } from './util';
import { servedVersions } from './kinds';

/** The group of the instancetype and preference kinds. */
export const INSTANCETYPE_GROUP = 'instancetype.kubevirt.io';

interface RoleKinds {
  readonly namespaced: string;
  readonly cluster: string;
  /** KubeVirt's name for the matcher in its error text. */
  readonly matcher: string;
}

/** register.go:29-39 (v1.9.0): singular resource names are the kinds lower-cased, plurals add "s". */
const ROLES: Readonly<Record<TemplateReference['role'], RoleKinds>> = {
  instancetype: { namespaced: 'VirtualMachineInstancetype', cluster: 'VirtualMachineClusterInstancetype', matcher: 'InstancetypeMatcher' },
  preference: { namespaced: 'VirtualMachinePreference', cluster: 'VirtualMachineClusterPreference', matcher: 'PreferenceMatcher' },
};

/** The kind a reference's `kind` names, as KubeVirt resolves it; undefined for a kind it does not accept. */
export function resolveKind(role: TemplateReference['role'], kind: string): string | undefined {
  const k = ROLES[role];
  const lower = kind.toLowerCase();
  if (lower === '' || lower === k.cluster.toLowerCase() || lower === `${k.cluster.toLowerCase()}s`) return k.cluster;
  if (lower === k.namespaced.toLowerCase() || lower === `${k.namespaced.toLowerCase()}s`) return k.namespaced;
  return undefined;
}

/** Finds an instancetype or preference object among the inputs. */
export type ReferenceLookup = (kind: string, namespace: string | undefined, name: string) => Entry | undefined;

/** The result of applying a VM's references to its VMI spec. */
export interface Applied {
  /** The spec to validate: the input spec itself when nothing was applied, a copy otherwise. */
  readonly spec: Obj;
  readonly references: readonly TemplateReference[];
}

/**
 * Applies the instancetype and preference a VM spec references, when they are among the inputs, to its VMI spec.
 * Never changes its arguments: what it changes is copied first.
 *
 * @param vmSpec the VirtualMachine spec (`spec.instancetype`, `spec.preference`)
 * @param vmPath its path (`spec`, `spec.virtualMachineTemplate.spec`)
 * @param spec the VMI spec (`<vmPath>.template.spec`)
 * @param namespace where the VM runs: namespaced instancetypes and preferences are looked up there
 */
export function applyReferences(vmSpec: Obj, vmPath: string, spec: Obj, specPath: string, namespace: string, find: ReferenceLookup, version: KubeVirtVersion = KubeVirtVersion.NEWEST): Applied {
  if (vmSpec.instancetype === undefined && vmSpec.preference === undefined) return { spec, references: [] };
  const references: TemplateReference[] = [];
  const itRef = resolve('instancetype', vmSpec.instancetype, join(vmPath, 'instancetype'), namespace, find);
  const prefRef = resolve('preference', vmSpec.preference, join(vmPath, 'preference'), namespace, find);
  const itSpec = itRef?.status === 'applied' ? specOf(itRef.target!) : undefined;
  const prefSpec = prefRef?.status === 'applied' ? specOf(prefRef.target!) : undefined;
  let out = spec;
  const copy = new Copier(spec);
  if (itRef && itSpec) {
    const conflicts = instancetypeConflicts(itSpec, spec, specPath, version);
    if (conflicts.length > 0) {
      references.push({ ...itRef, status: 'conflict', conflicts });
      if (prefRef) references.push(prefRef);
      // KubeVirt stops at the conflicts (vms-admitter.go:117-119 at v1.9.0): nothing else is applied
      return { spec, references };
    }
    applyInstancetype(itSpec, prefSpec, copy, version);
  }
  if (itRef) references.push(itRef);
  if (prefRef) {
    if (prefSpec) applyPreference(prefSpec, copy);
    references.push(prefRef);
  }
  if (copy.changed) out = copy.root;
  return { spec: out, references };
}

function specOf(e: Entry): Obj {
  const s = e.manifest.spec;
  return isObject(s) ? s : {};
}

function resolve(role: TemplateReference['role'], value: unknown, path: string, namespace: string, find: ReferenceLookup): TemplateReference | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) return { role, path, status: 'malformed', value };
  const infer = value.inferFromVolume;
  if (typeof infer === 'string' && infer !== '') return { role, path, status: 'infer', value };
  const rawKind = value.kind ?? '';
  const name = value.name;
  if (typeof rawKind !== 'string' || typeof name !== 'string' || name === '') {
    return { role, path, status: 'malformed', value, name: typeof name === 'string' ? name : undefined };
  }
  const kind = resolveKind(role, rawKind);
  if (kind === undefined) return { role, path, status: 'unknown-kind', value, name };
  const cluster = kind === ROLES[role].cluster;
  const target = find(kind, cluster ? undefined : namespace, name);
  return target ? { role, path, kind, name, status: 'applied', target, value } : { role, path, kind, name, status: 'absent', value };
}

/** Copy-on-write access to a VMI spec: objects on the way to a change are copied once. */
class Copier {
  public changed = false;
  public readonly root: Obj;
  private readonly copies = new Set<Obj>();

  public constructor(original: Obj) {
    this.root = { ...original };
    this.copies.add(this.root);
  }

  /** The object at `keys` under the copy, copied (or made) so it can be written; undefined when a step is not an object. */
  public writable(...keys: string[]): Obj | undefined {
    let cur = this.root;
    for (const k of keys) {
      const next = cur[k];
      if (next === undefined || next === null) {
        const made: Obj = {};
        this.copies.add(made);
        cur[k] = made;
        cur = made;
        continue;
      }
      if (!isObject(next)) return undefined;
      if (this.copies.has(next)) {
        cur = next;
        continue;
      }
      const c = { ...next };
      this.copies.add(c);
      cur[k] = c;
      cur = c;
    }
    return cur;
  }

  /** A copy of the list at `keys` whose object items are copies too; undefined when it is not a list. */
  public writableList(...keys: string[]): unknown[] | undefined {
    const parent = this.writable(...keys.slice(0, -1));
    const last = keys[keys.length - 1];
    const xs = parent?.[last];
    if (!parent || !Array.isArray(xs)) return undefined;
    const c = xs.map((x) => (isObject(x) ? { ...x } : x));
    parent[last] = c;
    return c;
  }

  public read(...keys: string[]): unknown {
    let cur: unknown = this.root;
    for (const k of keys) {
      if (!isObject(cur)) return undefined;
      cur = cur[k];
    }
    return cur;
  }

  public set(obj: Obj, key: string, value: unknown): void {
    obj[key] = value;
    this.changed = true;
  }
}

const present = (x: unknown) => x !== undefined && x !== null;
const nonZero = (x: unknown) => present(x) && x !== 0;
const isTrue = (x: unknown) => x === true;

/**
 * The VM's fields an instancetype conflicts with, in KubeVirt's order (pkg/instancetype/apply/vmi.go@v1.9.0:57-68;
 * instancetype.go@v1.1.0:441-450): nodeSelector and schedulerName when both set them (apply/nodeselector.go@v1.9.0:35-40,
 * scheduler.go@v1.9.0:33-38; instancetype.go applyNodeSelector, applySchedulerName at v1.1.0), then CPU (apply/cpu.go
 * validateCPU at v1.9.0; instancetype.go:997-1037 at v1.1.0), all reported, the same in every release; memory stops
 * at the first, as KubeVirt's does. Up to v1.6.0 any `domain.memory` conflicts (instancetype.go:1105-1107 at v1.1.0,
 * apply/memory.go:36 at v1.6.0); from v1.7.0 only its guest, and hugepages or maxGuest when the instancetype sets
 * them too (apply/memory.go:73-88 at v1.7.0). From v1.7.0 `domain.ioThreads.supplementalPoolThreadCount` when both
 * set it (apply/iothreads.go@v1.7.0; the instancetype has no ioThreads before, types.go@v1.7.0:115-117). Then
 * ioThreadsPolicy, launchSecurity, gpus and hostDevices when both set them (apply/iothreadpolicy.go@v1.9.0:33-38,
 * launchsecurity.go:33-38, gpu.go:33-38, hostdevices.go:33-38; the same functions in instancetype.go at v1.1.0).
 * The instancetype's annotations against the template's are not compared here (the template metadata is not at hand).
 */
export function instancetypeConflicts(it: Obj, spec: Obj, specPath: string, version: KubeVirtVersion = KubeVirtVersion.NEWEST): string[] {
  const out: string[] = [];
  const domain = isObject(spec.domain) ? spec.domain : {};
  const resources = isObject(domain.resources) ? domain.resources : {};
  const requests = isObject(resources.requests) ? resources.requests : {};
  const limits = isObject(resources.limits) ? resources.limits : {};
  const cpu = isObject(domain.cpu) ? domain.cpu : {};
  const memory = isObject(domain.memory) ? domain.memory : {};
  const itCpu = isObject(it.cpu) ? it.cpu : {};
  const itMemory = isObject(it.memory) ? it.memory : {};
  const p = (...keys: string[]) => join(specPath, 'domain', ...keys);
  const filled = (x: unknown) => typeof x === 'string' && x !== '';
  const nonEmpty = (x: unknown) => Array.isArray(x) && x.length > 0;
  if (present(it.nodeSelector) && present(spec.nodeSelector)) out.push(join(specPath, 'nodeSelector'));
  if (filled(it.schedulerName) && filled(spec.schedulerName)) out.push(join(specPath, 'schedulerName'));
  if (present(requests.cpu)) out.push(p('resources', 'requests', 'cpu'));
  if (present(limits.cpu)) out.push(p('resources', 'limits', 'cpu'));
  for (const k of ['sockets', 'cores', 'threads']) if (nonZero(cpu[k])) out.push(p('cpu', k));
  if (present(cpu.model) && cpu.model !== '' && present(itCpu.model)) out.push(p('cpu', 'model'));
  if (isTrue(cpu.dedicatedCPUPlacement) && present(itCpu.dedicatedCPUPlacement)) out.push(p('cpu', 'dedicatedCPUPlacement'));
  if (isTrue(cpu.isolateEmulatorThread) && present(itCpu.isolateEmulatorThread)) out.push(p('cpu', 'isolateEmulatorThread'));
  if (present(cpu.numa) && present(itCpu.numa)) out.push(p('cpu', 'numa'));
  if (present(cpu.realtime) && present(itCpu.realtime)) out.push(p('cpu', 'realtime'));
  if (version.isOlderThan(KubeVirtVersion.V1_7) && present(domain.memory)) out.push(p('memory'));
  else if (present(memory.guest)) out.push(p('memory', 'guest'));
  else if (present(memory.hugepages) && present(itMemory.hugepages)) out.push(p('memory', 'hugepages'));
  else if (present(memory.maxGuest) && present(itMemory.maxGuest)) out.push(p('memory', 'maxGuest'));
  else if (present(requests.memory)) out.push(p('resources', 'requests', 'memory'));
  else if (present(limits.memory)) out.push(p('resources', 'limits', 'memory'));
  if (version.isAtLeast(KubeVirtVersion.V1_7) && present(dig(it, 'ioThreads', 'supplementalPoolThreadCount'))
    && present(dig(domain, 'ioThreads', 'supplementalPoolThreadCount'))) out.push(p('ioThreads', 'supplementalPoolThreadCount'));
  if (present(it.ioThreadsPolicy) && present(domain.ioThreadsPolicy)) out.push(p('ioThreadsPolicy'));
  if (present(it.launchSecurity) && present(domain.launchSecurity)) out.push(p('launchSecurity'));
  const devices = isObject(domain.devices) ? domain.devices : {};
  if (nonEmpty(it.gpus) && nonEmpty(devices.gpus)) out.push(p('devices', 'gpus'));
  if (nonEmpty(it.hostDevices) && nonEmpty(devices.hostDevices)) out.push(p('devices', 'hostDevices'));
  return out;
}

/** preferredCPUTopology values of every release (staging/src/kubevirt.io/api/instancetype/v1beta1/types.go@v1.1.0:308-322). */
const PREFER_TOPOLOGIES = ['preferSockets', 'preferCores', 'preferThreads', 'preferSpread', 'preferAny'] as const;
/** The short names, first in v1.4.0 (types.go@v1.4.0:333-347), where the prefer* names become deprecated. */
const SHORT_TOPOLOGIES = ['sockets', 'cores', 'threads', 'spread', 'any'] as const;

/**
 * Guest CPU topology per preferredCPUTopology, default preferSockets (apply/cpu.go applyGuestCPUTopology at v1.9.0;
 * instancetype.go:972-993 at v1.1.0). The short names (`cores`, `sockets`, `threads`, `spread`, `any`) arrive in
 * v1.4.0 (staging/src/kubevirt.io/api/instancetype/v1beta1/types.go:333-342 at v1.4.0); a value no case of the
 * release's switch takes leaves 1 socket, 1 core and 1 thread.
 */
function topology(vcpus: number, pref: Obj | undefined, version: KubeVirtVersion): { sockets: number; cores: number; threads: number } {
  const t = { sockets: 1, cores: 1, threads: 1 };
  if (vcpus === 1) return t;
  const cpuPref = pref && isObject(pref.cpu) ? pref.cpu : undefined;
  let chosen = typeof cpuPref?.preferredCPUTopology === 'string' ? cpuPref.preferredCPUTopology : 'preferSockets';
  if ((SHORT_TOPOLOGIES as readonly string[]).includes(chosen)) chosen = version.isAtLeast(KubeVirtVersion.V1_4) ? `prefer${chosen[0].toUpperCase()}${chosen.slice(1)}` : '';
  switch (chosen) {
    case 'preferCores': t.cores = vcpus; break;
    case 'preferThreads': t.threads = vcpus; break;
    case 'preferSockets': case 'preferAny': t.sockets = vcpus; break;
    case 'preferSpread': {
      // preference/apply/cpu.go GetSpreadOptions: ratio 2 and SocketsCores unless the preference says otherwise
      // (spec.preferSpreadSocketToCoreRatio, the older field, at v1.1.0)
      const opts = isObject(cpuPref?.spreadOptions) ? cpuPref!.spreadOptions as Obj : {};
      const older = pref?.preferSpreadSocketToCoreRatio;
      const given = typeof opts.ratio === 'number' ? opts.ratio : older;
      const ratio = typeof given === 'number' && Number.isInteger(given) && given > 0 ? given : 2;
      const across = typeof opts.across === 'string' ? opts.across : 'SocketsCores';
      if (across === 'CoresThreads') Object.assign(t, { threads: ratio, cores: Math.floor(vcpus / ratio) });
      else if (across === 'SocketsCoresThreads') Object.assign(t, { threads: 2, cores: ratio, sockets: Math.floor(vcpus / 2 / ratio) });
      else Object.assign(t, { cores: ratio, sockets: Math.floor(vcpus / ratio) });
      break;
    }
    default: break;
  }
  return t;
}

/** apply/cpu.go applyCPU and apply/memory.go applyMemory (v1.9.0): the guest CPUs and memory of the instancetype. */
function applyInstancetype(it: Obj, pref: Obj | undefined, copy: Copier, version: KubeVirtVersion): void {
  const itCpu = isObject(it.cpu) ? it.cpu : undefined;
  const cpu = copy.writable('domain', 'cpu');
  if (cpu && itCpu) {
    for (const k of ['model', 'dedicatedCPUPlacement', 'isolateEmulatorThread', 'numa', 'realtime', 'maxSockets']) {
      if (present(itCpu[k])) copy.set(cpu, k, itCpu[k]);
    }
    if (typeof itCpu.guest === 'number' && Number.isInteger(itCpu.guest) && itCpu.guest > 0) {
      const t = topology(itCpu.guest, pref, version);
      copy.set(cpu, 'sockets', t.sockets);
      copy.set(cpu, 'cores', t.cores);
      copy.set(cpu, 'threads', t.threads);
    }
  }
  const itMemory = isObject(it.memory) ? it.memory : undefined;
  const memory = itMemory ? copy.writable('domain', 'memory') : undefined;
  if (memory && itMemory) {
    // the request lowered by overcommitPercent is not computed here: the rules compare requests and limits only
    for (const k of ['guest', 'hugepages', 'maxGuest']) if (present(itMemory[k])) copy.set(memory, k, itMemory[k]);
  }
}

/** The core binding methods of `InterfaceBindingMethod` at any release 1.1-1.9, and the plugin `binding`. */
const BINDING_KEYS = ['bridge', 'masquerade', 'sriov', 'slirp', 'macvtap', 'passt', 'passtBinding', 'binding'];

/**
 * The preferences that touch what the rules check (preference/apply/interface.go, device.go, termination.go at
 * v1.9.0; instancetype.go:1321-1343 at v1.1.0, unchanged between; the masquerade test at :1340): each fills a field only when it is unset.
 * Disk, clock, firmware and feature preferences are not applied: no rule here looks at those fields.
 */
function applyPreference(pref: Obj, copy: Copier): void {
  const devices = isObject(pref.devices) ? pref.devices : {};
  const model = devices.preferredInterfaceModel;
  const masquerade = devices.preferredInterfaceMasquerade;
  const autoattach = devices.preferredAutoattachPodInterface;
  if (typeof autoattach === 'boolean' && !present(copy.read('domain', 'devices', 'autoattachPodInterface'))) {
    const d = copy.writable('domain', 'devices');
    if (d) copy.set(d, 'autoattachPodInterface', autoattach);
  }
  if (present(pref.preferredTerminationGracePeriodSeconds) && !present(copy.read('terminationGracePeriodSeconds'))) {
    copy.set(copy.root, 'terminationGracePeriodSeconds', pref.preferredTerminationGracePeriodSeconds);
  }
  const wantsModel = typeof model === 'string' && model !== '';
  const wantsMasquerade = isObject(masquerade);
  if (!wantsModel && !wantsMasquerade) return;
  if (!Array.isArray(copy.read('domain', 'devices', 'interfaces'))) return;
  const networks = copy.read('networks');
  const onPod = (name: unknown) => {
    // interface.go isInterfaceOnPodNetwork: the first network of that name decides
    for (const n of Array.isArray(networks) ? networks : []) {
      if (isObject(n) && n.name === name) return present(n.pod);
    }
    return false;
  };
  const ifaces = copy.writableList('domain', 'devices', 'interfaces')!;
  copy.changed = true;
  for (const it of ifaces) {
    if (!isObject(it)) continue;
    if (wantsModel && (!present(it.model) || it.model === '')) it.model = model;
    if (wantsMasquerade && !BINDING_KEYS.some((k) => present(it[k])) && onPod(it.name)) it.masquerade = { ...masquerade };
  }
}

/** Accepted kinds of a role, for messages. */
function accepted(role: TemplateReference['role']): string {
  const k = ROLES[role];
  return `${k.namespaced} or ${k.cluster} (any case, or their plurals; unset means ${k.cluster})`;
}

export const instancetypeReference: Rule = {
  meta: {
    id: 'instancetype-reference',
    severity: 'error',
    versions: 'all',
    description: 'A VirtualMachine (or pool template) `spec.instancetype` or `spec.preference` is applied to the VMI spec before the other rules '
      + 'run when the object it names is among the inputs. An unknown `kind` and fields the VM sets that the instancetype sets too are errors; '
      + 'an instancetype or preference not among the inputs, or named by `inferFromVolume`, is a warning: the verdict may change once it is applied. '
      + 'instancetype.kubevirt.io v1alpha1 and v1alpha2 are served up to 1.5, v1beta1 in every release. A preference\'s preferredCPUTopology '
      + 'the release does not know is ignored up to 1.3 (warning) and rejected from 1.4 (error).',
    source: 'kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vms-admitter.go@v1.9.0:112-132; pkg/instancetype/find/spec.go@v1.9.0:51-82; '
      + 'pkg/instancetype/preference/find/spec.go@v1.9.0:64-78; pkg/instancetype/apply/cpu.go@v1.9.0:111-158, memory.go; '
      + 'pkg/instancetype/conflict/conflicts.go@v1.9.0:29; pkg/instancetype/preference/webhooks/admitter.go@v1.9.0:59; '
      + 'pkg/virt-operator/resource/generate/components/crds.go@v1.9.0:766-790',
    history: [
      {
        since: '1.1',
        behaviour: 'the VM admitter applies the instancetype and preference to a copy of the VMI spec before validating it: an unknown kind '
          + 'is rejected ("got unexpected kind in InstancetypeMatcher: %s"); a field the VM sets that the instancetype sets too (cpu, memory, '
          + 'nodeSelector, schedulerName, ioThreadsPolicy, launchSecurity, gpus, hostDevices) is rejected, '
          + 'one cause per field ("VM field %s conflicts with selected instance type"), any domain.memory among them; '
          + 'instancetype.kubevirt.io v1alpha1, v1alpha2 and v1beta1 are served; a preference\'s preferredCPUTopology is any string, one '
          + 'other than preferSockets, preferCores, preferThreads, preferSpread or preferAny leaving 1 socket, 1 core and 1 thread (warning)',
        source: 'kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vms-admitter.go@v1.1.0:141-166,287-294; '
          + 'pkg/instancetype/instancetype.go@v1.1.0:35,625-641,997-1037,1105-1107; '
          + 'pkg/virt-operator/resource/generate/components/crds.go@v1.1.0:626-641; staging/src/kubevirt.io/api/instancetype/v1beta1/types.go@v1.1.0:308-322',
      },
      {
        since: '1.4',
        behaviour: 'preferredCPUTopology takes the short names sockets, cores, threads, spread and any as well (the prefer* names are '
          + 'deprecated), and the preference admitter rejects any other value ("unknown preferredCPUTopology %s"; error)',
        source: 'kubevirt staging/src/kubevirt.io/api/instancetype/v1beta1/types.go@v1.4.0:316-347; '
          + 'pkg/virt-api/webhooks/validating-webhook/admitters/preference-admitter.go@v1.4.0:40-55; pkg/instancetype/instancetype.go@v1.4.0:154-166',
      },
      {
        since: '1.5',
        behaviour: 'the conflict text becomes "VM field(s) %s conflicts with selected instance type", still one cause per field',
        source: 'kubevirt pkg/instancetype/conflict/conflicts.go@v1.5.0:29,61-74; pkg/instancetype/webhooks/vm/admitter.go@v1.5.0:115-117',
      },
      {
        since: '1.6',
        behaviour: 'instancetype.kubevirt.io v1alpha1 and v1alpha2 are no longer served (only v1beta1; 1.7 drops them from the CRDs): an '
          + 'object of those versions is rejected (error)',
        source: 'kubevirt pkg/virt-operator/resource/generate/components/crds.go@v1.6.0:680-696',
      },
      {
        since: '1.7',
        behaviour: 'memory conflicts narrow: domain.memory.guest always, hugepages or maxGuest only when the instancetype sets them too '
          + '(up to 1.6 any domain.memory conflicts); the instancetype gains ioThreads, and domain.ioThreads.supplementalPoolThreadCount '
          + 'conflicts when both set it',
        source: 'kubevirt pkg/instancetype/apply/memory.go@v1.7.0:73-93 (@v1.6.0:36); pkg/instancetype/apply/iothreads.go@v1.7.0; '
          + 'staging/src/kubevirt.io/api/instancetype/v1beta1/types.go@v1.7.0:115-117',
      },
    ],
  },
  check(ctx) {
    // the instancetype and preference objects: their apiVersion must be served by the release
    const served = servedVersions(INSTANCETYPE_GROUP, ctx.version)!;
    for (const role of Object.values(ROLES)) {
      for (const kind of [role.namespaced, role.cluster]) {
        for (const e of ctx.byKind(kind)) {
          if (e.group !== INSTANCETYPE_GROUP || served.includes(e.ref.apiVersion.slice(INSTANCETYPE_GROUP.length + 1))) continue;
          ctx.report(e, 'apiVersion', `apiVersion ${show(e.ref.apiVersion)} is not served by kubevirt ${ctx.version}; use ${served.map((v) => `${INSTANCETYPE_GROUP}/${v}`).join(', ')}`);
        }
      }
    }
    // a preference's preferredCPUTopology: up to 1.3 any string is accepted, and one the release does not know leaves the
    // guest 1 socket, 1 core and 1 thread (pkg/instancetype/instancetype.go@v1.3.0:1020-1050, the CRD types it as a
    // plain string); from 1.4 the preference admitter rejects it (virt-api/webhooks/validating-webhook/admitters/
    // preference-admitter.go@v1.4.0:40-55; pkg/instancetype/preference/webhooks/admitter.go@v1.9.0:59)
    const shortNames = ctx.version.isAtLeast(KubeVirtVersion.V1_4);
    const known: readonly string[] = shortNames ? [...PREFER_TOPOLOGIES, ...SHORT_TOPOLOGIES] : PREFER_TOPOLOGIES;
    for (const kind of [ROLES.preference.namespaced, ROLES.preference.cluster]) {
      for (const e of ctx.byKind(kind)) {
        if (e.group !== INSTANCETYPE_GROUP) continue;
        const cpu = isObject(e.manifest.spec) && isObject(e.manifest.spec.cpu) ? e.manifest.spec.cpu : undefined;
        const value = cpu?.preferredCPUTopology;
        if (value === undefined || value === null || (typeof value === 'string' && known.includes(value))) continue;
        const path = 'spec.cpu.preferredCPUTopology';
        if (shortNames) {
          ctx.report(e, path, `${path} is ${show(value)}; accepted: ${known.map((t) => JSON.stringify(t)).join(', ')} (kubevirt: unknown preferredCPUTopology ${String(value)})`);
        } else {
          const short = (SHORT_TOPOLOGIES as readonly string[]).includes(value as string);
          ctx.report(e, path, `${path} is ${show(value)}, which kubevirt ${ctx.version} accepts and ignores: a VM with this preference gets 1 socket, 1 core and 1 thread whatever its instancetype's guest cpus; `
            + `${short ? `the short names are first in kubevirt 1.4; use "prefer${(value as string)[0].toUpperCase()}${(value as string).slice(1)}"` : `accepted: ${known.map((t) => JSON.stringify(t)).join(', ')}`}`, 'warning');
        }
      }
    }
    const seen = new Set<string>();
    for (const view of ctx.vmiSpecs) {
      for (const ref of view.references ?? []) {
        // one finding per reference, whatever the number of views of its object
        const key = `${view.entry.index}\u0000${ref.path}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const k = ROLES[ref.role];
        switch (ref.status) {
          case 'absent':
            ctx.report(view.entry, ref.path, `${ref.role} ${ref.kind} ${show(ref.name)} is not among the inputs, so it was not applied: `
              + `the verdict on ${view.path} may change once it is (${ref.role === 'preference'
                ? 'a preference fills unset fields, such as the masquerade binding of pod-network interfaces and their model'
                : 'an instancetype sets cpu and memory, and kubevirt rejects the VM when it sets them too'}); `
              + `add the ${ref.kind} to the inputs to check the VM as kubevirt will`, 'warning');
            break;
          case 'infer':
            ctx.report(view.entry, join(ref.path, 'inferFromVolume'), `${ref.role} is inferred from volume ${show((ref.value as Obj).inferFromVolume)} when the VM is created, `
              + `which cannot be resolved from the manifests: the verdict on ${view.path} may change once kubevirt applies it`, 'warning');
            break;
          case 'unknown-kind': {
            const kind = (ref.value as Obj).kind;
            ctx.report(view.entry, join(ref.path, 'kind'), `${ref.path}.kind is ${show(kind)}; accepted: ${accepted(ref.role)} (kubevirt: got unexpected kind in ${k.matcher}: ${String(kind)})`);
            break;
          }
          case 'malformed':
            ctx.report(view.entry, ref.path, isObject(ref.value)
              ? `${ref.path} needs a name (a non-empty string) or inferFromVolume, and kind as a string when set; got ${show(ref.value)}`
              : `${ref.path} must be an object with name and kind (${accepted(ref.role)}), got ${show(ref.value)}`);
            break;
          case 'conflict': {
            // one cause per field in every release, with the text of the release: "VM field %s ..."
            // (pkg/instancetype/instancetype.go@v1.1.0:35, vms-admitter.go@v1.1.0:287-294; the same at v1.4.0), then
            // "VM field(s) %s ..." (pkg/instancetype/conflict/conflicts.go@v1.5.0:29,61-74; webhooks/vm/admitter.go@v1.5.0:115-117,
            // Conflicts.StatusCauses: still one cause per field)
            const text = (f: string) => ctx.version.isAtLeast(KubeVirtVersion.V1_5)
              ? `VM field(s) ${f} conflicts with selected instance type`
              : `VM field ${f} conflicts with selected instance type`;
            for (const f of ref.conflicts ?? []) {
              ctx.report(view.entry, f, `${f} is set, but ${k.namespaced === ref.kind ? 'instancetype' : 'cluster instancetype'} ${show(ref.name)} sets it too; `
                + `remove it from the VM, or drop ${ref.path} (kubevirt: ${text(f)})`);
            }
            break;
          }
          default:
            break;
        }
      }
    }
  },
};

export const INSTANCETYPE_RULES: readonly Rule[] = [instancetypeReference];
