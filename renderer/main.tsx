/** Entry: resolve settings, start the stream and the frame flush, mount React. */
import './config/zod-csp';
import { createRoot } from 'react-dom/client';
import { App, ConfigError } from './App';
import { hostSettings } from './config/host';
import { resolveSettings, settingsFromQuery } from './config/settings';
import { startFrameStats } from './diagnostics/frames';
import { installDiagnostics } from './diagnostics/report';
import { startFrameFlush } from './state/flush';
import { useWall } from './state/store';
import { startStream } from './stream/client';
import './styles/wall.css';

async function boot(): Promise<void> {
  installDiagnostics();
  startFrameStats();
  const root = createRoot(document.getElementById('root')!);
  const host = await hostSettings();
  const r = resolveSettings(host.values, settingsFromQuery(window.location.search));
  if (!r.ok) {
    useWall.setState({ lang: r.partial.lang ?? 'zh', connection: 'offline' });
    const errors = host.error ? [`host: ${host.error}`, ...r.errors] : r.errors;
    console.error(`[config] ${errors.join('; ')}`);
    root.render(<ConfigError errors={errors} />);
    return;
  }
  const settings = r.settings;
  document.documentElement.lang = settings.lang === 'zh' ? 'zh-CN' : 'en';
  useWall.setState({ settings, lang: settings.lang, diagOpen: settings.diag, connectedSince: Date.now() });
  startFrameFlush();
  startStream(settings);
  root.render(<App view={settings.view} />);
}

void boot();
