/** The console's frame: navigation, region, the "Sluice is not answering" banner, and the page of the path. */
import { useState } from 'react';
import { currentRegion, setRegion } from './api/aws';
import { LiveProvider, useReachable } from './live/live';
import { ExecutionPage } from './pages/execution-page';
import { FunctionsPage } from './pages/functions-page';
import { PipelinePage } from './pages/pipeline-page';
import { PipelinesPage } from './pages/pipelines-page';
import { QueuesPage } from './pages/queues-page';
import type { Route } from './router';
import { Link, paths, routeOf, useLocation } from './router';

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-south-1'];

export function App() {
  const [region, changeRegion] = useState(currentRegion);
  return (
    <LiveProvider>
      <ConnectionBanner />
      <Header
        region={region}
        onRegion={(r) => {
          setRegion(r);
          changeRegion(r);
        }}
      />
      {/* A new region is another world: every page loads afresh. */}
      <main key={region} id="main">
        <Page />
      </main>
    </LiveProvider>
  );
}

function ConnectionBanner() {
  const reachable = useReachable();
  // An overlay: it covers the header instead of pushing the page down.
  return (
    <div className="banner-slot" role="status" aria-live="assertive">
      {!reachable && (
        <div className="banner">
          <strong>Sluice is not answering</strong> at {window.location.host}. The console keeps what it showed and
          reconnects by itself when Sluice is back.
        </div>
      )}
    </div>
  );
}

function Header({ region, onRegion }: { region: string; onRegion: (region: string) => void }) {
  const { pathname } = useLocation();
  const section = pathname.startsWith('/queues')
    ? 'queues'
    : pathname.startsWith('/functions')
      ? 'functions'
      : 'pipelines';
  const [draft, setDraft] = useState(region);
  return (
    <header className="top">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <Link to={paths.pipelines()} className="brand">
        <img src="/favicon.svg" alt="" width={22} height={22} />
        Sluice
      </Link>
      <nav aria-label="Sections">
        <Link to={paths.pipelines()} aria-current={section === 'pipelines' ? 'page' : undefined}>
          Pipelines
        </Link>
        <Link to={paths.queues()} aria-current={section === 'queues' ? 'page' : undefined}>
          Queues
        </Link>
        <Link to={paths.functions()} aria-current={section === 'functions' ? 'page' : undefined}>
          Functions
        </Link>
      </nav>
      <form
        className="region"
        onSubmit={(event) => {
          event.preventDefault();
          const next = draft.trim();
          if (/^[a-z0-9-]+$/.test(next)) onRegion(next);
        }}
      >
        <label htmlFor="region">Region</label>
        <input
          id="region"
          list="regions"
          value={draft}
          size={11}
          spellCheck={false}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={() => {
            const next = draft.trim();
            if (next !== region && /^[a-z0-9-]+$/.test(next)) onRegion(next);
          }}
        />
        <datalist id="regions">
          {REGIONS.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
      </form>
    </header>
  );
}

function Page() {
  const { pathname } = useLocation();
  const route: Route = routeOf(pathname);
  switch (route.page) {
    case 'pipelines':
      return <PipelinesPage />;
    case 'pipeline':
      return <PipelinePage key={route.name} name={route.name} />;
    case 'execution':
      return (
        <ExecutionPage key={`${route.name}/${route.executionId}`} name={route.name} executionId={route.executionId} />
      );
    case 'queues':
      return <QueuesPage />;
    case 'functions':
      return <FunctionsPage />;
    case 'not-found':
      return (
        <section className="page">
          <h1>Not found</h1>
          <p>
            The console has no page at <code>{route.path}</code>. <Link to={paths.pipelines()}>See the pipelines.</Link>
          </p>
        </section>
      );
  }
}
