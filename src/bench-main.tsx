import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BenchPage } from './bench/BenchPage';
import './ui/styles.css';
import { applyTheme, loadTheme } from './app/theme';

applyTheme(loadTheme());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BenchPage />
  </StrictMode>,
);
