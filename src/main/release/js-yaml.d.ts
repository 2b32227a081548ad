// js-yaml 4 ships no types and @types/js-yaml is not installed: the two functions the release
// tools use (reading and writing electron-builder's latest*.yml manifests), typed by hand.
declare module 'js-yaml' {
  export function load(text: string, options?: { filename?: string }): unknown;
  export function dump(value: unknown, options?: { lineWidth?: number; noRefs?: boolean }): string;
}
