/**
 * The live connection to Sluice: one EventSource on `/_sluice/events`, shared by every page. Pages listen to its
 * events (an execution or a step changed; a tick every second) and refresh what they show through the public APIs.
 * When Sluice goes away, the banner says so; the EventSource reconnects by itself (and is re-created if the browser
 * gave up), and every page refreshes once it is back.
 */
import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { onReachability } from '../api/aws';

/** What the event stream says, plus `reconnected` when Sluice answers again after being down. */
export type LiveEvent =
  | { type: 'execution'; executionArn: string; pipelineName: string; status: string }
  | { type: 'step'; executionArn: string; stepName: string; status: string }
  | { type: 'tick'; at: number; count: number }
  | { type: 'reconnected' };

type Listener = (event: LiveEvent) => void;

interface LiveContextValue {
  readonly subscribe: (listener: Listener) => () => void;
  /** False while Sluice does not answer (after a short grace, so a blip shows nothing). */
  readonly reachable: boolean;
}

const LiveContext = createContext<LiveContextValue>({ subscribe: () => () => undefined, reachable: true });

const EVENTS_URL = '/_sluice/events';
/** How long Sluice may be silent before the banner shows. */
const GRACE_MS = 1_500;
/** Wait before re-creating an EventSource the browser closed for good (e.g. a 503 while Sluice stopped). */
const RECREATE_MS = 2_000;

/** Provides the live connection to the pages below. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const [reachable, setReachable] = useState(true);

  useEffect(() => {
    const emit = (event: LiveEvent): void => {
      for (const listener of [...listeners.current]) listener(event);
    };
    let source: EventSource | undefined;
    let recreate: number | undefined;
    let grace: number | undefined;
    let down = false;
    let streamOpen = false;
    let fetchFailed = false;
    let ticks = 0;

    const update = (): void => {
      const nowDown = !streamOpen || fetchFailed;
      if (nowDown && grace === undefined && !down) {
        grace = window.setTimeout(() => {
          grace = undefined;
          if (!streamOpen || fetchFailed) {
            down = true;
            setReachable(false);
          }
        }, GRACE_MS);
      }
      if (!nowDown) {
        if (grace !== undefined) window.clearTimeout(grace);
        grace = undefined;
        if (down) {
          down = false;
          setReachable(true);
          emit({ type: 'reconnected' });
        }
      }
    };

    const open = (): void => {
      const es = new EventSource(EVENTS_URL);
      source = es;
      es.onopen = () => {
        streamOpen = true;
        fetchFailed = false;
        update();
      };
      es.onerror = () => {
        streamOpen = false;
        update();
        if (es.readyState === EventSource.CLOSED) {
          es.close();
          recreate = window.setTimeout(open, RECREATE_MS);
        }
      };
      const forward = (type: 'execution' | 'step') => (message: MessageEvent<string>) => {
        try {
          emit({ type, ...(JSON.parse(message.data) as object) } as LiveEvent);
        } catch {
          // A malformed event is dropped; the next tick refreshes anyway.
        }
      };
      es.addEventListener('execution', forward('execution'));
      es.addEventListener('step', forward('step'));
      es.addEventListener('tick', (message: MessageEvent<string>) => {
        let at = Date.now();
        try {
          at = (JSON.parse(message.data) as { at: number }).at;
        } catch {
          // The tick itself is what matters.
        }
        emit({ type: 'tick', at, count: ++ticks });
      });
    };
    open();
    const stopWatching = onReachability((answered) => {
      if (answered === !fetchFailed) return;
      fetchFailed = !answered;
      update();
    });
    return () => {
      stopWatching();
      source?.close();
      if (recreate !== undefined) window.clearTimeout(recreate);
      if (grace !== undefined) window.clearTimeout(grace);
    };
  }, []);

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const value = useMemo<LiveContextValue>(() => ({ subscribe, reachable }), [subscribe, reachable]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/** Calls `handler` (its latest version) for every live event while the component is mounted. */
export function useLiveEvents(handler: (event: LiveEvent) => void): void {
  const { subscribe } = useContext(LiveContext);
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe]);
}

/** Whether Sluice answers. */
export function useReachable(): boolean {
  return useContext(LiveContext).reachable;
}
