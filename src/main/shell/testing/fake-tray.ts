// A double of Electron's Tray for unit tests in plain Node (see electron-fakes.ts for the others).
import type { TrayLike } from '../electron-api';

type Listener = () => void;

/** Electron's Tray: records what the shell shows; `created` collects every tray made. */
export function fakeTrayClass() {
  const created: FakeTray[] = [];
  class FakeTray implements TrayLike {
    private readonly clicks: Listener[] = [];
    toolTip = '';
    title = '';
    contextMenu: unknown;
    destroyed = false;
    constructor(public image: string) {
      created.push(this);
    }
    on(_event: 'click', listener: Listener): this {
      this.clicks.push(listener);
      return this;
    }
    /** The user clicks the icon. */
    click(): void {
      for (const listener of this.clicks) listener();
    }
    setImage(image: string): void {
      this.image = image;
    }
    setToolTip(text: string): void {
      this.toolTip = text;
    }
    setTitle(title: string): void {
      this.title = title;
    }
    setContextMenu(menu: unknown): void {
      this.contextMenu = menu;
    }
    destroy(): void {
      this.destroyed = true;
    }
  }
  return { Tray: FakeTray, created };
}
