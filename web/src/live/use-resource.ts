/**
 * Data read through the public API that stays fresh: loaded when its key changes, reloaded when a live event says
 * it may have changed, kept on screen while a reload runs (no flicker, no layout jump), and retried while Sluice
 * does not answer.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { UnreachableError } from '../api/aws';
import type { LiveEvent } from './live';
import { useLiveEvents } from './live';

export interface Resource<T> {
  /** The last data loaded (kept through reloads and errors). */
  readonly data: T | undefined;
  /** The error of the last load, if it failed. */
  readonly error: unknown;
  /** True until the first load of this key finished. */
  readonly loading: boolean;
  /** Loads again now. */
  readonly reload: () => void;
}

export interface ResourceOptions<T> {
  /** Whether an event means the data should be loaded again (default: every tick and reconnection). */
  readonly refreshOn?: (event: LiveEvent, data: T | undefined) => boolean;
  /** Skip loading (a dependency is not known yet). */
  readonly enabled?: boolean;
  /** Keep showing the data of the previous key until the new key's data arrives (a search being typed). */
  readonly keepPrevious?: boolean;
}

/** Events closer together than this are served by one reload. */
const COALESCE_MS = 40;
const RETRY_MS = 2_000;

/** Loads `load()` for `key` and keeps it fresh. */
export function useResource<T>(key: string, load: () => Promise<T>, options: ResourceOptions<T> = {}): Resource<T> {
  const enabled = options.enabled ?? true;
  const [state, setState] = useState<{ key: string; data: T | undefined; error: unknown; loaded: boolean }>({
    key,
    data: undefined,
    error: undefined,
    loaded: false,
  });
  const latestLoad = useRef(load);
  const latestOptions = useRef(options);
  useLayoutEffect(() => {
    latestLoad.current = load;
    latestOptions.current = options;
  });
  const running = useRef(false);
  const again = useRef(false);
  const timer = useRef<number | undefined>(undefined);
  const keyRef = useRef(key);
  const dataRef = useRef<T | undefined>(undefined);

  // Created once: they read everything through refs.
  const { run, schedule } = useMemo(() => {
    const schedule = (delay: number): void => {
      if (timer.current !== undefined) return;
      timer.current = window.setTimeout(() => {
        timer.current = undefined;
        void run();
      }, delay);
    };
    const run = async (): Promise<void> => {
      if (running.current) {
        again.current = true;
        return;
      }
      running.current = true;
      const forKey = keyRef.current;
      try {
        const data = await latestLoad.current();
        if (keyRef.current !== forKey) return;
        dataRef.current = data;
        setState({ key: forKey, data, error: undefined, loaded: true });
      } catch (error) {
        if (keyRef.current !== forKey) return;
        setState((s) => ({ ...s, key: forKey, error, loaded: true }));
        if (error instanceof UnreachableError) schedule(RETRY_MS);
      } finally {
        running.current = false;
        if (again.current) {
          again.current = false;
          void run();
        }
      }
    };
    return { run, schedule };
  }, []);

  useEffect(() => {
    keyRef.current = key;
    if (!latestOptions.current.keepPrevious) {
      dataRef.current = undefined;
      setState({ key, data: undefined, error: undefined, loaded: false });
    }
    if (!enabled) return undefined;
    void run();
    return () => {
      if (timer.current !== undefined) window.clearTimeout(timer.current);
      timer.current = undefined;
    };
  }, [key, enabled, run]);

  useLiveEvents((event) => {
    if (!enabled) return;
    const wanted = latestOptions.current.refreshOn ?? ((e: LiveEvent) => e.type === 'tick' || e.type === 'reconnected');
    if (event.type === 'reconnected' || wanted(event, dataRef.current)) schedule(COALESCE_MS);
  });

  const reload = useCallback(() => void run(), [run]);
  const current =
    state.key === key || options.keepPrevious ? state : { data: undefined, error: undefined, loaded: false };
  return { data: current.data, error: current.error, loading: !current.loaded, reload };
}
