export { graph, clusterGraph, groupVms, DEFAULT_GROUP_LIMIT } from './model';
export type {
  BindingGraph, ClusterGraph, ClusterInfo, GraphConfiguration, GraphFinding, GraphInterface, GraphNad, GraphOptions, GraphRegistration,
  GraphVm, VmGroup,
} from './model';
export { renderMermaid } from './mermaid';
export { renderDot } from './dot';
export { renderMarkdown } from './markdown';
export type { MarkdownOptions } from './markdown';
export type { DiagramOptions } from './scene';
export { diff, renderDiffMarkdown, isEmptyDiff } from './diff';
export type { ClusterDiff, DiffMarkdownOptions, FieldChange, GraphDiff, InterfaceChange } from './diff';
