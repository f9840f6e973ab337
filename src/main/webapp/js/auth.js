// Who is logged in, two ways (GET api/login-options says which the server offers):
// - at the organisation's OpenID Connect provider, through oidc-client-ts (authorization code flow
//   with PKCE, a public client). Its tokens live in this page's memory only and are renewed before
//   they expire (a refresh token, or a hidden frame when the provider gives none); after a reload
//   the login is asked for again (one click, no password while the provider's session lasts);
// - with a pasted access token (or the printed login link), kept in this tab's sessionStorage: a
//   reload stays logged in, closing the tab forgets it.
// Without a login, or when the server says it no longer holds, the login dialog opens over the
// page, so whatever was being typed stays where it was.
import { h } from "./dom.js";

const KEY = "vibegrapher.token";
const ROLES = ["viewer", "editor", "reviewer", "admin"];
// Renewal starts this long before the token expires, leaving time for a slow provider.
const RENEW_BEFORE_SECONDS = 20;
// The provider's answer comes back to the dashboard's own address, whichever way the login went.
const RETURN_URI = new URL(".", location.href).href;

class Auth extends EventTarget {
  constructor() {
    super();
    this.caller = null;
    this.dialog = null;
    this.options = { provider: null, token_login: true };
    this.manager = null;
    this.user = null;
    this.notice = "";
  }

  /**
   * Learns how to log in and takes the provider's answer when the page is its return. Returns false
   * in a window that only carries that answer to the dashboard (the renewal frame, the login popup):
   * the dashboard does not start there.
   */
  async prepare() {
    try {
      const response = await fetch("api/login-options", {
        headers: { Accept: "application/json" },
      });
      if (response.ok) this.options = await response.json();
    } catch (unreachable) {
      // The token login still works once the server answers.
    }
    if (this.options.provider && window.oidc)
      this.manager = this.createManager(this.options.provider);
    return this.manager ? this.completeReturn() : true;
  }

  createManager(provider) {
    const manager = new window.oidc.UserManager({
      authority: provider.authority,
      client_id: provider.client_id,
      scope: provider.scope,
      response_type: "code",
      redirect_uri: RETURN_URI,
      silent_redirect_uri: RETURN_URI,
      popup_redirect_uri: RETURN_URI,
      post_logout_redirect_uri: RETURN_URI,
      // Tokens in memory only. The PKCE verifier and state stay in the default stateStore
      // (sessionStorage): they must outlive the trip to the provider, and are gone once it answers.
      userStore: new window.oidc.WebStorageStateStore({
        store: new window.oidc.InMemoryWebStorage(),
      }),
      automaticSilentRenew: true,
      accessTokenExpiringNotificationTimeInSeconds: RENEW_BEFORE_SECONDS,
      loadUserInfo: false,
      monitorSession: false,
    });
    manager.events.addUserLoaded((user) => {
      this.user = user;
      this.dispatchEvent(new Event("renewed"));
    });
    manager.events.addAccessTokenExpired(() => {
      if (this.user) this.expired();
    });
    manager.events.addSilentRenewError((error) =>
      console.warn("The login could not be renewed yet:", error.message),
    );
    return manager;
  }

  async completeReturn() {
    const query = new URLSearchParams(location.search);
    const answer = query.has("state") && (query.has("code") || query.has("error"));
    if (answer && (window.parent !== window || openedByThisDashboard())) {
      // The page that asked gives up on its own when nothing arrives (a timeout, a closed popup).
      const handOver =
        window.parent !== window
          ? this.manager.signinSilentCallback()
          : this.manager.signinPopupCallback();
      await handOver.catch((error) =>
        console.warn("The provider's answer could not be handed over:", error.message),
      );
      return false;
    }
    if (answer) {
      let route = "#/";
      try {
        this.user = await this.manager.signinRedirectCallback();
        route = this.user.state || route;
      } catch (refused) {
        this.notice = `The login at your organisation did not finish: ${refused.message}`;
      }
      history.replaceState(null, "", `${location.pathname}${route}`);
    } else if (query.has("state")) {
      // Back from logging out at the provider: its state is dropped, and the address cleaned.
      await this.manager.signoutRedirectCallback().catch(() => {});
      history.replaceState(null, "", `${location.pathname}#/`);
    }
    return true;
  }

  /**
   * A login link (#token=...) hands its token over once and leaves the address bar. It never
   * replaces a login in progress: a link someone else sent must not sign this person in as them.
   */
  takeTokenFromLink() {
    const match = location.hash.match(/^#token=([^&]+)/);
    if (!match) return;
    history.replaceState(null, "", `${location.pathname}${location.search}#/`);
    if (!this.token()) sessionStorage.setItem(KEY, decodeURIComponent(match[1]));
  }

  /** The bearer every call carries: the provider's token the server checks, or the pasted one. */
  token() {
    if (this.user)
      return this.options.provider.bearer === "id_token"
        ? this.user.id_token
        : this.user.access_token;
    return sessionStorage.getItem(KEY);
  }

  /** Checks the login with the server; opens the login when there is none or it fails. */
  async start() {
    if (this.user) {
      const refused = await this.identify(this.token(), false);
      if (!refused) return true;
      this.notice = refused;
      await this.forgetProviderLogin();
    } else if (this.token() && !(await this.identify(this.token(), true))) {
      return true;
    }
    this.requireLogin(this.notice);
    return false;
  }

  /** Asks the server who the token stands for: nothing when it holds, else why not, in words. */
  async identify(token, remember) {
    let response;
    try {
      response = await fetch("api/me", {
        headers: { Accept: "application/json", Authorization: `Bearer ${token}` },
      });
    } catch (unreachable) {
      return "The server cannot be reached. Check the connection and try again.";
    }
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      return problem.detail || `The server answered ${response.status}.`;
    }
    if (remember) sessionStorage.setItem(KEY, token);
    this.caller = await response.json();
    this.showCaller();
    this.dispatchEvent(new Event("login"));
    return "";
  }

