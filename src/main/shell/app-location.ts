// Where the control room's page lives: the bundled index.html (file://) or, in development,
// electron-vite's dev server. Everything that must tell "our page" from "somebody else's"
// (navigation, CSP, IPC sender checks) asks this one object.
import { pathToFileURL } from 'node:url';

export class AppLocation {
  private constructor(
    /** The URL a window loads. */
    readonly url: string,
    readonly isDevServer: boolean,
  ) {}

  static fromFile(indexHtml: string): AppLocation {
    return new AppLocation(pathToFileURL(indexHtml).href, false);
  }

  static fromDevServer(url: string): AppLocation {
    return new AppLocation(new URL(url).href, true);
  }

  /** True for our page (any hash or query) and, on the dev server, anything it serves. */
  owns(candidate: string): boolean {
    let target: URL;
    try {
      target = new URL(candidate);
    } catch {
      return false;
    }
    const own = new URL(this.url);
    if (this.isDevServer) return target.origin === own.origin;
    // file: origins are opaque ("null"), so compare the exact file instead.
    return target.protocol === 'file:' && target.host === own.host && target.pathname === own.pathname;
  }

  /** True for requests whose responses belong to the app (and so get our CSP). */
  servesResource(candidate: string): boolean {
    if (this.isDevServer) return this.owns(candidate);
    try {
      const target = new URL(candidate);
      const dir = new URL('.', this.url);
      return target.protocol === 'file:' && target.pathname.startsWith(dir.pathname);
    } catch {
      return false;
    }
  }
}
