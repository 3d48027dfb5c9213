// The public API, name by name.
export { KubeVirtVersion, Gates } from './version';
export type { GateState } from './version';
export { KubeVirtCluster, ClusterTarget } from './cluster';
export type { KubeVirtClusterProps } from './cluster';
export { Context } from './context';
export { BindingDownwardApi, BindingMigration, DomainAttachmentType } from './binding';
export type { BindingOptions, INetworkBinding } from './binding';
export { CniConfig } from './cni';
export type { CniPlugin } from './cni';
export { NetworkAttachmentDefinition } from './nad';
export type { INetworkAttachmentDefinition, NetworkAttachmentDefinitionProps } from './nad';
export { KubeVirtNetworking, NetworkBinding } from './networking';
export type { KubeVirtNetworkingProps } from './networking';
export { CoreBinding, DiskType, VirtualMachine, VmDisk, VmInstancetype, VmNetwork, VmPreference } from './vm';
export type {
  DeepPartial, EvictionStrategy, RunStrategy, SecretReference, VirtualMachineProps, VmCloudInitOptions, VmCpu, VmDataVolumeTemplate,
  VmDiskOptions, VmInterface, VmMultusOptions, VmPort, VmResourceClaim, VmResourceClaimNetworkOptions, VmResources,
  VmSpecOverrides,
} from './vm';
export { BindingCni, BindingPlugins } from './plugins';
export { NetbindApp, SynthError, runSynth, recoverOutput, OUTPUT_RECORD, LAST_GOOD_DIR } from './synth';
export type { NetbindAppProps } from './synth';
export { SortedApiObject } from './api-object';
export * as rules from './rules';
export * as schema from './schema';
export { lint } from './rules';
export type { Finding, Rule, RuleContext, RuleMeta, Severity, Manifest, ObjectRef } from './rules';
export { KubeVirtNetbindValidation } from './validation-plugin';
export type { KubeVirtNetbindValidationProps } from './validation-plugin';
export { graph, diff, renderMermaid, renderDot, renderMarkdown, renderDiffMarkdown } from './graph';
export { upgrade, UpgradeRangeError } from './upgrade/upgrade';
export type { UpgradeChange, UpgradeChangeKind, UpgradeOptions, UpgradeReport, UpgradeStep } from './upgrade/upgrade';
export type {
  BindingGraph, ClusterGraph, ClusterDiff, DiagramOptions, DiffMarkdownOptions, FieldChange, GraphConfiguration, GraphDiff, GraphFinding,
  GraphInterface, GraphNad, GraphOptions, GraphRegistration, GraphVm, InterfaceChange, MarkdownOptions,
} from './graph';
