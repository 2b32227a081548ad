// Display layouts in the contract (issue 16, point 4): list, get, save (create, replace, rename),
// delete and activate a workstation's layouts. The schemas and what a "workstation" is are in
// ../display-layouts.ts.
import { z } from 'zod';
import { Layout, LayoutName, StoredLayout, WorkstationLayouts, WorkstationName } from '../display-layouts';

export * from '../display-layouts';

const Ws = z.object({ workstation: WorkstationName }).strict();

export const layoutRequests = {
  /** Every layout of a workstation and which one is active (an unknown workstation has none). */
  'layouts.list': { params: Ws, result: WorkstationLayouts },
  'layouts.get': {
    params: z.object({ workstation: WorkstationName, name: LayoutName }).strict(),
    result: StoredLayout,
  },
  /**
   * Creates or replaces a layout. `previousName` renames (the active mark follows); `activate`
   * also makes it the workstation's active layout.
   */
  'layouts.save': {
    params: z
      .object({
        workstation: WorkstationName,
        layout: Layout,
        previousName: LayoutName.optional(),
        activate: z.boolean().default(false),
      })
      .strict(),
    result: WorkstationLayouts,
  },
  'layouts.delete': {
    params: z.object({ workstation: WorkstationName, name: LayoutName }).strict(),
    result: WorkstationLayouts,
  },
  /** Makes a layout the workstation's active one; null: none. */
  'layouts.activate': {
    params: z.object({ workstation: WorkstationName, name: LayoutName.nullable() }).strict(),
    result: WorkstationLayouts,
  },
} as const;
