// Display layouts per workstation (issue 16, point 4), kept in state.db's `settings` table: one
// row per workstation (`layouts:<name>`) holding its layouts and which one is active, written
// whole, as other settings saved from the UI are (stored-setting.ts). A row that no longer parses
// (written by another version) reads as "no layouts" and is logged; it is replaced on the next save.
//
// Decisions: layout names are unique per workstation ignoring case ("Night" and "night" would
// read as one in a URL typed by hand); a rename keeps the active mark; deleting the active layout
// leaves the workstation with none (one main window, as before layouts), never silently another.
import { z } from 'zod';
import { MAX_LAYOUTS, StoredLayout, type Layout, type WorkstationLayouts } from '../../../shared/display-layouts';
import { EngineError } from '../../../shared/errors';
import { loadSetting, saveSetting } from '../state/stored-setting';
import type { StateDb } from '../state/state-db';

const Row = z.object({ active: z.string().nullable(), layouts: z.array(StoredLayout) });
type Row = z.infer<typeof Row>;

export interface LayoutStoreDeps {
  db: StateDb;
  clock: () => number;
  log: (message: string) => void;
}

const keyOf = (workstation: string) => `layouts:${workstation}`;
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export class LayoutStore {
  constructor(private readonly deps: LayoutStoreDeps) {}

  list(workstation: string): WorkstationLayouts {
    const row = this.read(workstation);
    return { workstation, active: row.active, layouts: row.layouts };
  }

  get(workstation: string, name: string): StoredLayout {
    const found = this.read(workstation).layouts.find((l) => same(l.name, name));
    if (!found) throw new EngineError('NOT_FOUND', `workstation ${workstation} has no layout "${name}"`);
    return found;
  }

  save(
    workstation: string,
    layout: Layout,
    by: string,
    options: { previousName?: string | undefined; activate?: boolean } = {},
  ): WorkstationLayouts {
    const row = this.read(workstation);
    const replaced = options.previousName ?? layout.name;
    if (options.previousName !== undefined && !row.layouts.some((l) => same(l.name, replaced)))
      throw new EngineError('NOT_FOUND', `workstation ${workstation} has no layout "${replaced}" to rename`);
    const clash = row.layouts.find((l) => same(l.name, layout.name) && !same(l.name, replaced));
    if (clash)
      throw new EngineError('BAD_REQUEST', `workstation ${workstation} already has a layout "${clash.name}"`, {
        issues: [{ path: 'layout.name', message: `"${clash.name}" exists already: choose another name` }],
      });
    const others = row.layouts.filter((l) => !same(l.name, replaced));
    if (others.length >= MAX_LAYOUTS)
      throw new EngineError('BAD_REQUEST', `a workstation keeps at most ${MAX_LAYOUTS} layouts`, {
        issues: [{ path: 'layout', message: `at most ${MAX_LAYOUTS} layouts: delete one first` }],
      });
    const stored: StoredLayout = {
      name: layout.name,
      displays: [...layout.displays].sort((a, b) => a.display - b.display),
      updatedAt: this.deps.clock(),
      updatedBy: by,
    };
    const wasActive = row.active !== null && same(row.active, replaced);
    const next: Row = {
      active: options.activate || wasActive ? layout.name : row.active,
      layouts: [...others, stored].sort((a, b) => a.name.localeCompare(b.name)),
    };
    this.write(workstation, next);
    return this.list(workstation);
  }

  remove(workstation: string, name: string): WorkstationLayouts {
    const row = this.read(workstation);
    if (!row.layouts.some((l) => same(l.name, name)))
      throw new EngineError('NOT_FOUND', `workstation ${workstation} has no layout "${name}"`);
    this.write(workstation, {
      active: row.active !== null && same(row.active, name) ? null : row.active,
      layouts: row.layouts.filter((l) => !same(l.name, name)),
    });
    return this.list(workstation);
  }

  activate(workstation: string, name: string | null): WorkstationLayouts {
    const row = this.read(workstation);
    const found = name === null ? null : row.layouts.find((l) => same(l.name, name));
    if (found === undefined) throw new EngineError('NOT_FOUND', `workstation ${workstation} has no layout "${name}"`);
    this.write(workstation, { ...row, active: found ? found.name : null });
    return this.list(workstation);
  }

  private read(workstation: string): Row {
    return (
      loadSetting(this.deps.db, keyOf(workstation), Row, `layouts of ${workstation}`, this.deps.log)?.config ?? {
        active: null,
        layouts: [],
      }
    );
  }

  private write(workstation: string, row: Row): void {
    saveSetting(this.deps.db, keyOf(workstation), row, this.deps.clock());
  }
}
