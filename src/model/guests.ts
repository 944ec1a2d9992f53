// A guest's name, as a scenario carries it (`--guest`, the first segment of a scenario key). The
// guests themselves are declared in their folders under guest/ and listed in guest/registry.ts,
// which the planner reads (model/ comes before guest/ in the layers, so it holds only the name).
export type GuestName = string;
