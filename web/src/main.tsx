import { render } from 'preact';
import './styles.css';
import { i18n } from './i18n';
import { App } from './App';
import { restore } from './session';

document.title = i18n.t('app.name');
render(<App />, document.getElementById('app')!);
void restore();
