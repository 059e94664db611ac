import { Center, Loader } from '@mantine/core';

/** Shown while a route's code chunk loads (React.lazy); on a fast connection it is barely seen. */
export function PageLoader() {
  return (
    <Center py="xl">
      <Loader size="sm" />
    </Center>
  );
}
