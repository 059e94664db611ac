import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconHexagonLetterC } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export function Logo({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const { t } = useTranslation();
  const large = size === 'lg';
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon
        size={large ? 40 : 30}
        radius="md"
        variant="gradient"
        gradient={{ from: 'indigo', to: 'cyan' }}
      >
        <IconHexagonLetterC size={large ? 26 : 20} stroke={1.6} />
      </ThemeIcon>
      <Text fw={700} size={large ? 'xl' : 'lg'}>
        {t('app.name')}
      </Text>
    </Group>
  );
}
