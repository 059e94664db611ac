import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { type ViewState, readViewState, writeViewState } from './list-state';

export type SetViewState = (next: ViewState | ((current: ViewState) => ViewState)) => void;

/**
 * The list's state, living in the page's URL. Changes replace the history entry: a list tweaked ten times should
 * not take ten presses of Back to leave.
 */
export function useViewState(defaultSort: string): [ViewState, SetViewState] {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readViewState(params, defaultSort), [params, defaultSort]);
  const setState = useCallback<SetViewState>(
    (next) =>
      setParams(
        (previous) => {
          const resolved = typeof next === 'function' ? next(readViewState(previous, defaultSort)) : next;
          return writeViewState(resolved, previous);
        },
        { replace: true },
      ),
    [setParams, defaultSort],
  );
  return [state, setState];
}
