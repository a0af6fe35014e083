/**
 * A small store of view state: one value, replaced (never mutated) by pure transitions `(state, input) => state`,
 * and subscribers told of each change with the state before it. Views subscribe to the slices they show.
 */
export interface Store<S> {
  get(): S;
  /** Applies a transition; subscribers run only when it returned a different state. */
  update(transition: (s: S) => S): void;
  subscribe(listener: (s: S, previous: S) => void): () => void;
}

export function createStore<S>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<(s: S, previous: S) => void>();
  return {
    get: () => state,
    update(transition) {
      const previous = state;
      const next = transition(state);
      if (next === previous) return;
      state = next;
      for (const l of [...listeners]) l(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
