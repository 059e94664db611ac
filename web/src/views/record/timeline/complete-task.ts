import { notifications } from '@mantine/notifications';
import { api, reasonOf } from '../../../app/api';
import type { RecordData } from '../record-types';

/**
 * Marks a task done at the version the screen shows (a task changed meanwhile is refused, not overwritten); the
 * server's reason shows when it refuses. Resolves whether it was done, so the caller refreshes what it lists.
 */
export async function completeTask(task: RecordData): Promise<boolean> {
  try {
    await api('PATCH', `/api/v1/tasks/${encodeURIComponent(task.id)}`, {
      status: 'done',
      version: task.version,
    });
    return true;
  } catch (error) {
    notifications.show({ color: 'red', message: reasonOf(error as Error) });
    return false;
  }
}
