/** Who is logged in, and logging in and out: the session lives in an HttpOnly cookie the page cannot read. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient, body } from '../api/client';
import type { paths } from '../api/openapi';
import { ApiError } from './api';
import { type Language, applyLanguage, isLanguage } from './i18n';
import { ME_KEY } from './query-client';

export type Me = paths['/api/v1/auth/me']['get']['responses'][200]['content']['application/json']['data'];

async function fetchMe(): Promise<Me | null> {
  try {
    return (await body(apiClient.GET('/api/v1/auth/me'))).data;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** The logged-in user, `null` when nobody is, `undefined` while the first answer is on its way. */
export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000 });
}

/** Like useMe, for screens that only render after RequireAuth has made sure somebody is logged in. */
export function useUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useUser needs a logged-in user (render it inside RequireAuth)');
  return data;
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { email: string; password: string }) =>
      body(apiClient.POST('/api/v1/auth/login', { body: credentials })),
    onSuccess: async () => {
      const me = await fetchMe();
      if (me && isLanguage(me.language)) await applyLanguage(me.language);
      client.setQueryData(ME_KEY, me);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => body(apiClient.POST('/api/v1/auth/logout')),
    // Whatever the answer, this browser forgets the user and every record it fetched for them.
    onSettled: () => {
      client.clear();
      client.setQueryData(ME_KEY, null);
    },
  });
}

/** Switches at once and stores the choice on the user (PATCH /auth/me), so it follows them to other devices. */
export function useSetLanguage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (language: Language) => {
      await applyLanguage(language);
      await body(apiClient.PATCH('/api/v1/auth/me', { body: { language } }));
      return language;
    },
    onSuccess: (language) => client.setQueryData<Me | null>(ME_KEY, (me) => (me ? { ...me, language } : me)),
  });
}
