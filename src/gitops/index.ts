// The GitOps layout, Argo CD and Flux delivery: see layout.ts, argocd.ts, flux.ts and fleet.ts.
export { Layer, objectFileName } from './layout';
export type { KustomizePatchTarget, LayerFile, LayerFileOptions, LayerFolders } from './layout';
export { HYPERCONVERGED_HEALTH_LUA, KUBEVIRT_HEALTH_LUA, SKIP_DRY_RUN, SYNC_OPTIONS, SYNC_WAVE, argoCmHealthPatch, vmIgnoreDifferences } from './argocd';
export type { ArgoCdProps } from './argocd';
export type { FluxProps, FluxSourceRef } from './flux';
export type { GitOpsProps } from './fleet';
