// The only fetch the `ollama` client gets. It refuses any URL outside the configured base URL
// (same origin, under its path) before a byte leaves the machine, never follows a redirect
// (`redirect: 'error'`: a 3xx could send the prompt, which holds plant runbooks and alarm
// data, to another host), and ties every request to the caller's AbortSignal. The client
// passes no signal of its own on non-streamed calls (list, show, embed, chat without stream),
// so this is also where their time limits and cancellation take effect.
import { OllamaError } from './ollama-error';

export function confinedFetch(baseUrl: string, signal?: AbortSignal): typeof fetch {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  return (input, init = {}) => {
    const target = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const inside =
      target.origin === base.origin &&
      (prefix === '' || target.pathname === prefix || target.pathname.startsWith(`${prefix}/`));
    if (!inside) {
      return Promise.reject(
        new OllamaError(
          'foreign-host',
          `Refused a request to ${target.origin}${target.pathname}: Watchfloor sends requests only to the configured Ollama server ${baseUrl}`,
        ),
      );
    }
    const signals = [init.signal, signal].filter((s): s is AbortSignal => s instanceof AbortSignal);
    return fetch(target, {
      ...init,
      redirect: 'error',
      signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0],
    });
  };
}
