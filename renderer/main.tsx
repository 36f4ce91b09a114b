import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { resolveBridge } from './bridge/index.js';
import { createApi } from './api.js';
import { ApiProvider, ThemeProvider, ToastProvider, WorkspaceProvider } from './app/context.js';
import { App } from './app/App.js';
import './styles/app.css';

document.documentElement.dataset.appState = 'loading';

const api = createApi(resolveBridge());
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <ApiProvider api={api}>
      <ThemeProvider>
        <ToastProvider>
          <WorkspaceProvider>
            <App />
          </WorkspaceProvider>
        </ToastProvider>
      </ThemeProvider>
    </ApiProvider>
  </StrictMode>,
);
