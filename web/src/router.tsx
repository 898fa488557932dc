/** A small history-API router: the console's pages are real paths, served as index.html by Sluice. */
import type { AnchorHTMLAttributes, MouseEvent, ReactNode } from 'react';
import { useSyncExternalStore } from 'react';

const NAVIGATED = 'sluice:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

const snapshot = (): string => window.location.pathname + window.location.search;

/** The current path and query. */
export function useLocation(): { pathname: string; search: URLSearchParams } {
  const current = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(current, window.location.origin);
  return { pathname: url.pathname, search: url.searchParams };
}

/** Goes to `to` without reloading; `replace` keeps the history entry (a search box typing). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATED));
  if (!options.replace) window.scrollTo(0, 0);
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; children: ReactNode };

/** An anchor that navigates in place (a modified click opens a tab as usual). */
export function Link({ to, children, onClick, ...rest }: LinkProps) {
  const click = (event: MouseEvent<HTMLAnchorElement>): void => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={click} {...rest}>
      {children}
    </a>
  );
}

/** The pages of the console. */
export type Route =
  | { page: 'pipelines' }
  | { page: 'pipeline'; name: string }
  | { page: 'execution'; name: string; executionId: string }
  | { page: 'queues' }
  | { page: 'functions' }
  | { page: 'not-found'; path: string };

/** The page a path shows. */
export function routeOf(pathname: string): Route {
  const parts = pathname
    .split('/')
    .filter((p) => p !== '')
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  const [first, name, third, executionId] = parts;
  if (parts.length === 0) return { page: 'pipelines' };
  if (first === 'pipelines' && parts.length === 1) return { page: 'pipelines' };
  if (first === 'pipelines' && name !== undefined && parts.length === 2) return { page: 'pipeline', name };
  if (
    first === 'pipelines' &&
    name !== undefined &&
    third === 'executions' &&
    executionId !== undefined &&
    parts.length === 4
  )
    return { page: 'execution', name, executionId };
  if (first === 'queues' && parts.length === 1) return { page: 'queues' };
  if (first === 'functions' && parts.length === 1) return { page: 'functions' };
  return { page: 'not-found', path: pathname };
}

/** Paths of the pages. */
export const paths = {
  pipelines: () => '/',
  pipeline: (name: string) => `/pipelines/${encodeURIComponent(name)}`,
  execution: (name: string, executionId: string) =>
    `/pipelines/${encodeURIComponent(name)}/executions/${encodeURIComponent(executionId)}`,
  queues: () => '/queues',
  functions: () => '/functions',
};
