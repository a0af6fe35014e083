/** The header's sign-in control and the editor tools it unlocks (history for everyone, import for editors). */
import { api, currentSession, SESSION_KEY, type Session } from "../api.ts";
import { html, render } from "../html.ts";
import { dialog, errorHtml } from "./dialog.ts";
import { openHistory } from "./history.ts";
import { openImport } from "./import-wizard.ts";

const $ = (id: string) => document.getElementById(id)!;

export const canEdit = (s: Session | null) => s?.role === "editor" || s?.role === "admin";

export function setupAccount(): void {
  const button = $("account");
  const importButton = $("import-open");
  const historyButton = $("history-open");
  const session = currentSession();
  button.textContent = session ? `${session.user} (${session.role}) · Sign out` : "Sign in";
  importButton.hidden = !canEdit(session);
  historyButton.hidden = false;
  button.onclick = () => {
    if (currentSession()) {
      // The server revokes the token too, so a copy of it left anywhere stops working.
      void api
        .signOut()
        .catch(() => undefined)
        .finally(() => {
          sessionStorage.removeItem(SESSION_KEY);
          location.reload();
        });
      return;
    }
    const d = dialog(
      "Sign in",
      html`<form method="dialog" id="sign-in-form">
        <label
          >Your access token <input id="sign-in-secret" type="password" autocomplete="current-password" required
        /></label>
        <p class="hint">Editors and admins get their token from whoever runs this Coalition Atlas server.</p>
        <p id="sign-in-error" class="error" role="alert"></p>
        <button type="submit">Sign in</button>
      </form>`,
    );
    d.querySelector<HTMLFormElement>("form")!.onsubmit = async (ev) => {
      ev.preventDefault();
      try {
        const s = await api.signIn(d.querySelector<HTMLInputElement>("#sign-in-secret")!.value);
        sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
        location.reload();
      } catch (e) {
        render(d.querySelector("#sign-in-error")!, errorHtml(e));
      }
    };
  };
  importButton.onclick = () => openImport();
  historyButton.onclick = () => void openHistory();
}
