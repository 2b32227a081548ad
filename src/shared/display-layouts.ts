// Display layouts (issue 16, point 4), their schemas and rules: a named layout gives each display of a
// workstation (1, 2, 3… in the order the shell numbers them: display-plan.ts) one view — the wall
// (all of it or one area), the alarm queue, a device, an analytics state (a trend group) or the
// KPIs — and says whether that display runs as a kiosk. Layouts are kept per workstation in the
// engine; each workstation has at most one active layout, which the desktop opens its windows
// with. A browser opens one display of any layout with `?layout=NAME&display=N`
// (renderer/src/app/layout-opener.ts). The contract's requests are in contract/layouts.ts; these
// schemas sit apart so the renderer's code for layouts does not share a chunk with the group's
// module that the result resolver fetches (docs/developer-guide.md: Bundle budget).
//
// A "workstation" is a name (WorkstationName): the desktop's host name by default, editable in
// Settings → Display; a browser names it with `?workstation=` or picks it in Settings
// (docs/developer-guide.md: Display layouts). The name is not an identity: anyone allowed to save
// layouts may save them for any workstation, as they could walk up to it.
import { z } from 'zod';

export const MAX_LAYOUT_DISPLAYS = 16;
export const MAX_LAYOUTS = 50;

/** A workstation's or a layout's name: also part of a URL, so a small alphabet. */
const Name = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `a ${what} name is required`)
    .max(64, `a ${what} name has at most 64 characters`)
    .regex(/^([A-Za-z0-9][A-Za-z0-9 ._-]*)?$/, `a ${what} name has letters, digits, spaces and . _ - (not first)`);

export const WorkstationName = Name('workstation');
export const LayoutName = Name('layout');

export const LayoutViewKind = z.enum(['wall', 'alarms', 'device', 'analytics', 'kpis']);
export type LayoutViewKind = z.infer<typeof LayoutViewKind>;

/** The URL hash each view opens (`#wall/<area>`, `#device/<id>`, `#analytics/<state>`). */
export const VIEW_ROUTE: Readonly<Record<LayoutViewKind, string>> = {
  wall: 'wall',
  alarms: 'alarms',
  device: 'device',
  analytics: 'analytics',
  kpis: 'kpis',
};

/** Views whose target is required (a device) or optional (an area, an analytics state) or none. */
export const VIEW_TARGET: Readonly<Record<LayoutViewKind, 'required' | 'optional' | 'none'>> = {
  wall: 'optional',
  alarms: 'none',
  device: 'required',
  analytics: 'optional',
  kpis: 'none',
};

const Target = z
  .string()
  .trim()
  .max(2000, 'a target has at most 2000 characters')
  .regex(/^[^\s#?]*$/, 'a target has no spaces, # or ?');

export const DisplayAssignment = z
  .object({
    /** 1-based display number on the workstation. */
    display: z.number().int().min(1).max(MAX_LAYOUT_DISPLAYS),
    view: LayoutViewKind,
    /** The wall's area, the device's id, the analytics state; '' for none. */
    target: Target.default(''),
    kiosk: z.boolean().default(false),
  })
  .strict()
  .superRefine((a, ctx) => {
    const rule = VIEW_TARGET[a.view];
    if (rule === 'required' && a.target === '')
      ctx.addIssue({ code: 'custom', path: ['target'], message: `a ${a.view} view needs a target (which ${a.view})` });
    if (rule === 'none' && a.target !== '')
      ctx.addIssue({ code: 'custom', path: ['target'], message: `the ${a.view} view takes no target` });
  });
export type DisplayAssignment = z.infer<typeof DisplayAssignment>;

export const Layout = z
  .object({
    name: LayoutName,
    displays: z.array(DisplayAssignment).min(1, 'a layout gives at least one display a view').max(MAX_LAYOUT_DISPLAYS),
  })
  .strict()
  .superRefine((l, ctx) => {
    const seen = new Set<number>();
    l.displays.forEach((d, i) => {
      if (seen.has(d.display))
        ctx.addIssue({
          code: 'custom',
          path: ['displays', i, 'display'],
          message: `display ${d.display} is listed twice`,
        });
      seen.add(d.display);
    });
  });
export type Layout = z.infer<typeof Layout>;
export type LayoutInput = z.input<typeof Layout>;

export const StoredLayout = z.object({
  name: z.string(),
  displays: z.array(z.object({ display: z.number(), view: LayoutViewKind, target: z.string(), kiosk: z.boolean() })),
  updatedAt: z.number(),
  updatedBy: z.string(),
});
export type StoredLayout = z.infer<typeof StoredLayout>;

export const WorkstationLayouts = z.object({
  workstation: z.string(),
  /** The layout this workstation opens with; null: none (one main window, as before layouts). */
  active: z.string().nullable(),
  layouts: z.array(StoredLayout),
});
export type WorkstationLayouts = z.infer<typeof WorkstationLayouts>;

/** The URL hash a display's view opens: `wall`, `wall/line-1`, `device/pump-7`, `analytics/…`. */
export function routeOf(a: Pick<DisplayAssignment, 'view' | 'target'>): string {
  const base = VIEW_ROUTE[a.view];
  return a.target && VIEW_TARGET[a.view] !== 'none' ? `${base}/${a.target}` : base;
}
