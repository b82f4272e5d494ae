import '@mantine/core/styles.css';
import './console.css';
import './i18n';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { isNetworkError } from './api/client';
import { App } from './App';
import { cssVariables, theme } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    // a lost network is retried (with backoff); an API answer (4xx) is not
    queries: { retry: (count, e) => isNetworkError(e) && count < 5, staleTime: 5_000, refetchOnWindowFocus: true },
    mutations: { retry: false },
  },
});

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter basename="/console">
            <App />
          </BrowserRouter>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
