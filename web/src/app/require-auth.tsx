import { Center, Loader } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMe } from './auth';
import { applyLanguage, currentLanguage, isLanguage } from './i18n';
import { ErrorState } from './error-state';

/** Renders its children for a logged-in user; everyone else goes to the login page and comes back after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const language = me.data?.language;
  useEffect(() => {
    // The user's stored language wins over the browser's once we know who is logged in.
    if (isLanguage(language) && language !== currentLanguage()) void applyLanguage(language);
  }, [language]);

  if (me.isPending) return <FullPageLoader />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    const from = location.pathname + location.search;
    return <Navigate to="/login" replace state={{ from }} />;
  }
  return children;
}

export function FullPageLoader() {
  return (
    <Center h="100vh">
      <Loader />
    </Center>
  );
}
