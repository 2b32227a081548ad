// The source kinds' names alone, for what must name a kind without its schemas: the domain's
// SourceHealth, which the renderer's first view loads (the kinds' schemas are ~7 kB it does not
// need before Settings → Sources). source-kinds.ts has the type checker hold these to its
// registered kinds, names and order.
export const SOURCE_KIND_NAMES = ['mqtt', 'kafka', 'prometheus', 'cloud'] as const;
export const SINGLE_SOURCE_KIND_NAMES = ['http'] as const;
