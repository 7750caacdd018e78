import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { applyTheme, mirroredTheme } from './ui/theme.ts';
import { App } from './ui/App.tsx';
import './ui/styles.css';

// Before the first render, so a chosen theme does not flash the other one.
applyTheme(mirroredTheme());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
