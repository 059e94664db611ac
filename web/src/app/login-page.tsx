import {
  Alert,
  Box,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from './api';
import { useLogin, useMe } from './auth';
import { LanguageSwitch } from './language-switch';
import { Logo } from './logo';

/** The text for a failed login: known problem types in the UI's language, otherwise the server's own detail. */
function useLoginError(error: unknown): string | undefined {
  const { t } = useTranslation();
  if (!error) return undefined;
  if (!(error instanceof ApiError)) return t('errors.network');
  if (error.type === 'unauthenticated') return t('login.problems.unauthenticated');
  if (error.type === 'too-many-requests' && error.retryAfter) {
    return t('login.problems.too-many-requests', { count: Math.ceil(error.retryAfter / 60) });
  }
  return error.message;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  const errorText = useLoginError(login.error);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (me.data) return <Navigate to={from} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!email.trim() || !password) return;
    login.mutate(
      { email: email.trim(), password },
      { onSuccess: () => void navigate(from, { replace: true }) },
    );
  };

  return (
    <Box mih="100vh" bg="gray.0">
      <Center mih="100vh" p="md">
        <Stack w="100%" maw={400} gap="lg">
          <Center>
            <Logo size="lg" />
          </Center>
          <Paper withBorder shadow="sm" radius="lg" p="xl" component="form" onSubmit={submit} noValidate>
            <Stack gap="md">
              <div>
                <Title order={2} size="h3">
                  {t('login.title')}
                </Title>
                <Text c="dimmed" size="sm" mt={4}>
                  {t('login.subtitle')}
                </Text>
              </div>
              {errorText && (
                <Alert
                  color="red"
                  variant="light"
                  icon={<IconAlertCircle />}
                  title={t('login.failed')}
                  role="alert"
                >
                  {errorText}
                </Alert>
              )}
              <TextInput
                label={t('login.email')}
                name="email"
                type="email"
                autoComplete="username"
                autoFocus
                value={email}
                onChange={(event) => setEmail(event.currentTarget.value)}
                error={touched && !email.trim() ? t('login.emailRequired') : undefined}
              />
              <PasswordInput
                label={t('login.password')}
                name="password"
                autoComplete="current-password"
                value={password}
                onChange={(event) => setPassword(event.currentTarget.value)}
                error={touched && !password ? t('login.passwordRequired') : undefined}
              />
              <Button type="submit" fullWidth loading={login.isPending} mt="xs">
                {t('login.submit')}
              </Button>
            </Stack>
          </Paper>
          <Center>
            <LanguageSwitch />
          </Center>
        </Stack>
      </Center>
    </Box>
  );
}