  /**
   * The server refused the token (expired, revoked), or the provider's login ran out: a provider's
   * login is renewed without the person if it still can be; otherwise log in again, over the page.
   */
  async expired() {
    if (this.renewing) return;
    if (this.user) {
      this.renewing = true;
      try {
        this.user = await this.manager.signinSilent();
        if (this.user) {
          this.dispatchEvent(new Event("renewed"));
          return;
        }
      } catch (ended) {
        // The provider's session is over: a new login is needed.
      } finally {
        this.renewing = false;
      }
      await this.forgetProviderLogin();
    }
    sessionStorage.removeItem(KEY);
    this.caller = null;
    this.showCaller();
    this.requireLogin(
      "Your login has expired or was revoked. Log in again; what you typed is kept.",
      true,
    );
  }

  async forgetProviderLogin() {
    this.user = null;
    await this.manager?.removeUser();
  }

  /** Leaves: the provider's session too when it offers an end-session endpoint, else this page's login only. */
  async logout() {
    const user = this.user;
    this.user = null;
    sessionStorage.removeItem(KEY);
    this.caller = null;
    this.showCaller();
    this.dispatchEvent(new Event("logout"));
    if (user) {
      const endSession = await this.manager.metadataService
        .getEndSessionEndpoint()
        .catch(() => undefined);
      try {
        if (endSession) {
          await this.manager.signoutRedirect({ id_token_hint: user.id_token });
          return;
        }
      } catch (unreachable) {
        // The provider cannot be reached: this page's login is forgotten all the same.
      }
      await this.manager.removeUser();
    }
    this.requireLogin();
  }

  /** Whether the caller's role includes the one named. */
  may(role) {
    return this.caller !== null && ROLES.indexOf(this.caller.role) >= ROLES.indexOf(role);
  }

  showCaller() {
    const who = document.getElementById("who");
    const logout = document.getElementById("logout");
    // Controls marked data-needs="role" are hidden by the stylesheet unless the body says the role is held.
    ROLES.forEach((role) => document.body.classList.toggle(`may-${role}`, this.may(role)));
    if (who) who.textContent = this.caller ? `${this.caller.name} (${this.caller.role})` : "";
    if (logout) logout.hidden = !this.caller;
  }

  /**
   * Opens the login dialog. Over a page with work in it (keepPage), the provider's login happens in
   * a popup, so nothing typed is lost; the first login goes to the provider and back.
   */
  requireLogin(notice = "", keepPage = false) {
    if (this.dialog?.open) {
      this.dialog.querySelector(".login-notice").textContent = notice;
      this.dialog.keepPage ||= keepPage;
      return;
    }
    const error = h("p.login-error", { role: "alert" });
    const parts = [h("h2", {}, "Log in to Vibegrapher"), h("p.login-notice", {}, notice)];
    if (this.manager) {
      parts.push(
        h(
          "button.button.primary.provider-login",
          { type: "button", onclick: () => this.loginAtProvider(error) },
          "Log in with your organisation",
        ),
      );
    }
    let input = null;
    if (this.options.token_login || !this.manager) {
      input = h("input", {
        type: "password",
        name: "token",
        autocomplete: "off",
        required: true,
        "aria-label": "Access token",
        placeholder: "vgp_… or a token from your identity provider",
      });
      if (this.manager) parts.push(h("p.login-or", {}, "or"));
      parts.push(
        h(
          "p",
          {},
          "Paste an access token: the one the server printed on its first start, or one an admin made for you.",
        ),
        input,
        h("div.actions", {}, h("button.button", { type: "submit" }, "Log in with the token")),
      );
    }
    parts.push(error);
    const form = h(
      "form.login",
      {
        method: "dialog",
        onsubmit: async (event) => {
          event.preventDefault();
          if (!input) return;
          error.textContent = "";
          if (!(await this.identify(input.value.trim(), true))) {
            this.closeDialog();
          } else {
            error.textContent =
              "That token was not accepted. Check it, or ask an admin for a new one.";
          }
        },
      },
      parts,
    );
    this.dialog = h("dialog.login-dialog", { "aria-label": "Log in" }, form);
    this.dialog.keepPage = keepPage;
    // Escape would leave the page without a login; the dialog stays until one succeeds.
    this.dialog.addEventListener("cancel", (event) => event.preventDefault());
    document.body.append(this.dialog);
    this.dialog.showModal();
    (input || this.dialog.querySelector(".provider-login")).focus();
  }

  closeDialog() {
    this.dialog?.close();
    this.dialog?.remove();
    this.dialog = null;
  }

  async loginAtProvider(error) {
    error.textContent = "";
    try {
      if (!this.dialog.keepPage) {
        // Back to this route afterwards: the provider returns to the dashboard's address.
        await this.manager.signinRedirect({ state: location.hash || "#/" });
        return;
      }
      this.user = await this.manager.signinPopup({ popupWindowTarget: "vibegrapher-login" });
    } catch (unfinished) {
      error.textContent = `The login at your organisation did not finish: ${unfinished.message}`;
      return;
    }
    const refused = await this.identify(this.token(), false);
    if (refused) {
      error.textContent = refused;
      await this.forgetProviderLogin();
    } else {
      this.closeDialog();
    }
  }
}

/** Whether this window is the login popup a dashboard page of this origin opened. */
function openedByThisDashboard() {
  try {
    return Boolean(
      window.opener &&
        window.opener !== window &&
        window.opener.location.origin === location.origin,
    );
  } catch (otherOrigin) {
    return false;
  }
}

export const auth = new Auth();
