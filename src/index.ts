// The public API, name by name.
export { KubeVirtVersion, Gates } from './version';
export type { GateState } from './version';
export { KubeVirtCluster, ClusterTarget } from './cluster';
export type { KubeVirtClusterProps, KubeVirtPatchOptions, HcoPatchOptions } from './cluster';
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
export type { Finding, Rule, RuleContext, RuleMeta, RuleStep, Severity, Manifest, ObjectRef } from './rules';
export { KubeVirtNetbindValidation } from './validation-plugin';
export type { KubeVirtNetbindValidationProps } from './validation-plugin';
export { graph, diff, renderMermaid, renderDot, renderMarkdown, renderDiffMarkdown } from './graph';
export { upgrade, UpgradeRangeError } from './upgrade/upgrade';
export type { UpgradeChange, UpgradeChangeKind, UpgradeOptions, UpgradeReport, UpgradeStep } from './upgrade/upgrade';
export type {
  BindingGraph, ClusterGraph, ClusterDiff, DiagramOptions, DiffMarkdownOptions, FieldChange, GraphConfiguration, GraphDiff, GraphFinding,
  GraphInterface, GraphNad, GraphOptions, GraphRegistration, GraphVm, InterfaceChange, MarkdownOptions,
} from './graph';
export {
  Layer, objectFileName, HYPERCONVERGED_HEALTH_LUA, KUBEVIRT_HEALTH_LUA, argoCmHealthPatch, vmIgnoreDifferences,
} from './gitops';
export type {
  ArgoCdProps, FluxProps, FluxSourceRef, GitOpsProps, KustomizePatchTarget, LayerFile, LayerFileOptions, LayerFolders,
} from './gitops';
export {
  patchOps, overlayFiles, applyOps, readBase, checkBaseKustomization, baseProblems, PatchConflict, OVERLAY_FOLDER, PATCH_FILES, KUSTOMIZATION_FILE,
} from './gitops/patch';
export type { BaseRead, JsonPatchOp, Overlay, PatchKind, WantedConfiguration } from './gitops/patch';
export { contributeFiles, keepOutOfOutput } from './contributed-files';
export type { ContributedFiles, FileProducer, OutputFileContext } from './contributed-files';
export {
  CniInstaller, CustomKit, DEFAULT_CNI_BIN_DIR, KUBEVIRT_RELEASE_TAGS, MacvtapKit, ManagedTapKit, OPENSHIFT_CNI_BIN_DIR, PasstKit, PluginKit,
  PluginKits, SlirpKit, SupportedNetworks, UPSTREAM_IMAGES, upstreamImage, upstreamImageTable,
} from './kits';
export type {
  CniInstallerProps, CustomCniInstallerOptions, CustomKitProps, ImageTableRow, KitInstallerOptions, MacvtapKitProps, MacvtapNetworkOptions,
  ManagedTapBridgeOptions, ManagedTapKitProps, PasstKitProps, PluginKitInterfaceOptions, PluginKitProps, SlirpKitProps, UpstreamImage,
  UpstreamImageName,
} from './kits';
