/**
 * The comparison of two actors and an actor's profile belong to the view's state (`cmp` and `profile` in the URL):
 * opening one writes it into the state, closing it clears it, and a reload or a copied link reopens it.
 */
import type { Store } from "../state/store.ts";
import type { ExplorerState, ViewState } from "../state/view.ts";
import { comparing, openComparison } from "./compare.ts";
import { openProfile, profiling } from "./profile.ts";

const withView = (s: ExplorerState, patch: Partial<ViewState>): ExplorerState => ({
  ...s,
  view: { ...s.view, ...patch },
});

/** Opens and closes the comparison and the profile as the state asks, from the state the page opened with on. */
export function attachLinkedDialogs(store: Store<ExplorerState>): void {
  comparing.request = (a, b) => {
    store.update((s) => withView(s, { compare: [a, b] }));
  };
  profiling.request = (id) => {
    store.update((s) => withView(s, { profile: id }));
  };
  const clear = (patch: Partial<ViewState>) => store.update((s) => withView(s, patch));

  const sync = (v: ViewState) => {
    const pair = v.compare?.join(",");
    const shown = document.querySelector<HTMLDialogElement>("dialog[data-compare]");
    if (shown && shown.dataset.compare !== pair) shown.close();
    if (v.compare && shown?.dataset.compare !== pair)
      void openComparison(v.compare[0], v.compare[1], () => {
        if (store.get().view.compare?.join(",") === pair) clear({ compare: undefined });
      });

    const page = document.querySelector<HTMLElement>(".profile-page");
    if (page && page.dataset.profile !== v.profile) page.querySelector<HTMLButtonElement>("[data-close]")?.click();
    if (v.profile && page?.dataset.profile !== v.profile) {
      const id = v.profile;
      void openProfile(id, () => {
        if (store.get().view.profile === id) clear({ profile: undefined });
      });
    }
  };
  sync(store.get().view);
  store.subscribe((s, prev) => {
    if (s.view.compare !== prev.view.compare || s.view.profile !== prev.view.profile) sync(s.view);
  });
}
