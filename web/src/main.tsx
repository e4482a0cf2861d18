import { render } from 'preact';
import './styles.css';
import { i18n, loadLanguage } from './i18n';
import { loadShell, Root } from './Root';
import { restore } from './session';

async function start() {
  await loadLanguage(i18n.language).catch(() => {}); // Arabic is its own chunk; English is built in
  document.title = i18n.t('app.name');
  const root = document.getElementById('app')!;
  root.textContent = ''; // the "Baton…" placeholder shown while the script loads
  render(<Root />, root);
  void restore();
  // Fetch the rest of the app while the user reads the first screen.
  const idle = (window as { requestIdleCallback?: (cb: () => void) => void }).requestIdleCallback || setTimeout;
  idle(() => void loadShell().catch(() => {}));
}
void start();
