import './app/styles';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Initialises i18next before the first render, so no screen ever shows translation keys.
import './app/i18n';
import { App } from './app/app';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
