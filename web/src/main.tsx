import './app/styles';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from './app/i18n';
import { App } from './app/app';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const render = () =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
// The first render waits for the language's texts, so no screen ever shows translation keys; if they cannot be
// fetched, the app still starts (and shows the keys) rather than a blank page.
void i18nReady.then(render, render);
